//! `fedc diff`: what would change, per cluster and object, between the committed output and a
//! fresh render (or between two output directories). Offline; reads only. `model` compares,
//! `read` loads the sides, `text`, `markdown` and `json` render. See docs/gitops.md.

mod headline;
mod json;
mod markdown;
mod model;
mod read;
pub mod semantic;
mod text;

pub use headline::{headline, is_bookkeeping};
pub(crate) use model::flow_depth;
pub use model::{Action, Change, Counts, Diff, Files, Group, Identity, Side, compare};
pub use read::{output_dir, output_dir_sharing, output_dir_within, rendered};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Per cluster and object, with unified diffs (coloured on a terminal).
    Text,
    /// GitHub-flavoured markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// One JSON document: `{ "version": 1, "counts": {...}, "changes": [...] }`.
    Json,
}

/// Renders a diff; `color` applies to the text format only.
pub fn render(diff: &Diff, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(diff, color),
        Format::Markdown => markdown::render(diff),
        Format::Json => json::render(diff),
    }
}
