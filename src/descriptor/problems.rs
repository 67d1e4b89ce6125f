//! Meaning-level checks collect every problem with the field path it belongs to; the
//! locator later turns the path into `LINE:COL` of the file it came from.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted field path from the root of the file, e.g. `kind.air.density_kg_m3` or `controls[1].drives`.
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default, Clone)]
pub struct Problems {
    pub items: Vec<Problem>,
}

impl Problems {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.items.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// A finite number inside `[lo, hi]`; the message names the unit and the allowed range.
    pub fn range(&mut self, path: &str, value: f64, lo: f64, hi: f64, unit: &str) {
        if !value.is_finite() || value < lo || value > hi {
            let mut msg = String::new();
            let _ = write!(
                msg,
                "`{path}` is {value}{}; it must be between {lo} and {hi}{}",
                unit_suffix(unit),
                unit_suffix(unit)
            );
            self.push(path, msg);
        }
    }

    /// Same as [`Problems::range`] for integers.
    pub fn range_int(&mut self, path: &str, value: i64, lo: i64, hi: i64) {
        if value < lo || value > hi {
            self.push(
                path,
                format!("`{path}` is {value}; it must be between {lo} and {hi}"),
            );
        }
    }
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// Joins a parent path and a child name (`""` + `a` = `a`, `a` + `b` = `a.b`).
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}
