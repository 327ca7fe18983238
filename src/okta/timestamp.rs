//! Okta's timestamps (`2024-01-31T12:00:00.000Z`) read and written without a general date
//! library on the common path.
//!
//! Every user in a listing carries four or five of them, and the CLI prints them back in the
//! same form: through chrono's RFC 3339 parser and format-string printer that round trip was a
//! large share of the CLI's CPU per page. Okta always sends this one fixed shape, so it is
//! read and written here directly; anything else (another offset, no milliseconds, a leap
//! second, a year past 9999) goes through chrono as before.

/// Milliseconds since the Unix epoch, parsed from Okta's ISO-8601 timestamps.
pub type Millis = i64;

const MS_PER_DAY: i64 = 86_400_000;

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ` exactly, or None.
fn parse_fixed(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        b[from..to].iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se, ms) = (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59
    {
        return None;
    }
    Some(days_from_civil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + se) * 1000 + ms)
}

/// Okta's timestamp as milliseconds since the epoch.
pub fn parse(s: &str) -> Option<Millis> {
    parse_fixed(s).or_else(|| {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| d.timestamp_millis())
    })
}

/// Milliseconds as Okta writes them: `2024-01-31T12:00:00.000Z`.
pub fn format(ms: Millis) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (y, mo, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return chrono::DateTime::from_timestamp_millis(ms)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            .unwrap_or_default();
    }
    let (h, mi, se, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    let mut out = [0u8; 24];
    let mut put = |at: usize, width: usize, mut v: i64| {
        for i in (0..width).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y);
    put(5, 2, mo);
    put(8, 2, d);
    put(11, 2, h);
    put(14, 2, mi);
    put(17, 2, se);
    put(20, 3, milli);
    for (at, c) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ] {
        out[at] = c;
    }
    out.iter().map(|&c| c as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_format(ms: Millis) -> String {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn fixed_shape_agrees_with_chrono_across_centuries() {
        // A spread of instants: epoch, leap days, month ends, before 1970, far future.
        let mut ms: i64 = -2_208_988_800_000; // 1900-01-01
        while ms < 253_402_300_799_000 {
            let text = format(ms);
            assert_eq!(text, chrono_format(ms), "{ms}");
            assert_eq!(parse(&text), Some(ms), "{text}");
            let via_chrono = chrono::DateTime::parse_from_rfc3339(&text)
                .unwrap()
                .timestamp_millis();
            assert_eq!(parse_fixed(&text), Some(via_chrono));
            ms += 7_777_777_777; // ~90 days and some hours, minutes, ms
        }
        for t in [
            "2024-02-29T23:59:59.999Z",
            "2000-02-29T00:00:00.000Z",
            "1970-01-01T00:00:00.000Z",
        ] {
            assert_eq!(format(parse(t).unwrap()), t);
        }
    }

    #[test]
    fn other_shapes_fall_back_or_fail() {
        assert_eq!(parse_fixed("2023-02-29T00:00:00.000Z"), None);
        assert_eq!(parse("2023-02-29T00:00:00.000Z"), None);
        assert_eq!(parse_fixed("2024-01-31T12:00:00Z"), None);
        assert_eq!(parse("2024-01-31T12:00:00Z"), Some(1_706_702_400_000));
        assert_eq!(
            parse("2024-01-31T13:00:00.000+01:00"),
            Some(1_706_702_400_000)
        );
        assert_eq!(parse("2024-13-01T00:00:00.000Z"), None);
        assert_eq!(parse("２０２４-01-31T12:00:00.000Z"), None);
        assert_eq!(parse(""), None);
    }
}
