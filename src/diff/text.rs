//! Plain text for a terminal or a CI log: the summary line, then per group every change with its
//! unified diff. ANSI colour only when asked (a terminal without NO_COLOR). Paths, names and
//! contents come from the compared directories: each goes through `report::inert` before it is
//! painted.

use super::model::{Action, Change, Counts, Diff};
use crate::inert;

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

pub(crate) fn render(diff: &Diff, color: bool) -> String {
    let paint = |style: &str, text: &str| if color { format!("{style}{text}{RESET}") } else { text.to_string() };
    let mut out = paint(BOLD, &inert::text(&super::headline::headline(diff)));
    out.push('\n');
    for (group, changes) in diff.groups() {
        out.push('\n');
        out.push_str(&paint(BOLD, &format!("{}: {}", inert::text(&group.title()), Counts::of(changes).line())));
        out.push('\n');
        for change in changes {
            out.push('\n');
            out.push_str(&paint(style(change.action), &inert::text(&heading(change))));
            out.push('\n');
            out.push_str(&diff_lines(&inert::lines(&change.diff), color));
        }
    }
    out
}

/// `+ ServiceMeshPeer red-system/blue (added)`, noting a move between files.
pub(crate) fn heading(change: &Change) -> String {
    let marker = match change.action {
        Action::Added => '+',
        Action::Changed => '~',
        Action::Removed => '-',
    };
    format!("{marker} {} ({}{})", change.identity.label(), change.action.name(), moved(change))
}

/// `, moved from a to b` when a changed object lives in another file now.
pub(crate) fn moved(change: &Change) -> String {
    match (&change.old, &change.new) {
        (Some(old), Some(new)) if old.path != new.path => format!(", moved from {} to {}", old.path, new.path),
        _ => String::new(),
    }
}

fn style(action: Action) -> &'static str {
    match action {
        Action::Added => GREEN,
        Action::Changed => YELLOW,
        Action::Removed => RED,
    }
}

fn diff_lines(diff: &str, color: bool) -> String {
    if !color {
        return diff.to_string();
    }
    diff.lines()
        .map(|line| {
            let style = if line.starts_with("+++") || line.starts_with("---") {
                BOLD
            } else if line.starts_with('+') {
                GREEN
            } else if line.starts_with('-') {
                RED
            } else if line.starts_with("@@") {
                CYAN
            } else {
                return format!("{line}\n");
            };
            format!("{style}{line}{RESET}\n")
        })
        .collect()
}
