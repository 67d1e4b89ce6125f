//! `config/kiosk.ron`: checked like descriptors; a bad file falls back to the defaults, with
//! the error in the log and on the operator's attention list, never a blank screen.

use super::opening_hours::{OpeningHours, parse_hhmm};
use crate::descriptor::{Action, Diagnostic, parse_ron, read_source};
use crate::problems::Problems;
use bevy::input::gamepad::GamepadButton;
use bevy::prelude::{KeyCode, Resource};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Resource)]
#[serde(deny_unknown_fields, default)]
pub struct KioskConfig {
    pub languages: Vec<String>,
    pub default_language: String,
    /// Seconds without input before "still there?".
    pub idle_s: f64,
    /// Seconds of the "still there?" countdown.
    pub countdown_s: f64,
    /// Loudness cap, 0–1.
    pub volume_cap: f64,
    pub attract_muted: bool,
    pub fullscreen: bool,
    pub window_size: (u32, u32),
    /// Pixels per inch of the screen (a 21.5" 1080p panel: 102). The kiosk scales its UI so
    /// that every touch target is at least [`MIN_TARGET_MM`] across on it.
    pub dpi: f64,
    /// Pack folders to load besides `--pack`; none = the built-in pack.
    pub packs: Vec<PathBuf>,
    /// What this kiosk shows, in this order: `[Pack("exhibits-optics"), Exhibit("bernoulli_cups")]`
    /// (a pack by its folder's name, an exhibit by its id); none (the default): everything
    /// loaded. The operator screen says what it hides.
    pub show: Option<Vec<crate::pack::Show>>,
    /// Gamepad / arcade buttons (gilrs names: South, East, North, West, Start, Select,
    /// DPadUp, DPadDown, DPadLeft, DPadRight, LeftTrigger, RightTrigger) → kiosk actions.
    pub gamepad: BTreeMap<String, Action>,
    /// Keyboard keys (Space, Enter, Escape, ArrowLeft, ArrowRight, ArrowUp, ArrowDown, Home,
    /// Backspace, KeyB) → kiosk actions, for development.
    pub keyboard: BTreeMap<String, Action>,
    /// SHA-256 (hex) of the operator PIN: `printf 2468 | sha256sum`. Change it for every kiosk.
    /// Empty (the default): no PIN opens the operator screen.
    pub operator_pin_sha256: String,
    /// Where the daily log files go; none: `$LOGS_DIRECTORY` (systemd's `LogsDirectory=`),
    /// else `$XDG_STATE_HOME/caravan/logs` (`~/.local/state/caravan/logs`).
    pub log_dir: Option<PathBuf>,
    /// Days of log files kept.
    pub log_keep_days: u32,
    /// The most all log files together may take, MiB: the oldest go first.
    pub log_max_mib: u32,
    /// Where the kiosk keeps its state (the crash-loop count, the usage database); none:
    /// `$STATE_DIRECTORY` (systemd's `StateDirectory=`), else `$XDG_STATE_HOME/caravan`.
    pub state_dir: Option<PathBuf>,
    /// Crash-loop safe mode: this many starts within `safe_mode_within_s` seconds, none of
    /// which ran a stable minute, and the kiosk starts with the built-in pack only.
    pub safe_mode_starts: u32,
    pub safe_mode_within_s: f64,
    /// The Prometheus endpoint's address, e.g. `"127.0.0.1:9469"`; none (the default): no
    /// endpoint. Only a loopback address unless `metrics_remote` is true.
    pub metrics_listen: Option<String>,
    pub metrics_remote: bool,
    /// Apply a changed pack at once, even under a visitor's fingers (for exhibit authors
    /// watching their saves); false (the default): at the next attract loop or launcher.
    pub reload_at_once: bool,
    /// When the museum is open, local time: `(open: "09:00", close: "17:00")`. Outside
    /// these hours the kiosk rests on a dark screen with no exhibit running (see
    /// `kiosk::hours`); none (the default): it never rests.
    pub opening_hours: Option<OpeningHours>,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            languages: vec!["zh-CN".into(), "en".into()],
            default_language: "zh-CN".into(),
            idle_s: 90.0,
            countdown_s: 10.0,
            volume_cap: 0.8,
            attract_muted: true,
            fullscreen: true,
            window_size: (1280, 800),
            dpi: 102.0,
            packs: Vec::new(),
            show: None,
            gamepad: [
                ("South", Action::Blow),
                ("East", Action::Back),
                ("North", Action::Select),
                ("Start", Action::Home),
                ("DPadLeft", Action::Left),
                ("DPadRight", Action::Right),
                ("DPadUp", Action::Up),
                ("DPadDown", Action::Down),
            ]
            .into_iter()
            .map(|(k, a)| (k.to_string(), a))
            .collect(),
            keyboard: [
                ("Space", Action::Blow),
                ("Enter", Action::Select),
                ("Escape", Action::Back),
                ("Home", Action::Home),
                ("ArrowLeft", Action::Left),
                ("ArrowRight", Action::Right),
                ("ArrowUp", Action::Up),
                ("ArrowDown", Action::Down),
            ]
            .into_iter()
            .map(|(k, a)| (k.to_string(), a))
            .collect(),
            // No PIN: a kiosk whose config sets none (or a broken config) keeps its operator
            // screen locked rather than open to a PIN printed in the README.
            operator_pin_sha256: String::new(),
            log_dir: None,
            log_keep_days: 30,
            log_max_mib: 200,
            state_dir: None,
            safe_mode_starts: 3,
            safe_mode_within_s: 60.0,
            metrics_listen: None,
            metrics_remote: false,
            reload_at_once: false,
            opening_hours: None,
        }
    }
}

/// The smallest a touch target may be on the glass, mm (a child's fingertip).
pub const MIN_TARGET_MM: f64 = 15.0;

/// The UI scale that makes a `target_px` logical-pixel button at least [`MIN_TARGET_MM`] on a
/// screen of `dpi` whose window has `scale_factor` physical pixels per logical one; never
/// below 1 (the layout is drawn for at least its designed size).
pub fn ui_scale(dpi: f64, scale_factor: f64, target_px: f64) -> f64 {
    let need_px = MIN_TARGET_MM / 25.4 * dpi;
    (need_px / (target_px * scale_factor)).max(1.0)
}

/// What `operator_pin_sha256` holds for `pin`: its SHA-256 in lowercase hex.
pub fn pin_hash(pin: &str) -> String {
    Sha256::digest(pin.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The gamepad / arcade buttons a config can map, by their gilrs names.
pub const GAMEPAD_BUTTONS: [(&str, GamepadButton); 12] = [
    ("South", GamepadButton::South),
    ("East", GamepadButton::East),
    ("North", GamepadButton::North),
    ("West", GamepadButton::West),
    ("Start", GamepadButton::Start),
    ("Select", GamepadButton::Select),
    ("DPadUp", GamepadButton::DPadUp),
    ("DPadDown", GamepadButton::DPadDown),
    ("DPadLeft", GamepadButton::DPadLeft),
    ("DPadRight", GamepadButton::DPadRight),
    ("LeftTrigger", GamepadButton::LeftTrigger),
    ("RightTrigger", GamepadButton::RightTrigger),
];

/// The keys a config can map (development and staff keyboards).
pub const KEYS: [(&str, KeyCode); 10] = [
    ("Space", KeyCode::Space),
    ("Enter", KeyCode::Enter),
    ("Escape", KeyCode::Escape),
    ("ArrowLeft", KeyCode::ArrowLeft),
    ("ArrowRight", KeyCode::ArrowRight),
    ("ArrowUp", KeyCode::ArrowUp),
    ("ArrowDown", KeyCode::ArrowDown),
    ("Home", KeyCode::Home),
    ("Backspace", KeyCode::Backspace),
    ("KeyB", KeyCode::KeyB),
];

/// The entry of `name` in a name table.
pub fn named<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

fn names<T>(table: &[(&str, T)]) -> String {
    table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

pub const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// Where the kiosk keeps a kind of state: `$<systemd_var>` as the unit's `LogsDirectory=` or
/// `StateDirectory=` sets it, else `$XDG_STATE_HOME/caravan/<sub>`, else
/// `~/.local/state/caravan/<sub>`; `None` when none of them is set.
pub fn state_folder(systemd_var: &str, sub: &str) -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let caravan = |base: PathBuf| {
        let d = base.join("caravan");
        if sub.is_empty() { d } else { d.join(sub) }
    };
    env(systemd_var)
        .or_else(|| env("XDG_STATE_HOME").map(caravan))
        .or_else(|| env("HOME").map(|h| caravan(h.join(".local/state"))))
}

impl KioskConfig {
    /// The metrics endpoint's address, when one is set and valid.
    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        let a: std::net::SocketAddr = self.metrics_listen.as_ref()?.parse().ok()?;
        (a.ip().is_loopback() || self.metrics_remote).then_some(a)
    }

    pub fn check(&self) -> Problems {
        let mut p = Problems::default();
        if self.languages.is_empty() {
            p.push("languages", "list at least one language: zh-CN, en");
        }
        for (i, l) in self.languages.iter().enumerate() {
            if !LANGUAGES.contains(&l.as_str()) {
                p.push(
                    format!("languages[{i}]"),
                    format!("`{l}` is not a kiosk language: use zh-CN or en"),
                );
            }
        }
        if !self.languages.contains(&self.default_language) {
            p.push(
                "default_language",
                format!("`{}` is not in `languages`", self.default_language),
            );
        }
        p.range("idle_s", self.idle_s, 10.0, 3600.0, "s");
        p.range("countdown_s", self.countdown_s, 3.0, 120.0, "s");
        p.range("volume_cap", self.volume_cap, 0.0, 1.0, "");
        p.range_int("log_keep_days", self.log_keep_days as i64, 1, 3650);
        p.range_int("log_max_mib", self.log_max_mib as i64, 1, 100_000);
        p.range_int("safe_mode_starts", self.safe_mode_starts as i64, 2, 100);
        p.range(
            "safe_mode_within_s",
            self.safe_mode_within_s,
            10.0,
            86_400.0,
            "s",
        );
        if let Some(listen) = &self.metrics_listen {
            match listen.parse::<std::net::SocketAddr>() {
                Err(_) => p.push(
                    "metrics_listen",
                    format!(
                        "`{}` is not an address and port: write e.g. \"127.0.0.1:9469\"",
                        crate::problems::one_line(listen)
                    ),
                ),
                Ok(a) if !a.ip().is_loopback() && !self.metrics_remote => p.push(
                    "metrics_listen",
                    format!(
                        "{a} can be reached from other machines: set `metrics_remote: true` as well if that is meant, or listen on 127.0.0.1"
                    ),
                ),
                Ok(_) => {}
            }
        }
        for k in self.gamepad.keys() {
            if named(&GAMEPAD_BUTTONS, k).is_none() {
                p.push(
                    format!("gamepad.{k}"),
                    format!(
                        "`{k}` is not a gamepad button: use one of {}",
                        names(&GAMEPAD_BUTTONS)
                    ),
                );
            }
        }
        for k in self.keyboard.keys() {
            if named(&KEYS, k).is_none() {
                p.push(
                    format!("keyboard.{k}"),
                    format!("`{k}` is not a mapped key: use one of {}", names(&KEYS)),
                );
            }
        }
        let pin = &self.operator_pin_sha256;
        if !pin.is_empty() && (pin.len() != 64 || !pin.chars().all(|c| c.is_ascii_hexdigit())) {
            p.push(
                "operator_pin_sha256",
                "not a SHA-256: write 64 hex digits, e.g. from `printf 1234 | sha256sum`",
            );
        }
        if let Some(h) = &self.opening_hours {
            for (field, v) in [("open", &h.open), ("close", &h.close)] {
                if parse_hhmm(v).is_none() {
                    p.push(
                        format!("opening_hours.{field}"),
                        format!(
                            "`{}` is not a time of day: write HH:MM, 24-hour, e.g. \"09:00\" or \"17:30\"",
                            crate::problems::one_line(v)
                        ),
                    );
                }
            }
            if h.times().is_some_and(|(o, c)| o == c) {
                p.push(
                    "opening_hours.close",
                    "the same as `open`: the kiosk would never be open (leave `opening_hours` out to keep it always on)",
                );
            }
        }
        if let Some(show) = &self.show {
            if show.is_empty() {
                p.push("show", "list what the kiosk shows (a `Pack(\"folder\")` or an `Exhibit(\"id\")`), or leave `show` out to show everything");
            }
            for (i, e) in show.iter().enumerate() {
                let (crate::pack::Show::Pack(x) | crate::pack::Show::Exhibit(x)) = e;
                if x.trim().is_empty() {
                    p.push(
                        format!("show[{i}]"),
                        "name a pack's folder or an exhibit's id",
                    );
                }
            }
        }
        p.range("dpi", self.dpi, 50.0, 600.0, "pixels per inch");
        p.range_int("window_size.0", self.window_size.0 as i64, 320, 8192);
        p.range_int("window_size.1", self.window_size.1 as i64, 240, 8192);
        p
    }

    /// `p`'s problems placed at their lines in the config file at `path` (for what only the
    /// loaded packs can tell: a `show` entry that names nothing).
    pub fn located(path: &Path, p: Problems) -> Vec<Diagnostic> {
        match read_source(path, 64 * 1024).and_then(|src| parse_ron::<KioskConfig>(path, &src)) {
            Ok((_, locs)) => locs.diagnostics(path, p),
            Err(d) => vec![d],
        }
    }

    /// The config at `path`, or the defaults and what was wrong with the file.
    pub fn load(path: &Path) -> (KioskConfig, Vec<Diagnostic>) {
        if !path.exists() {
            return (KioskConfig::default(), Vec::new());
        }
        let parsed =
            read_source(path, 64 * 1024).and_then(|src| parse_ron::<KioskConfig>(path, &src));
        match parsed {
            Err(d) => (KioskConfig::default(), vec![d]),
            Ok((c, locs)) => {
                let p = c.check();
                if p.is_empty() {
                    (c, Vec::new())
                } else {
                    (KioskConfig::default(), locs.diagnostics(path, p))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_listen_only_on_loopback_unless_the_config_says_so() {
        let with = |listen: &str, remote: bool| KioskConfig {
            metrics_listen: Some(listen.into()),
            metrics_remote: remote,
            ..KioskConfig::default()
        };
        assert_eq!(KioskConfig::default().metrics_addr(), None);
        let c = with("127.0.0.1:9469", false);
        assert!(c.check().is_empty());
        assert_eq!(c.metrics_addr(), Some("127.0.0.1:9469".parse().unwrap()));
        let c = with("0.0.0.0:9469", false);
        assert!(c.check().items[0].message.contains("metrics_remote: true"));
        assert_eq!(c.metrics_addr(), None);
        assert!(with("0.0.0.0:9469", true).check().is_empty());
        let c = with("localhost", false);
        assert!(
            c.check().items[0]
                .message
                .contains("not an address and port")
        );
        assert_eq!(c.metrics_addr(), None);
    }

    #[test]
    fn touch_targets_are_15_mm_at_the_configured_dpi() {
        // 72 px on a 21.5" 1080p panel (102 dpi) is 17.9 mm: no scaling needed.
        assert_eq!(ui_scale(102.0, 1.0, 72.0), 1.0);
        // A 15.6" 1080p panel (141 dpi), and a 4K 27" (163 dpi) at scale factor 1 and 2.
        for (dpi, sf) in [(141.0, 1.0), (163.0, 1.0), (163.0, 2.0), (300.0, 1.5)] {
            let k = ui_scale(dpi, sf, 72.0);
            let mm = 72.0 * k * sf / dpi * 25.4;
            assert!(mm >= MIN_TARGET_MM - 1e-9, "{dpi} dpi ×{sf}: {mm} mm");
            assert!(k == 1.0 || (mm - MIN_TARGET_MM).abs() < 1e-9);
        }
    }

    #[test]
    fn pin_hash_is_sha256_hex() {
        assert_eq!(
            pin_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
