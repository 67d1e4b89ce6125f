//! `caravan report [--db FILE]... [--from DATE] [--to DATE] [--by day|exhibit|language]
//! [--format table|csv|json]`: the usage figures of one kiosk, or of several together (the
//! files copied from each), per exhibit, UTC day or language, and for all. Exit 2 on a bad
//! argument, 1 when a database cannot be read.

use crate::kiosk::config::KioskConfig;
use crate::usage::Db;
use crate::usage::report::{By, csv, json, rows, table};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// `caravan report`'s arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// A usage database; several are merged. None: this kiosk's own, `usage.sqlite` in the
    /// state folder of `--config`.
    #[arg(long = "db", value_name = "FILE")]
    pub dbs: Vec<PathBuf>,
    /// The kiosk's config, to find its state folder (default `config/kiosk.ron`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// First day (UTC, YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (UTC, YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t = By::Exhibit)]
    pub by: By,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

pub fn run(a: &Args, out: &mut impl Write, err: &mut impl Write) -> i32 {
    for (flag, d) in [("--from", &a.from), ("--to", &a.to)] {
        if let Some(d) = d
            && !is_date(d)
        {
            let _ = writeln!(
                err,
                "caravan report: {flag} takes a day, YYYY-MM-DD (got {d:?})"
            );
            return 2;
        }
    }
    let dbs = if a.dbs.is_empty() {
        let path = a
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from("config/kiosk.ron"));
        let (config, _) = KioskConfig::load(&path);
        vec![crate::kiosk::safe_mode::state_dir(&config).join(crate::kiosk::USAGE_DB)]
    } else {
        a.dbs.clone()
    };
    let mut sessions = Vec::new();
    for path in &dbs {
        match Db::open_read(path).and_then(|db| {
            db.sessions(a.from.as_deref(), a.to.as_deref())
                .map_err(|e| format!("{}: {e}", path.display()))
        }) {
            Ok(s) => sessions.extend(s),
            Err(e) => {
                let _ = writeln!(err, "caravan report: {e}");
                return 1;
            }
        }
    }
    let (rows, languages) = rows(&sessions, a.by);
    let text = match a.format {
        Format::Table => table(&rows, a.by, &languages),
        Format::Csv => csv(&rows, a.by, &languages),
        Format::Json => json(&rows, a.by),
    };
    let _ = out.write_all(text.as_bytes());
    0
}
