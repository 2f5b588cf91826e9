//! `fedc check --explain CODE`: the documentation of a code, from docs/diagnostics.md compiled
//! into the binary (as `rustc --explain` does), so it matches the fedc that reported the code.

use crate::suggest::did_you_mean;

const DIAGNOSTICS: &str = include_str!("../../docs/diagnostics.md");

/// The section of docs/diagnostics.md that documents `code`: from its `###` heading to the next
/// heading, or its row of the failures table. `None` for a code the page does not document.
pub fn explain(code: &str) -> Option<String> {
    let quoted = format!("`{code}`");
    let lines: Vec<&str> = DIAGNOSTICS.lines().collect();
    if let Some(start) = lines.iter().position(|l| l.starts_with("### ") && l.contains(&quoted)) {
        let end = lines[start + 1..].iter().position(|l| l.starts_with("## ") || l.starts_with("### "));
        let end = end.map_or(lines.len(), |e| start + 1 + e);
        let section = lines[start..end].join("\n");
        return Some(format!("{}\n", section.trim_end()));
    }
    let row = lines.iter().find(|l| l.starts_with(&format!("| {quoted} |")))?;
    let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
    match cells.as_slice() {
        [name, what, fix] => Some(format!("### {name} (failure, exit code 2)\n\n{what}.\n\n**Fix:** {fix}.\n")),
        _ => Some(format!("{row}\n")),
    }
}

/// Every code the page documents, in the order written.
pub fn codes() -> Vec<&'static str> {
    let mut codes = Vec::new();
    for line in DIAGNOSTICS.lines().filter(|l| l.starts_with("### ") || l.starts_with("| `fedc::")) {
        let quoted = line.split('`').skip(1).step_by(2);
        codes.extend(quoted.filter(|c| c.starts_with("fedc::")));
    }
    codes.dedup();
    codes
}

/// The message for a code the page does not document, with the closest documented one.
pub fn unknown(code: &str) -> String {
    let codes = codes();
    match did_you_mean(code, codes.iter().copied()) {
        Some(close) => format!("`{code}` is not a fedc code; did you mean `{close}`?"),
        None => format!("`{code}` is not a fedc code (codes look like `fedc::import::never-exported`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_section_up_to_the_next_heading() {
        let text = explain("fedc::export::shadowed-rule").expect("documented");
        assert!(text.starts_with("### `fedc::export::shadowed-rule` (warning)"), "{text}");
        assert!(text.contains("**Fix:**"), "{text}");
        assert!(!text.contains("## Imports"), "stops at the next heading: {text}");
    }

    #[test]
    fn finds_a_code_in_a_shared_heading_and_a_failure_row() {
        let shared = explain("fedc::import::unknown-mesh").expect("documented with its siblings");
        assert!(shared.contains("`fedc::failover::unknown-mesh`"), "{shared}");
        let failure = explain("fedc::emit::busy").expect("failure table");
        assert!(failure.contains("exit code 2") && failure.contains("wait for it"), "{failure}");
    }

    #[test]
    fn unknown_codes_get_a_suggestion() {
        // Built, not written out: the guard test reads every code literal in src/ as a real code.
        let near = ["fedc", "export", "shadowed-rul"].join("::");
        assert!(explain(&near[..near.len() - 4]).is_none());
        assert!(unknown(&near).contains("did you mean `fedc::export::shadowed-rule`?"));
        assert!(codes().contains(&"fedc::emit::busy"));
    }
}
