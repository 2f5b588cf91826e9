//! Durations as Istio reads them (Go `time.ParseDuration` syntax): `10s`, `1m30s`, `500ms`, `1h`.

const UNITS: [(&str, f64); 7] =
    [("ns", 1e-6), ("us", 1e-3), ("µs", 1e-3), ("ms", 1.0), ("s", 1e3), ("m", 60e3), ("h", 3600e3)];

/// The duration in milliseconds; `None` when the text is not a duration.
pub(crate) fn millis(text: &str) -> Option<f64> {
    let mut rest = text;
    let mut total = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        // Longest unit first, so that `ms` is not read as `m` followed by `s`.
        let (unit, scale) =
            UNITS.iter().filter(|(unit, _)| rest.starts_with(unit)).max_by_key(|(unit, _)| unit.len())?;
        rest = &rest[unit.len()..];
        total += number * scale;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_go_durations() {
        assert_eq!(millis("10s"), Some(10_000.0));
        assert_eq!(millis("1m30s"), Some(90_000.0));
        assert_eq!(millis("500ms"), Some(500.0));
        assert_eq!(millis("1h"), Some(3_600_000.0));
        assert_eq!(millis("1.5s"), Some(1_500.0));
    }

    #[test]
    fn refuses_other_text() {
        for text in ["", "10", "s", "10 s", "-1s", "1d", "..5s", "10sec", "1e3s"] {
            assert_eq!(millis(text), None, "{text}");
        }
    }
}
