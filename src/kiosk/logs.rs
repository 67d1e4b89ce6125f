//! The kiosk's log on disk and its last words: every log line also goes to a file a day
//! (`caravan-YYYY-MM-DD.log` in the config's `log_dir`), kept `log_keep_days` days and
//! `log_max_mib` in all, oldest first out; a panic is logged with its message, place,
//! backtrace and what the kiosk was showing before the process ends (and its supervisor
//! starts it again).

use super::Screen;
use super::config::KioskConfig;
use crate::exhibits::ActiveExhibit;
use bevy::log::BoxedLayer;
use bevy::log::tracing_subscriber::{Layer, fmt::MakeWriter};
use bevy::prelude::*;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where and how much to log, put in the app before `LogPlugin` builds.
#[derive(Resource, Clone)]
pub(super) struct LogFiles {
    pub dir: PathBuf,
    pub keep_days: u32,
    pub max_bytes: u64,
}

impl LogFiles {
    pub fn from_config(c: &KioskConfig) -> Self {
        let dir = c.log_dir.clone().unwrap_or_else(default_dir);
        Self {
            dir,
            keep_days: c.log_keep_days,
            max_bytes: c.log_max_mib as u64 * 1024 * 1024,
        }
    }
}

fn default_dir() -> PathBuf {
    super::config::state_folder("LOGS_DIRECTORY", "logs").unwrap_or_else(|| PathBuf::from("logs"))
}

/// `LogPlugin::custom_layer`: the file layer, if the folder can be made.
pub(super) fn file_layer(app: &mut App) -> Option<BoxedLayer> {
    let files = app.world().get_resource::<LogFiles>()?.clone();
    if let Err(e) = std::fs::create_dir_all(&files.dir) {
        eprintln!(
            "caravan: cannot write logs to {}: {e} (logging to the terminal only)",
            files.dir.display()
        );
        return None;
    }
    let writer = DailyFiles(Arc::new(Mutex::new(Daily {
        files,
        day: None,
        file: None,
    })));
    Some(
        bevy::log::tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(writer)
            .boxed(),
    )
}

/// Today's file, opened anew when the day (UTC) changes.
struct Daily {
    files: LogFiles,
    day: Option<i64>,
    file: Option<File>,
}

#[derive(Clone)]
struct DailyFiles(Arc<Mutex<Daily>>);

impl Write for DailyFiles {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Ok(mut d) = self.0.lock() else {
            return Ok(buf.len());
        };
        let today = days_since_epoch(std::time::SystemTime::now());
        if d.day != Some(today) || d.file.is_none() {
            d.day = Some(today);
            prune(&d.files, today);
            let path = d.files.dir.join(file_name(today));
            d.file = OpenOptions::new().create(true).append(true).open(path).ok();
        }
        match d.file.as_mut() {
            Some(f) => f.write(buf),
            // A full or gone disk must not stop the kiosk: the line still reaches stderr.
            None => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.lock() {
            Ok(mut d) => d.file.as_mut().map_or(Ok(()), File::flush),
            Err(_) => Ok(()),
        }
    }
}

impl<'a> MakeWriter<'a> for DailyFiles {
    type Writer = DailyFiles;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn days_since_epoch(t: std::time::SystemTime) -> i64 {
    let s = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    s.div_euclid(86_400)
}

fn file_name(day: i64) -> String {
    let (y, m, d) = crate::dates::civil_from_days(day);
    format!("caravan-{y:04}-{m:02}-{d:02}.log")
}

/// Removes the log files older than `keep_days` before `today`, then the oldest until all
/// together fit `max_bytes`. Only files named as this module names them are touched.
fn prune(files: &LogFiles, today: i64) {
    let Ok(rd) = std::fs::read_dir(&files.dir) else {
        return;
    };
    let oldest_kept = file_name(today - files.keep_days as i64 + 1);
    let mut logs: Vec<(String, u64)> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = name.starts_with("caravan-") && name.ends_with(".log") && name.len() == 22;
            ours.then(|| (name, e.metadata().map_or(0, |m| m.len())))
        })
        .collect();
    // The names sort by date.
    logs.sort();
    let remove = |name: &str| {
        let _ = std::fs::remove_file(files.dir.join(name));
    };
    logs.retain(|(name, _)| {
        let keep = name.as_str() >= oldest_kept.as_str();
        if !keep {
            remove(name);
        }
        keep
    });
    let mut total: u64 = logs.iter().map(|l| l.1).sum();
    for (name, size) in &logs {
        if total <= files.max_bytes {
            break;
        }
        remove(name);
        total -= size;
    }
}

/// What the kiosk shows now, for a panic's report (a panic hook cannot reach the world).
static SHOWING: Mutex<String> = Mutex::new(String::new());

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, note_what_shows);
}

fn note_what_shows(screen: Res<State<Screen>>, active: Option<Res<ActiveExhibit>>) {
    let changed = screen.is_changed() || active.as_ref().is_some_and(|a| a.is_changed());
    if changed && let Ok(mut s) = SHOWING.lock() {
        *s = super::showing(screen.get(), active.as_deref());
    }
}

/// The report of a panic, one entry for the log.
pub fn panic_report(message: &str, place: &str, showing: &str, backtrace: &str) -> String {
    format!(
        "the kiosk panicked at {place}: {message} (showing: {showing})\nbacktrace:\n{backtrace}"
    )
}

/// Logs every panic (with what the kiosk was showing) before the default hook runs, and
/// leaves its summary in the state folder for a safe-mode start after it.
pub(super) fn log_panics(state_dir: Option<PathBuf>) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let place = info
            .location()
            .map_or("an unknown place".to_string(), |l| l.to_string());
        let showing = SHOWING.lock().map(|s| s.clone()).unwrap_or_default();
        let bt = std::backtrace::Backtrace::force_capture().to_string();
        let report = panic_report(&message, &place, &showing, &bt);
        error!("{report}");
        if let (Some(dir), Some(first)) = (&state_dir, report.lines().next()) {
            super::safe_mode::record_panic(dir, first);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn day_numbers_become_dates() {
        assert_eq!(crate::dates::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::dates::civil_from_days(-1), (1969, 12, 31));
        // 2000-02-29 (a leap day of a century year) and 2026-11-29.
        assert_eq!(crate::dates::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(crate::dates::civil_from_days(20_786), (2026, 11, 29));
        assert_eq!(file_name(20_786), "caravan-2026-11-29.log");
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("caravan-logs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn old_days_and_the_oldest_over_the_size_cap_go_and_nothing_else() {
        let dir = scratch("prune");
        let today = 20_786;
        for back in 0..10 {
            std::fs::write(dir.join(file_name(today - back)), vec![b'x'; 1000]).unwrap();
        }
        std::fs::write(dir.join("notes.txt"), "not a log").unwrap();
        let files = |keep_days, max_bytes| LogFiles {
            dir: dir.clone(),
            keep_days,
            max_bytes,
        };
        prune(&files(7, 1 << 20), today);
        let left = names(&dir);
        assert_eq!(left.len(), 8, "{left:?}");
        assert_eq!(left[0], file_name(today - 6));
        assert!(left.contains(&"notes.txt".to_string()));
        prune(&files(7, 3000), today);
        assert_eq!(
            names(&dir),
            [
                file_name(today - 2),
                file_name(today - 1),
                file_name(today),
                "notes.txt".into()
            ]
        );
    }

    #[test]
    fn lines_land_in_todays_file() {
        let dir = scratch("write");
        let mut w = DailyFiles(Arc::new(Mutex::new(Daily {
            files: LogFiles {
                dir: dir.clone(),
                keep_days: 7,
                max_bytes: 1 << 20,
            },
            day: None,
            file: None,
        })));
        w.write_all(b"one line\n").unwrap();
        w.flush().unwrap();
        let today = days_since_epoch(std::time::SystemTime::now());
        let text = std::fs::read_to_string(dir.join(file_name(today))).unwrap();
        assert_eq!(text, "one line\n");
    }

    #[test]
    fn a_panic_report_says_what_where_and_what_showed() {
        let r = panic_report(
            "boom",
            "src/x.rs:1:2",
            "screen Exhibit, exhibit music_turntable",
            "0: main",
        );
        assert!(r.contains("src/x.rs:1:2") && r.contains("boom") && r.contains("music_turntable"));
        assert!(r.contains("backtrace:\n0: main"));
    }
}
