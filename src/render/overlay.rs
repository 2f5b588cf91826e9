//! Applies the topology's overlays (RFC 6902 JSON patches, RFC 7386 merge patches) to rendered objects.

use crate::diagnostic::Diagnostic;
use crate::model::{Overlay, OverlayPatch};

/// Applies, in order, every overlay that selects the object; returns the indices that did.
pub fn apply(
    overlays: &[Overlay],
    cluster: &str,
    object: &mut serde_json::Value,
    path: &str,
) -> Result<Vec<usize>, Diagnostic> {
    let (kind, namespace, name) = identity(object);
    let mut applied = Vec::new();
    for (index, overlay) in overlays.iter().enumerate() {
        if !overlay.selects(cluster, &kind, &namespace, &name) {
            continue;
        }
        match &overlay.patch {
            OverlayPatch::Json(patch) => json_patch::patch(object, patch).map_err(|error| {
                Diagnostic::error(
                    "fedc::overlay::patch-failed",
                    format!("{} does not apply to `{path}`: {error}", overlay.label),
                )
                .label(overlay.span.clone(), "this overlay")
                .help("check the patch paths against the generated object (fedc build without the overlay shows it)")
            })?,
            OverlayPatch::Merge(patch) => json_patch::merge(object, patch),
        }
        applied.push(index);
    }
    Ok(applied)
}

fn identity(object: &serde_json::Value) -> (String, String, String) {
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let metadata = object.get("metadata");
    (
        text(object.get("kind")),
        text(metadata.and_then(|m| m.get("namespace"))),
        text(metadata.and_then(|m| m.get("name"))),
    )
}

/// Overlays that selected nothing are almost always a typo in the selector.
pub fn unused(overlays: &[Overlay], used: &[bool]) -> Vec<Diagnostic> {
    overlays
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(overlay, _)| {
            Diagnostic::error("fedc::overlay::no-match", format!("{} selects no generated object", overlay.label))
                .label(overlay.span.clone(), "matches nothing")
                .help("overlays select by `cluster`, `kind`, `namespace` and `name` of generated objects; check their spelling")
        })
        .collect()
}
