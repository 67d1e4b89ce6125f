//! The museum's questions over a set of sessions: how many, how long (median and 90th
//! percentile of dwell), how busy (interactions per session), in which language, and how often
//! a visitor walked away (idle-reset share): per exhibit, per UTC day or per language, and
//! for all of them together.
//!
//! The median of an even count is the mean of the two middle values; the 90th percentile is
//! the nearest rank (the ⌈0.9·n⌉-th smallest).

use super::Session;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Day,
    Exhibit,
    Language,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Day => "day",
            By::Exhibit => "exhibit",
            By::Language => "language",
        }
    }
    fn key(self, s: &Session) -> String {
        match self {
            By::Day => s.started_at.chars().take(10).collect(),
            By::Exhibit => s.exhibit.clone(),
            By::Language => s.language.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub sessions: u64,
    pub median_dwell_s: f64,
    pub p90_dwell_s: f64,
    pub interactions_per_session: f64,
    pub idle_reset_pct: f64,
    /// Share of the sessions in each language, %.
    pub language_pct: BTreeMap<String, f64>,
}

/// One row per group, in key order, then the row of all sessions (key `all`); and every
/// language seen.
pub fn rows(sessions: &[Session], by: By) -> (Vec<Row>, Vec<String>) {
    let languages: Vec<String> = sessions
        .iter()
        .map(|s| s.language.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut groups: BTreeMap<String, Vec<&Session>> = BTreeMap::new();
    for s in sessions {
        groups.entry(by.key(s)).or_default().push(s);
    }
    let mut out: Vec<Row> = groups.iter().map(|(k, g)| row(k, g, &languages)).collect();
    out.push(row("all", &sessions.iter().collect::<Vec<_>>(), &languages));
    (out, languages)
}

fn row(key: &str, g: &[&Session], languages: &[String]) -> Row {
    let n = g.len();
    let mut dwell: Vec<f64> = g.iter().map(|s| s.dwell_s).collect();
    dwell.sort_by(f64::total_cmp);
    let pct = |count: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * count as f64 / n as f64
        }
    };
    Row {
        key: key.into(),
        sessions: n as u64,
        median_dwell_s: match n {
            0 => 0.0,
            n if n % 2 == 1 => dwell[n / 2],
            n => (dwell[n / 2 - 1] + dwell[n / 2]) / 2.0,
        },
        p90_dwell_s: if n == 0 {
            0.0
        } else {
            dwell[(0.9 * n as f64).ceil() as usize - 1]
        },
        interactions_per_session: if n == 0 {
            0.0
        } else {
            g.iter().map(|s| s.interactions).sum::<u64>() as f64 / n as f64
        },
        idle_reset_pct: pct(g.iter().filter(|s| s.ended_by == "idle_reset").count()),
        language_pct: languages
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    pct(g.iter().filter(|s| &s.language == l).count()),
                )
            })
            .collect(),
    }
}

fn header(by: By, languages: &[String]) -> Vec<String> {
    let mut h: Vec<String> = [
        by.name(),
        "sessions",
        "median_dwell_s",
        "p90_dwell_s",
        "interactions_per_session",
        "idle_reset_pct",
    ]
    .map(String::from)
    .to_vec();
    h.extend(languages.iter().map(|l| format!("{l}_pct")));
    h
}

fn cells(r: &Row) -> Vec<String> {
    let mut c = vec![
        r.key.clone(),
        r.sessions.to_string(),
        format!("{:.1}", r.median_dwell_s),
        format!("{:.1}", r.p90_dwell_s),
        format!("{:.2}", r.interactions_per_session),
        format!("{:.1}", r.idle_reset_pct),
    ];
    c.extend(r.language_pct.values().map(|p| format!("{p:.1}")));
    c
}

/// Columns aligned for a terminal.
pub fn table(rows: &[Row], by: By, languages: &[String]) -> String {
    let mut lines = vec![header(by, languages)];
    lines.extend(rows.iter().map(cells));
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for l in &lines {
        let padded: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// A header line, then one line per row; keys are quoted when they hold a comma or a quote.
pub fn csv(rows: &[Row], by: By, languages: &[String]) -> String {
    let quote = |c: &str| {
        if c.contains([',', '"', '\n']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut out = header(by, languages).join(",") + "\n";
    for r in rows {
        let c: Vec<String> = cells(r).iter().map(|c| quote(c)).collect();
        out.push_str(&(c.join(",") + "\n"));
    }
    out
}

pub fn json(rows: &[Row], by: By) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                by.name(): r.key,
                "sessions": r.sessions,
                "median_dwell_s": r.median_dwell_s,
                "p90_dwell_s": r.p90_dwell_s,
                "interactions_per_session": r.interactions_per_session,
                "idle_reset_pct": r.idle_reset_pct,
                "language_pct": r.language_pct,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "by": by.name(), "rows": rows }))
        .unwrap_or_default()
        + "\n"
}
