//! The zone every time is shown in (config `time_zone = "local" | "utc"`), and the one
//! function that formats a time for people: list columns, the user detail, the sign-in card,
//! the journal view, the Credentials tab and the CLI's table output all go through
//! `format_time`, so a time reads the same wherever it appears and always names its zone.
//! Machine formats (JSON, CSV, the journal file, Okta queries) keep Okta's UTC form.

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::{DateTime, Local, Utc};

use crate::okta::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeZone {
    /// The machine's zone, named by its offset from UTC (`+01`, `+05:30`). The config's
    /// default.
    #[default]
    Local,
    /// UTC, named `UTC`.
    Utc,
}

impl TimeZone {
    /// The config spelling, `local` or `utc` (case does not matter).
    pub fn parse(s: &str) -> Option<TimeZone> {
        match s.trim().to_ascii_lowercase().as_str() {
            "local" => Some(TimeZone::Local),
            "utc" => Some(TimeZone::Utc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TimeZone::Local => "local",
            TimeZone::Utc => "utc",
        }
    }
}

const UTC: u8 = 0;
const LOCAL: u8 = 1;

/// UTC until a run's config says otherwise: library callers and tests that read no config get
/// output that does not depend on the machine's zone. The console and the CLI set it from the
/// config (whose default is local) once, when they read it.
static ZONE: AtomicU8 = AtomicU8::new(UTC);

/// Sets the zone times are shown in for the rest of the run.
pub fn set(zone: TimeZone) {
    let v = match zone {
        TimeZone::Utc => UTC,
        TimeZone::Local => LOCAL,
    };
    ZONE.store(v, Ordering::Relaxed);
}

/// The zone times are shown in now.
pub fn current() -> TimeZone {
    match ZONE.load(Ordering::Relaxed) {
        LOCAL => TimeZone::Local,
        _ => TimeZone::Utc,
    }
}

/// A time for people, in the run's zone: `2024-01-31 12:00 UTC`, `2024-01-31 13:00 +01`
/// (an offset of whole hours as `+01`, as wide as `UTC`; `+05:30` otherwise).
pub fn format_time(ms: Millis) -> String {
    format_time_in(ms, current())
}

/// `format_time` to the second, for the System Log (events are read in seconds).
pub fn format_seconds(ms: Millis) -> String {
    shown_in(ms, current(), "%Y-%m-%d %H:%M:%S")
}

/// `format_time` in a given zone.
pub fn format_time_in(ms: Millis, zone: TimeZone) -> String {
    shown_in(ms, zone, "%Y-%m-%d %H:%M")
}

/// The time in `zone` by `pattern`, then the zone's name.
fn shown_in(ms: Millis, zone: TimeZone, pattern: &str) -> String {
    let Some(at) = DateTime::<Utc>::from_timestamp_millis(ms) else {
        return String::new();
    };
    match zone {
        TimeZone::Utc => format!("{} UTC", at.format(pattern)),
        TimeZone::Local => {
            let local = at.with_timezone(&Local);
            let offset = local.format("%:z").to_string();
            // A machine on UTC says so, as `time_zone = "utc"` would.
            let offset = match offset.as_str() {
                "+00:00" => "UTC",
                o => o.strip_suffix(":00").unwrap_or(o),
            };
            format!("{} {offset}", local.format(pattern))
        }
    }
}

/// An Okta timestamp string (`2024-01-31T12:00:00.000Z`, or any RFC 3339 time) shown as
/// `format_time` shows it; None for text that is not one.
pub fn format_stamp(text: &str) -> Option<String> {
    let looks = text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T');
    looks
        .then(|| crate::okta::parse_timestamp(text))
        .flatten()
        .map(format_time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    const NOON: Millis = 1_706_702_400_000; // 2024-01-31T12:00:00Z

    #[test]
    fn utc_times_name_their_zone() {
        assert_eq!(format_time_in(NOON, TimeZone::Utc), "2024-01-31 12:00 UTC");
    }

    #[test]
    fn local_times_name_their_offset() {
        let shown = format_time_in(NOON, TimeZone::Local);
        let offset = Local
            .timestamp_millis_opt(NOON)
            .single()
            .map(|d| d.format("%:z").to_string())
            .unwrap_or_default();
        let short = match offset.as_str() {
            "+00:00" => "UTC",
            o => o.strip_suffix(":00").unwrap_or(o),
        };
        assert!(shown.ends_with(&format!(" {short}")), "{shown}");
        assert!(shown.starts_with("2024-01-3"), "{shown}");
    }

    #[test]
    fn okta_stamps_read_and_other_text_does_not() {
        assert_eq!(
            format_stamp("2024-01-31T12:00:00.000Z")
                .as_deref()
                .map(|s| s.len() >= 20),
            Some(true)
        );
        assert_eq!(format_stamp("alice@example.com"), None);
        assert_eq!(format_stamp("2024-01-31"), None);
    }

    #[test]
    fn config_spellings() {
        assert_eq!(TimeZone::parse("UTC"), Some(TimeZone::Utc));
        assert_eq!(TimeZone::parse("local"), Some(TimeZone::Local));
        assert_eq!(TimeZone::parse("Europe/Paris"), None);
    }
}
