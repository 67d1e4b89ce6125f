//! Calendar dates from Unix time, UTC, without a date crate: the log files' names and the
//! usage figures' timestamps.

/// UTC ISO 8601 with milliseconds for a Unix time in seconds.
pub fn iso_utc(unix_s: f64) -> String {
    let ms = (unix_s * 1000.0).round() as i64;
    let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`, http://howardhinnant.github.io/date_algorithms.html).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_match_known_instants() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00.000Z");
        // `date -u -d @1795000000.25 +%FT%T`: 2026-11-18T11:06:40
        assert_eq!(iso_utc(1_795_000_000.25), "2026-11-18T11:06:40.250Z");
        // A leap day.
        assert_eq!(iso_utc(951_782_400.0), "2000-02-29T00:00:00.000Z");
    }
}
