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

    /// [`Problems::range`] with bounds that follow from other fields: `why` says which.
    pub fn range_because(
        &mut self,
        path: &str,
        value: f64,
        lo: f64,
        hi: f64,
        unit: &str,
        why: &str,
    ) {
        if lo > hi {
            let u = unit_suffix(unit);
            self.push(
                path,
                format!("`{path}` is {value}{u}, and no value fits: {why}"),
            );
        } else if !value.is_finite() || value < lo || value > hi {
            let u = unit_suffix(unit);
            self.push(
                path,
                format!(
                    "`{path}` is {value}{u}; it must be between {}{u} and {}{u}: {why}",
                    round4(lo),
                    round4(hi)
                ),
            );
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

/// A bound computed from other fields, shown without float noise (0.28500000000000003 → 0.285).
fn round4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let k = 10f64.powi(4 - x.abs().log10().ceil() as i32);
    (x * k).round() / k
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

/// One row of a [`Problems::ranges`] table: field, value, lowest, highest, unit.
pub type Range<'a> = (&'a str, f64, f64, f64, &'a str);

impl Problems {
    /// [`Problems::range`] for each row, the field joined to `parent`: one line per field.
    pub fn ranges(&mut self, parent: &str, rows: &[Range]) {
        for &(field, value, lo, hi, unit) in rows {
            self.range(&join(parent, field), value, lo, hi, unit);
        }
    }
}
