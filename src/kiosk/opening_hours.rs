//! Opening hours as the config writes them (`"HH:MM"` each) and what they mean: a leaf that
//! the config's checks and the resting screen (`hours`) both read.

use serde::{Deserialize, Serialize};

/// When the museum is open, local time, `"HH:MM"` each. A closing time before the opening
/// time spans midnight (an evening event: `open: "18:00", close: "01:00"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    pub open: String,
    pub close: String,
}

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// `"HH:MM"` (24-hour) → seconds after midnight.
pub fn parse_hhmm(s: &str) -> Option<f64> {
    let (h, m) = s.split_once(':')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| (h * 3600 + m * 60) as f64)
}

impl OpeningHours {
    /// Opening and closing, seconds after midnight; `None` if either is not `HH:MM`.
    pub fn times(&self) -> Option<(f64, f64)> {
        Some((parse_hhmm(&self.open)?, parse_hhmm(&self.close)?))
    }

    /// Whether the museum is open at `day_s` seconds after midnight (any day: taken mod 24 h).
    pub fn is_open(&self, day_s: f64) -> bool {
        let Some((open, close)) = self.times() else {
            return true;
        };
        let t = day_s.rem_euclid(DAY_S);
        if open <= close {
            (open..close).contains(&t)
        } else {
            t >= open || t < close
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_between_the_times_also_across_midnight() {
        let day = OpeningHours {
            open: "09:00".into(),
            close: "17:30".into(),
        };
        let h = |h: f64, m: f64| h * 3600.0 + m * 60.0;
        assert!(!day.is_open(h(8.0, 59.0)));
        assert!(day.is_open(h(9.0, 0.0)));
        assert!(day.is_open(h(17.0, 29.0)));
        assert!(!day.is_open(h(17.0, 30.0)));
        assert!(day.is_open(h(24.0 + 12.0, 0.0)), "any day");
        let evening = OpeningHours {
            open: "18:00".into(),
            close: "01:00".into(),
        };
        assert!(evening.is_open(h(23.0, 0.0)));
        assert!(evening.is_open(h(0.0, 30.0)));
        assert!(!evening.is_open(h(1.0, 0.0)));
        assert!(!evening.is_open(h(12.0, 0.0)));
    }

    #[test]
    fn times_are_hh_mm() {
        assert_eq!(parse_hhmm("09:05"), Some(9.0 * 3600.0 + 300.0));
        assert_eq!(parse_hhmm("9:05"), Some(9.0 * 3600.0 + 300.0));
        for bad in [
            "24:00", "12:60", "9", "9:5", "09:05:00", "", ":30", "-1:00", "+9:00",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }
}
