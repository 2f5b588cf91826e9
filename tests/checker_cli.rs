//! The checker's command-line surface added by issue 9: `fedc check --explain CODE` (documentation
//! compiled into the binary), acknowledged warnings and `build --deny-warnings`.

use crate::support::{fedc, stderr, stdout};

fn repo() -> &'static std::path::Path {
    crate::support::repo()
}

#[test]
fn explain_prints_the_documented_section_of_a_code() {
    let output = fedc(&["check", "--explain", "fedc::import::shadowed-rule"], repo());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("### `fedc::import::shadowed-rule` (warning)"), "{text}");
    assert!(text.contains("**Fix:**") && !text.contains("## Failover"), "one section only: {text}");
}

#[test]
fn explain_prints_a_failure_code_from_the_failures_table() {
    let output = fedc(&["check", "--explain", "fedc::emit::hand-edited"], repo());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("(failure, exit code 2)"), "{}", stdout(&output));
}

#[test]
fn explain_refuses_an_unknown_code_with_a_suggestion() {
    let output = fedc(&["check", "--explain", "fedc::import::never-exportd"], repo());
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("fedc::usage") && text.contains("did you mean `fedc::import::never-exported`?"), "{text}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn check_without_a_topology_or_explain_is_a_usage_error() {
    let output = fedc(&["check"], repo());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("<TOPOLOGY>"), "{}", stderr(&output));
}
