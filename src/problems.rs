//! Meaning-level checks collect every problem with the field path it belongs to; the
//! locator later turns the path into `LINE:COL` of the file it came from.

use std::borrow::Cow;

/// Localised text: language tag → text. Every user-facing text has at least
/// [`REQUIRED_LOCALES`].
pub type Localized = std::collections::BTreeMap<String, String>;

/// Every text a visitor reads is given in at least these languages.
pub const REQUIRED_LOCALES: [&str; 2] = ["zh-CN", "en"];
use std::fmt::Write as _;

/// A number for a message: as written where that is short, in exponent form where plain
/// digits would run to hundreds (5e-324), "not a number" for NaN.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        "not a number".to_string()
    } else if x == 0.0 {
        // Not "-0".
        "0".to_string()
    } else if !x.is_finite() || (1e-4..1e15).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// `s` on one line: control characters (a newline, a tab) written as escapes, so that text
/// from a file quoted in a `PATH:LINE:COL: error:` line or a tab-separated row cannot break it.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_control) {
        Cow::Owned(
            s.chars()
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

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

    /// A problem at `path` whose message starts with the path (as the range checks' do), so
    /// that the line says which field even where only a parent has a position in the file, and
    /// on the command line, where there is none.
    pub fn push_named(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        let message = format!("`{path}`: {}", message.into());
        self.push(path, message);
    }

    /// `id`, where a scene's element is named, names no `what` of the scene.
    pub fn unknown(&mut self, path: impl Into<String>, id: &str, what: &str) {
        self.push_named(
            path,
            format!("`{}` is not a {what} of this scene", one_line(id)),
        );
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
                "`{path}` is {}{}; it must be between {} and {}{}",
                num(value),
                unit_suffix(unit),
                num(lo),
                num(hi),
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
        let u = unit_suffix(unit);
        let value_s = num(value);
        if !(lo.is_finite() && hi.is_finite()) {
            // The bounds come from other fields that are out of range themselves.
            self.push(
                path,
                format!("`{path}` is {value_s}{u}; its range follows from fields that are out of range: fix those first ({why})"),
            );
        } else if lo > hi {
            self.push(
                path,
                format!("`{path}` is {value_s}{u}, and no value fits: {why}"),
            );
        } else if !value.is_finite() || value < lo || value > hi {
            self.push(
                path,
                format!(
                    "`{path}` is {value_s}{u}; it must be between {}{u} and {}{u}: {why}",
                    num(round4(lo)),
                    num(round4(hi))
                ),
            );
        }
    }

    /// [`Problems::range`] for each component of a vector, at `path[i]`.
    pub fn range_each(
        &mut self,
        path: &str,
        values: impl IntoIterator<Item = f64>,
        lo: f64,
        hi: f64,
        unit: &str,
    ) {
        for (i, x) in values.into_iter().enumerate() {
            self.range(&format!("{path}[{i}]"), x, lo, hi, unit);
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

impl Problems {
    /// A text in every language a visitor reads (language tag → text): each of
    /// [`REQUIRED_LOCALES`] there and not blank; an optional one may be left out altogether.
    pub fn localized(&mut self, path: &str, l: &Localized, required: bool) {
        if !required && l.is_empty() {
            return;
        }
        for loc in REQUIRED_LOCALES {
            match l.get(loc) {
                None => self.push(
                    path,
                    format!("`{path}` has no `{loc}` text: add `\"{loc}\": \"…\"` (every text needs zh-CN and en)"),
                ),
                Some(t) if t.trim().is_empty() => {
                    self.push(join(path, loc), format!("`{}` is empty", join(path, loc)))
                }
                Some(_) => {}
            }
        }
    }

    /// A text shown on one line (a title, a label, a caption): [`Problems::localized`], and no
    /// control characters (a newline or a tab would break a button, and `caravan list`'s rows).
    pub fn one_line_text(&mut self, path: &str, l: &Localized) {
        self.localized(path, l, true);
        for (lang, t) in l {
            if t.chars().any(char::is_control) {
                self.push(
                    join(path, lang),
                    format!(
                        "`{}` has a line break, tab or other control character: write it on one line",
                        join(path, lang)
                    ),
                );
            }
        }
    }
}

/// An sRGB `#rrggbb` colour as 0–1 components.
pub fn parse_color(s: &str) -> Option<[f32; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = |i: usize| {
        u8::from_str_radix(&h[i..i + 2], 16)
            .ok()
            .map(|b| b as f32 / 255.0)
    };
    Some([v(0)?, v(2)?, v(4)?])
}

impl Problems {
    /// A colour written `#rrggbb`.
    pub fn color(&mut self, path: &str, s: &str) {
        if parse_color(s).is_none() {
            self.push(
                path,
                format!(
                    "`{}` is not a colour: write it as `#rrggbb`, e.g. `#3080ff`",
                    one_line(s)
                ),
            );
        }
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
