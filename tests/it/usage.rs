//! Usage figures: the report's numbers on databases with known sessions, the kiosk's own
//! recording, and the database surviving `kill -9` mid-write.

use crate::support::*;
use caravan::usage::{Db, Session, iso_utc};
use std::path::{Path, PathBuf};

/// 2026-11-18T00:00:00Z (`date -u -d 2026-11-18 +%s`)
const DAY0: f64 = 1_794_960_000.0;

fn session(
    day: f64,
    start_s: f64,
    exhibit: &str,
    lang: &str,
    dwell: f64,
    n: u64,
    end: &str,
) -> Session {
    let t = DAY0 + day * 86_400.0 + start_s;
    Session {
        started_at: iso_utc(t),
        ended_at: iso_utc(t + dwell + if end == "idle_reset" { 100.0 } else { 0.0 }),
        exhibit: exhibit.into(),
        pack_version: "1.0.0".into(),
        language: lang.into(),
        interactions: n,
        ended_by: end.into(),
        dwell_s: dwell,
    }
}

fn db_with(name: &str, sessions: &[Session]) -> PathBuf {
    let path = scratch(name).join("usage.sqlite");
    Db::open(&path).unwrap().write(sessions, &[]).unwrap();
    path
}

fn report(dbs: &[&Path], extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["report".to_string()];
    for d in dbs {
        args.push("--db".into());
        args.push(d.to_str().unwrap().into());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = caravan(&args);
    (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
}

#[test]
fn the_report_merges_kiosks_and_gets_every_figure_exactly() {
    // Kiosk 1: cups 30, 50, 70, 90 s (one idle reset), one turntable session in English.
    let k1 = db_with(
        "usage-k1",
        &[
            session(0.0, 36_000.0, "bernoulli_cups", "zh-CN", 30.0, 4, "home"),
            session(0.0, 36_100.0, "bernoulli_cups", "zh-CN", 50.0, 6, "home"),
            session(0.0, 36_200.0, "bernoulli_cups", "en", 70.0, 8, "idle_reset"),
            session(
                1.0,
                36_300.0,
                "bernoulli_cups",
                "zh-CN",
                90.0,
                10,
                "language",
            ),
            session(1.0, 40_000.0, "music_turntable", "en", 120.0, 20, "home"),
        ],
    );
    // Kiosk 2: one more cups session, 200 s.
    let k2 = db_with(
        "usage-k2",
        &[session(
            1.0,
            50_000.0,
            "bernoulli_cups",
            "zh-CN",
            200.0,
            2,
            "idle_reset",
        )],
    );
    let (code, out, err) = report(&[&k1, &k2], &["--by", "exhibit", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    // Cups: 30 50 70 90 200 → median 70, p90 = 5th of 5 = 200, (4+6+8+10+2)/5 = 6,
    // idle resets 2/5, zh-CN 4/5. All six: median (70+90)/2, p90 = ⌈5.4⌉ = 6th = 200.
    assert_eq!(
        out,
        "exhibit,sessions,median_dwell_s,p90_dwell_s,interactions_per_session,idle_reset_pct,en_pct,zh-CN_pct\n\
         bernoulli_cups,5,70.0,200.0,6.00,40.0,20.0,80.0\n\
         music_turntable,1,120.0,120.0,20.00,0.0,100.0,0.0\n\
         all,6,80.0,200.0,8.33,33.3,33.3,66.7\n"
    );
    let (_, out, _) = report(&[&k1, &k2], &["--by", "day", "--format", "csv"]);
    assert_eq!(
        out,
        "day,sessions,median_dwell_s,p90_dwell_s,interactions_per_session,idle_reset_pct,en_pct,zh-CN_pct\n\
         2026-11-18,3,50.0,70.0,6.00,33.3,33.3,66.7\n\
         2026-11-19,3,120.0,200.0,10.67,33.3,33.3,66.7\n\
         all,6,80.0,200.0,8.33,33.3,33.3,66.7\n"
    );
    // A day range, by language, as JSON.
    let (_, out, _) = report(
        &[&k1, &k2],
        &[
            "--by",
            "language",
            "--from",
            "2026-11-19",
            "--to",
            "2026-11-19",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["by"], "language");
    assert_eq!(v["rows"][0]["language"], "en");
    assert_eq!(v["rows"][0]["sessions"], 1);
    assert_eq!(v["rows"][1]["language"], "zh-CN");
    assert_eq!(v["rows"][1]["median_dwell_s"], 145.0);
    assert_eq!(v["rows"][2]["sessions"], 3);
    // The table lines up.
    let (_, out, _) = report(&[&k1], &[]);
    assert!(out.starts_with("exhibit "), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("all ") && l.contains(" 5 ")),
        "{out}"
    );
}

#[test]
fn the_report_refuses_bad_days_and_missing_or_foreign_files() {
    let k = db_with("usage-bad", &[]);
    for bad in ["2026-13-01", "yesterday", "2026-1-01"] {
        let (code, _, err) = report(&[&k], &["--from", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("--from takes a day, YYYY-MM-DD"), "{err}");
    }
    let (code, _, err) = report(&[Path::new("/nonexistent/usage.sqlite")], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("no such database"), "{err}");
    let foreign = scratch("usage-foreign").join("other.sqlite");
    std::fs::write(&foreign, b"SQLite format 3\0 but not really").unwrap();
    let (code, _, err) = report(&[&foreign], &[]);
    assert_eq!(code, 1, "{err}");
}

/// The child of the kill test: writes sessions as the kiosk's writer does, forever.
#[test]
fn usage_writer_child() {
    let Some(path) = std::env::var_os("CARAVAN_USAGE_CHILD") else {
        return;
    };
    let w = caravan::usage::writer::Writer::start(Path::new(&path)).unwrap();
    for i in 0.. {
        w.send(caravan::usage::writer::Record::Session(session(
            0.0,
            i as f64,
            "bernoulli_cups",
            "en",
            1.0,
            i,
            "home",
        )));
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
}

#[test]
fn kill_9_mid_write_never_corrupts_the_database() {
    let path = scratch("usage-kill").join("usage.sqlite");
    let mut rng = caravan::ops::fuzz::Rng::new(9);
    let mut before = 0;
    for round in 0..8 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "usage::usage_writer_child", "--nocapture"])
            .env("CARAVAN_USAGE_CHILD", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Long enough for several commits, at a random point within one.
        let ms = 1_300 + (rng.unit() * 1_000.0) as u64;
        std::thread::sleep(std::time::Duration::from_millis(ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let db = Db::open_read(&path).unwrap();
        assert_eq!(db.integrity().unwrap(), "ok", "round {round}");
        let n = db.sessions(None, None).unwrap().len();
        // Each run committed at least its first second's sessions.
        assert!(n > before, "round {round}: {n} rows after {before}");
        before = n;
    }
}
