//! `fedc diff`: what would change, per cluster and object, between the committed output and a
//! fresh render (or between two output directories). Offline; reads only. `model` compares,
//! `read` loads the sides, `text`, `markdown` and `json` render. See docs/gitops.md.

mod headline;
mod json;
mod markdown;
mod model;
mod read;
pub(crate) mod semantic;
mod streamed;
mod text;

pub(crate) use model::flow_depth;
pub(crate) use model::{Diff, Files, compare};
pub(crate) use read::{Digests, output_dir_digests, output_dir_rest, output_dir_sharing};
pub(crate) use streamed::Streamed;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Per cluster and object, with unified diffs (coloured on a terminal).
    Text,
    /// GitHub-flavoured markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// One JSON document: `{ "version": 1, "counts": {...}, "changes": [...] }`.
    Json,
}

/// Renders a diff; `color` applies to the text format only.
pub(crate) fn render(diff: &Diff, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(diff, color),
        Format::Markdown => markdown::render(diff),
        Format::Json => json::render(diff),
    }
}
