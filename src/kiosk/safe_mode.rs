//! Crash-loop safe mode. Every start of the kiosk is written down in its state folder; one
//! that runs a stable minute wipes the list. When the list holds `safe_mode_starts` starts
//! (3) within `safe_mode_within_s` seconds (60), the kiosk is crashing as soon as it starts,
//! likely on a pack or a setting staff just changed: it starts in safe mode, with the built-in
//! pack only (the attract loop, the launcher and its exhibits), and the operator screen says
//! why, with the last panic and the load problems of the start before. A stable minute in
//! safe mode wipes the list, so the next start (after staff fixed the pack) is normal again.

use super::config::KioskConfig;
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// Seconds the kiosk must run for its start to count as good.
pub const STABLE_S: f64 = 60.0;

const STARTS_FILE: &str = "recent-starts";
const PANIC_FILE: &str = "last-panic.txt";
const LOAD_FILE: &str = "last-load-problems.txt";

/// Present when the kiosk started in safe mode: why, for the operator.
#[derive(Resource, Clone, Debug)]
pub struct SafeMode(pub String);

/// The state folder of a running kiosk, whose starts are counted (absent in tests, fuzz,
/// soak and screenshots, which must not touch a real kiosk's list).
#[derive(Resource, Clone)]
pub struct StateDir(pub PathBuf);

/// `state_dir` in the config, else systemd's `$STATE_DIRECTORY`, else
/// `$XDG_STATE_HOME/caravan` (`~/.local/state/caravan`).
pub fn state_dir(config: &KioskConfig) -> PathBuf {
    config
        .state_dir
        .clone()
        .or_else(|| super::config::state_folder("STATE_DIRECTORY", ""))
        .unwrap_or_else(|| PathBuf::from("state"))
}

/// Seconds since the Unix epoch.
pub fn now_s() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Writes this start down; `Some(why)` when the kiosk should start in safe mode. A folder
/// that cannot be written never stops the kiosk: it starts normally.
pub fn on_start(dir: &Path, now: f64, config: &KioskConfig) -> Option<String> {
    let file = dir.join(STARTS_FILE);
    let mut starts: Vec<f64> = std::fs::read_to_string(&file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .filter(|t: &f64| t.is_finite() && now - t >= 0.0 && now - t <= config.safe_mode_within_s)
        .collect();
    starts.push(now);
    let text: String = starts.iter().map(|t| format!("{t:.3}\n")).collect();
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&file, text)) {
        warn!(
            "cannot write {}: {e} (crash-loop safe mode is off)",
            file.display()
        );
        return None;
    }
    if starts.len() < config.safe_mode_starts as usize {
        return None;
    }
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
    let mut why = format!(
        "safe mode: the kiosk started {} times within {:.0} s without running a minute, so it shows the built-in pack only. Fix what is below, then restart it.",
        starts.len(),
        config.safe_mode_within_s
    );
    let panic = read(PANIC_FILE);
    match panic.lines().next() {
        Some(first) => why.push_str(&format!("\nlast panic: {first}")),
        None => why.push_str(
            "\nno panic was recorded: it may have hung (the watchdog restarts a kiosk that stops answering)",
        ),
    }
    for l in read(LOAD_FILE).lines().take(5) {
        why.push_str(&format!("\nat the start before: {l}"));
    }
    Some(why)
}

/// The load problems of this start, for the operator of a safe-mode start after it.
pub fn record_load_problems(dir: &Path, problems: &[String]) {
    let _ = std::fs::write(dir.join(LOAD_FILE), problems.join("\n"));
}

/// A panic's one-line summary, for the operator of a safe-mode start after it.
pub fn record_panic(dir: &Path, summary: &str) {
    let _ = std::fs::write(dir.join(PANIC_FILE), summary);
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, stable_minute.run_if(resource_exists::<StateDir>));
}

/// After a stable minute, the list of starts (and the last panic) is wiped.
fn stable_minute(time: Res<Time<Real>>, dir: Res<StateDir>, mut done: Local<bool>) {
    if *done || time.elapsed_secs_f64() < STABLE_S {
        return;
    }
    *done = true;
    for f in [STARTS_FILE, PANIC_FILE] {
        let _ = std::fs::remove_file(dir.0.join(f));
    }
    info!("a stable minute: the crash-loop count starts again");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_starts_within_a_minute_make_safe_mode_and_a_stable_minute_ends_it() {
        let dir = std::env::temp_dir().join(format!("caravan-safe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let c = KioskConfig::default();
        assert_eq!(on_start(&dir, 1000.0, &c), None);
        assert_eq!(on_start(&dir, 1020.0, &c), None);
        record_panic(
            &dir,
            "the kiosk panicked at src/x.rs:1:2: boom (showing: Launcher)",
        );
        let why = on_start(&dir, 1040.0, &c).expect("the third start in 40 s");
        assert!(
            why.contains("3 times within 60 s") && why.contains("boom"),
            "{why}"
        );
        // Starts further apart than the window do not add up.
        let dir2 = dir.join("apart");
        for t in [0.0, 70.0, 140.0, 210.0] {
            assert_eq!(on_start(&dir2, t, &c), None, "{t}");
        }
        // A stable minute wipes the list: the next start is normal.
        let mut app = App::new();
        app.add_plugins(MinimalPlugins);
        app.insert_resource(StateDir(dir.clone()));
        plugin(&mut app);
        app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
            std::time::Duration::from_secs(61),
        ));
        app.update();
        app.update();
        assert_eq!(on_start(&dir, 1050.0, &c), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
