//! GitHub-flavoured markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a marker
//! comment a bot can find to update its comment in place, the summary, a heading per group and a
//! collapsed `<details>` per object holding a ```diff block.

use super::model::{Counts, Diff};
use super::text::moved;

/// The first line of every markdown diff; stable across versions.
pub const MARKER: &str = "<!-- fedc-diff -->";

pub fn render(diff: &Diff) -> String {
    let mut out = format!("{MARKER}\n### fedc diff: {}\n", diff.summary());
    for (group, changes) in diff.groups() {
        out.push_str(&format!("\n#### {}: {}\n", escape(&group.title()), Counts::of(changes).line()));
        for change in changes {
            let summary = format!(
                "<b>{}</b> <code>{}</code>{}",
                change.action.name(),
                escape(&change.identity.label()),
                escape(&moved(change))
            );
            let fence = fence(&change.diff);
            out.push_str(&format!(
                "\n<details><summary>{summary}</summary>\n\n{fence}diff\n{}{fence}\n\n</details>\n",
                change.diff
            ));
        }
    }
    out
}

/// A code fence longer than any run of backticks in the content.
fn fence(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
