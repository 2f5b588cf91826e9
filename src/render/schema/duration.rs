//! CEL's `duration(string)` without the `cel` crate's `chrono` feature, which would also compile the
//! whole time-zone database into fedc (2.3 MB of a 19 MB binary) for rules that never name a time
//! zone. A duration is its number of nanoseconds, an `int`: the rules of the CRDs fedc emits only
//! compare durations (`duration(self) >= duration('1ms')`, 108 times), which integers do exactly.
//! The text is read as Kubernetes reads it (cel-go, Go's `time.ParseDuration`).

use cel::common::types::{CelInt, CelString, STRING_TYPE};
use cel::common::value::CowVal;
use cel::{Env, ExecutionError};

pub(crate) fn register(env: &mut Env) {
    let _ = env.add_overload("duration", "string_to_duration", vec![STRING_TYPE], duration);
}

fn duration<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let text = args.first().and_then(|a| a.downcast_ref::<CelString>()).map(|s| s.inner().to_string());
    let text = text.ok_or_else(|| ExecutionError::function_error("duration", "expects one string"))?;
    match nanoseconds(&text) {
        Some(n) => Ok(CowVal::owned(CelInt::from(n))),
        None => Err(ExecutionError::function_error("duration", format!("invalid duration {text:?}"))),
    }
}

/// Go's duration syntax: an optional sign, then `0`, or numbers with an optional fraction, each
/// followed by a unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`): `1h30m`, `1.5s`, `-300ms`.
pub(crate) fn nanoseconds(text: &str) -> Option<i64> {
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let (whole, after) = rest.split_at(digits(rest));
        let (fraction, after) = match after.strip_prefix('.') {
            Some(after) => after.split_at(digits(after)),
            None => ("", after),
        };
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let unit_end = after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_end);
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        let whole: i128 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        // Digits past the nineteenth are below a nanosecond even in hours.
        let fraction = &fraction[..fraction.len().min(19)];
        let part: i128 = if fraction.is_empty() { 0 } else { fraction.parse().ok()? };
        let fraction_ns = part.checked_mul(scale)? / 10_i128.pow(u32::try_from(fraction.len()).ok()?);
        total = total.checked_add(whole.checked_mul(scale)?)?.checked_add(fraction_ns)?;
        rest = next;
    }
    i64::try_from(if negative { -total } else { total }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_go_durations() {
        let cases = [
            ("1ms", Some(1_000_000)),
            ("1.5h", Some(5_400_000_000_000)),
            ("2h45m0.5s", Some(9_900_500_000_000)),
            ("-300ms", Some(-300_000_000)),
            ("+1us", Some(1_000)),
            ("1µs", Some(1_000)),
            (".5s", Some(500_000_000)),
            ("1.s", Some(1_000_000_000)),
            ("0", Some(0)),
            ("9223372036854775807ns", Some(i64::MAX)),
        ];
        for (text, expected) in cases {
            assert_eq!(nanoseconds(text), expected, "{text}");
        }
        for invalid in ["", "1", "s", ".s", "1x", "1h-5m", "9223372036854775808ns", "--1s", "1e3s"] {
            assert_eq!(nanoseconds(invalid), None, "{invalid}");
        }
    }
}
