//! Time in `fedc status`: the instant the status is judged at (`--now`, by default the system
//! clock) and how old a `lastFullSync` may be (`--stale-after`). istiod re-reads a peer's whole
//! service list at every resync, every 60 s (maistra-semantics §2, "resync"), and writes the time
//! into `lastFullSync`; the default of five resyncs leaves room for a slow API server and clock
//! skew between clusters before a quiet peer is called stale.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The controller's resync period (maistra-semantics §2).
pub(crate) const RESYNC_SECONDS: i64 = 60;

/// `--stale-after`'s default: five resyncs.
pub(crate) const DEFAULT_STALE_AFTER: &str = "5m";

/// When the status is judged, and how old a full sync may be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    /// Seconds since the Unix epoch.
    pub(crate) now: i64,
    pub(crate) stale_after: i64,
}

impl Clock {
    /// `now` (RFC 3339), or the system clock; `stale_after` as a Go duration (`5m`, `90s`).
    pub(crate) fn new(now: Option<&str>, stale_after: &str) -> Result<Clock, String> {
        let now = match now {
            Some(text) => parse(text).ok_or_else(|| format!("--now: `{text}` is not an RFC 3339 time"))?,
            None => OffsetDateTime::now_utc().unix_timestamp(),
        };
        let millis = crate::check::duration::millis(stale_after)
            .filter(|m| *m >= 1000.0 && *m <= 1e12)
            .ok_or_else(|| format!("--stale-after: `{stale_after}` is not a duration of at least 1s (`5m`, `90s`)"))?;
        Ok(Clock { now, stale_after: (millis / 1000.0) as i64 })
    }

    /// How long ago `text` (RFC 3339) was; `None` when it is not a time. Negative when it lies
    /// after `now` (clock skew between the cluster and the machine running fedc).
    pub(crate) fn age(&self, text: &str) -> Option<i64> {
        parse(text).map(|then| self.now - then)
    }

    /// Whether a full sync at `text` is older than `--stale-after` (a time fedc cannot read is).
    pub(crate) fn is_stale(&self, text: &str) -> bool {
        self.age(text).is_none_or(|age| age > self.stale_after)
    }

    /// `now` as RFC 3339, for the report's header.
    pub(crate) fn now_text(&self) -> String {
        OffsetDateTime::from_unix_timestamp(self.now)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_else(|| self.now.to_string())
    }
}

/// Seconds since the epoch of an RFC 3339 time (`2021-10-05T13:02:25Z`, offsets and fractions
/// allowed), as Kubernetes writes `metav1.Time`.
fn parse(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339).ok().map(OffsetDateTime::unix_timestamp)
}

/// `45s`, `3m12s`, `2h5m`, `3d4h`: an age as people read it; `in the future` when negative.
pub(crate) fn span(seconds: i64) -> String {
    if seconds < 0 {
        return format!("{} in the future", span(-seconds));
    }
    let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs}s"),
        (0, 0, _) if secs == 0 => format!("{minutes}m"),
        (0, 0, _) => format!("{minutes}m{secs}s"),
        (0, _, 0) => format!("{hours}h"),
        (0, _, _) => format!("{hours}h{minutes}m"),
        (_, 0, _) => format!("{days}d"),
        _ => format!("{days}d{hours}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(now: &str) -> Clock {
        Clock::new(Some(now), DEFAULT_STALE_AFTER).expect("clock")
    }

    #[test]
    fn ages_are_measured_from_now_and_stale_after_five_resyncs() {
        let clock = clock("2021-10-05T13:06:00Z");
        assert_eq!(clock.stale_after, 5 * RESYNC_SECONDS);
        assert_eq!(clock.age("2021-10-05T13:05:43Z"), Some(17));
        assert_eq!(clock.age("2021-10-05T15:05:43+02:00"), Some(17), "offsets count");
        assert_eq!(clock.age("2021-10-05T13:05:43.9Z"), Some(17), "fractions are cut");
        assert!(!clock.is_stale("2021-10-05T13:01:00Z"), "exactly five minutes is not stale");
        assert!(clock.is_stale("2021-10-05T13:00:59Z"));
        assert!(clock.is_stale("yesterday"), "an unreadable time proves no recent sync");
        assert_eq!(clock.now_text(), "2021-10-05T13:06:00Z");
    }

    #[test]
    fn refuses_what_is_not_a_time_or_a_duration() {
        assert!(Clock::new(Some("2021-10-05 13:06"), "5m").is_err());
        assert!(Clock::new(Some("2021-10-05T13:06:00Z"), "5").is_err());
        assert!(Clock::new(Some("2021-10-05T13:06:00Z"), "10ms").is_err(), "below a second");
        assert_eq!(Clock::new(Some("2021-10-05T13:06:00Z"), "90s").map(|c| c.stale_after), Ok(90));
    }

    #[test]
    fn spans_read_like_people_write_them() {
        let cases = [(0, "0s"), (45, "45s"), (60, "1m"), (192, "3m12s"), (3600, "1h"), (7500, "2h5m")];
        for (seconds, text) in cases {
            assert_eq!(span(seconds), text);
        }
        assert_eq!(span(86_400 * 3 + 3600 * 4), "3d4h");
        assert_eq!(span(86_400 * 2 + 120), "2d");
        assert_eq!(span(-30), "30s in the future");
    }
}
