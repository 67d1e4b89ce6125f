//! Usage figures: the sessions visitors had at each exhibit, and the kiosk's own events, in
//! an SQLite file in the state folder (`usage.sqlite`). Plain Rust over rusqlite: the kiosk
//! writes through [`writer`], `caravan report` reads through [`Db::sessions`].
//!
//! Schema (version 1, kept in `PRAGMA user_version`; each later version is one more entry in
//! [`MIGRATIONS`], applied in order in one transaction):
//!
//! - `sessions`: one row per visitor session at one exhibit. `started_at`, `ended_at`: UTC,
//!   ISO 8601 (`2026-11-29T09:14:03.250Z`); `exhibit`, `pack_version`, `language` (`zh-CN`,
//!   `en`); `interactions` (touches and presses that began during it); `ended_by` (`home`,
//!   `idle_reset`, `language`, `reload`, `quit`); `dwell_s`: seconds of use: to the end, or
//!   for an idle reset to the last interaction (the idle tail and countdown are not use).
//! - `kiosk_events`: `at`, `kind` (`start`, `safe_start`, `pack_load`, `pack_refused`),
//!   `detail`.
//!
//! Opened in WAL mode with `synchronous = NORMAL`: a crash or `kill -9` loses at most the
//! last uncommitted batch and never corrupts the file.

pub mod report;
pub mod writer;

use rusqlite::{Connection, params};
use std::path::Path;

/// Each schema version's SQL, from version 1 up.
pub const MIGRATIONS: &[&str] = &["
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    exhibit TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    language TEXT NOT NULL,
    interactions INTEGER NOT NULL,
    ended_by TEXT NOT NULL,
    dwell_s REAL NOT NULL
);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE TABLE kiosk_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
"];

/// One visitor session at one exhibit.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub started_at: String,
    pub ended_at: String,
    pub exhibit: String,
    pub pack_version: String,
    pub language: String,
    pub interactions: u64,
    pub ended_by: String,
    pub dwell_s: f64,
}

/// Something the kiosk itself did.
#[derive(Debug, Clone, PartialEq)]
pub struct KioskEvent {
    pub at: String,
    pub kind: String,
    pub detail: String,
}

pub struct Db(Connection);

impl Db {
    /// Opens (creating it and its folder if need be) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Db, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let at = |e: rusqlite::Error| format!("{}: {e}", path.display());
        let c = Connection::open(path).map_err(at)?;
        c.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(at)?;
        c.pragma_update(None, "journal_mode", "WAL").map_err(at)?;
        c.pragma_update(None, "synchronous", "NORMAL").map_err(at)?;
        let mut db = Db(c);
        db.migrate().map_err(at)?;
        let version: i64 =
            db.0.pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(at)?;
        if version as usize != MIGRATIONS.len() {
            return Err(format!(
                "{}: written by a newer Caravan (schema {version}; this one writes {}): move it aside or update the kiosk",
                path.display(),
                MIGRATIONS.len()
            ));
        }
        Ok(db)
    }

    /// Opens an existing database to read, never creating or changing it.
    pub fn open_read(path: &Path) -> Result<Db, String> {
        let at = |e: rusqlite::Error| format!("{}: {e}", path.display());
        if !path.is_file() {
            return Err(format!("{}: no such database", path.display()));
        }
        let c = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(at)?;
        let version: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(at)?;
        if version <= 0 || version as usize > MIGRATIONS.len() {
            return Err(format!(
                "{}: not a Caravan usage database this version reads (schema {version}; this one reads 1 to {})",
                path.display(),
                MIGRATIONS.len()
            ));
        }
        Ok(Db(c))
    }

    fn migrate(&mut self) -> rusqlite::Result<()> {
        let version: i64 = self
            .0
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tx = self.0.transaction()?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.commit()
    }

    /// Writes a batch in one transaction: all of it or, after a crash, none.
    pub fn write(&mut self, sessions: &[Session], events: &[KioskEvent]) -> rusqlite::Result<()> {
        let tx = self.0.transaction()?;
        for s in sessions {
            tx.execute(
                "INSERT INTO sessions (started_at, ended_at, exhibit, pack_version, language, interactions, ended_by, dwell_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    s.started_at,
                    s.ended_at,
                    s.exhibit,
                    s.pack_version,
                    s.language,
                    s.interactions as i64,
                    s.ended_by,
                    s.dwell_s
                ],
            )?;
        }
        for e in events {
            tx.execute(
                "INSERT INTO kiosk_events (at, kind, detail) VALUES (?1, ?2, ?3)",
                params![e.at, e.kind, e.detail],
            )?;
        }
        tx.commit()
    }

    /// Sessions that started on a UTC day from `from` to `to` (inclusive, `YYYY-MM-DD`).
    pub fn sessions(&self, from: Option<&str>, to: Option<&str>) -> rusqlite::Result<Vec<Session>> {
        let mut q = self.0.prepare(
            "SELECT started_at, ended_at, exhibit, pack_version, language, interactions, ended_by, dwell_s
             FROM sessions
             WHERE (?1 IS NULL OR substr(started_at, 1, 10) >= ?1)
               AND (?2 IS NULL OR substr(started_at, 1, 10) <= ?2)
             ORDER BY started_at",
        )?;
        let rows = q.query_map(params![from, to], |r| {
            Ok(Session {
                started_at: r.get(0)?,
                ended_at: r.get(1)?,
                exhibit: r.get(2)?,
                pack_version: r.get(3)?,
                language: r.get(4)?,
                interactions: r.get::<_, i64>(5)?.max(0) as u64,
                ended_by: r.get(6)?,
                dwell_s: r.get(7)?,
            })
        })?;
        rows.collect()
    }

    pub fn events(&self) -> rusqlite::Result<Vec<KioskEvent>> {
        let mut q = self
            .0
            .prepare("SELECT at, kind, detail FROM kiosk_events ORDER BY id")?;
        let rows = q.query_map([], |r| {
            Ok(KioskEvent {
                at: r.get(0)?,
                kind: r.get(1)?,
                detail: r.get(2)?,
            })
        })?;
        rows.collect()
    }

    /// `PRAGMA integrity_check`'s answer: "ok" for a sound file.
    pub fn integrity(&self) -> rusqlite::Result<String> {
        self.0
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
    }
}

pub use crate::dates::iso_utc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_at_the_latest_schema_and_reopens() {
        let path =
            std::env::temp_dir().join(format!("caravan-usage-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut db = Db::open(&path).unwrap();
        let s = Session {
            started_at: iso_utc(1_795_000_000.0),
            ended_at: iso_utc(1_795_000_060.0),
            exhibit: "bernoulli_cups".into(),
            pack_version: "1.0.0".into(),
            language: "en".into(),
            interactions: 12,
            ended_by: "home".into(),
            dwell_s: 60.0,
        };
        db.write(std::slice::from_ref(&s), &[]).unwrap();
        drop(db);
        let db = Db::open_read(&path).unwrap();
        assert_eq!(db.sessions(None, None).unwrap(), vec![s]);
        assert!(db.sessions(Some("2026-11-19"), None).unwrap().is_empty());
        assert_eq!(db.integrity().unwrap(), "ok");
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
}
