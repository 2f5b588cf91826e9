//! `fedc check --explain CODE`: the documentation of a code, from the registry compiled into the
//! binary (as `rustc --explain` does), so it matches the fedc that reported the code. The text is
//! the code's section of docs/diagnostics.md, which is generated from the same registry.

use crate::diagnostic::codes;
use crate::suggest::did_you_mean;

/// The explanation of `code`; `None` for a code fedc does not have.
pub(crate) fn explain(code: &str) -> Option<String> {
    codes::find(code).map(codes::Entry::explanation)
}

/// The message for a code fedc does not have, with the closest one it has.
pub(crate) fn unknown(code: &str) -> String {
    match did_you_mean(code, codes::all().map(|entry| entry.id)) {
        Some(close) => format!("`{code}` is not a fedc code; did you mean `{close}`?"),
        None => format!("`{code}` is not a fedc code (codes look like `fedc::import::never-exported`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_findings_and_failures() {
        let text = explain("fedc::export::shadowed-rule").expect("registered");
        assert!(text.starts_with("### `fedc::export::shadowed-rule` (warning)\n"), "{text}");
        assert_eq!(text.matches("### ").count(), 1, "one section: {text}");
        assert!(text.contains("\n**Fix:** "), "{text}");
        let failure = explain("fedc::emit::busy").expect("registered");
        assert!(failure.starts_with("### `fedc::emit::busy` (failure, exit code 2)\n"), "{failure}");
    }

    #[test]
    fn unknown_codes_get_a_suggestion() {
        assert_eq!(explain("fedc::export::shadowed"), None);
        assert_eq!(
            unknown("fedc::export::shadowed-rul"),
            "`fedc::export::shadowed-rul` is not a fedc code; did you mean `fedc::export::shadowed-rule`?"
        );
        assert_eq!(
            unknown("nothing like it"),
            "`nothing like it` is not a fedc code (codes look like `fedc::import::never-exported`)"
        );
    }
}
