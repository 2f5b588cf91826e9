//! GitHub-flavoured markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a marker
//! comment a bot can find to update its comment in place, the summary, a heading per group and a
//! collapsed `<details>` per object holding a ```diff block.

use super::model::{Change, Counts, Diff};
use super::text::moved;
use crate::inert;

/// The first line of every markdown diff; stable across versions.
pub(crate) const MARKER: &str = "<!-- fedc-diff -->";
/// GitHub refuses comments over 65,536 characters. Past this many, objects lose their diff, then
/// are only counted; headings (one per group) always fit in the rest.
const BUDGET: usize = 56_000;
const DIFF_LEFT_OUT: &str =
    "_Diff left out to keep this under GitHub's comment size limit; run `fedc diff` to see it._";

pub(crate) fn render(diff: &Diff) -> String {
    let mut out = format!("{MARKER}\n### fedc diff: {}\n", escape(&inert::text(&super::headline::headline(diff))));
    for (group, changes) in diff.groups() {
        out.push_str(&format!("\n#### {}: {}\n", escape(&inert::text(&group.title())), Counts::of(changes).line()));
        let mut left_out = 0;
        for change in changes {
            let body = inert::lines(&change.diff);
            let fence = fence(&body);
            let full = details(change, &format!("{fence}diff\n{body}{fence}"));
            let short = details(change, DIFF_LEFT_OUT);
            match [full, short].into_iter().find(|entry| out.len() + entry.len() <= BUDGET) {
                Some(entry) => out.push_str(&entry),
                None => left_out += 1,
            }
        }
        if left_out > 0 {
            out.push_str(&format!("\n_…and {left_out} more; run `fedc diff` to see them._\n"));
        }
    }
    out
}

fn details(change: &Change, body: &str) -> String {
    let summary = format!(
        "<b>{}</b> <code>{}</code>{}",
        change.action.name(),
        escape(&inert::text(&change.identity.label())),
        escape(&inert::text(&moved(change)))
    );
    format!("\n<details><summary>{summary}</summary>\n\n{body}\n\n</details>\n")
}

/// A code fence longer than any run of backticks in the content.
fn fence(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
