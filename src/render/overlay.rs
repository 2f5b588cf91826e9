//! Applies the topology's overlays (RFC 6902 JSON patches, RFC 7386 merge patches) to rendered objects.

use super::{object, schema};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Overlay, OverlayPatch};

/// Applies, in order, every overlay that selects the object; returns the indices that did. An
/// overlay may change an object's content, not which object it is, and the result must still be
/// valid against its kind's schema.
pub(crate) fn apply(
    overlays: &[Overlay],
    cluster: &str,
    object: &mut serde_json::Value,
    path: &str,
) -> Result<Vec<usize>, Diagnostic> {
    if overlays.is_empty() {
        return Ok(Vec::new());
    }
    let before = owned(object::identity(object));
    let (_, kind, namespace, name) = &before;
    let (kind, namespace, name) = (text(kind), text(namespace), text(name));
    let mut applied = Vec::new();
    let mut original = None;
    for (index, overlay) in overlays.iter().enumerate() {
        if !overlay.selects(cluster, kind, namespace, name) {
            continue;
        }
        original.get_or_insert_with(|| object.clone());
        apply_one(overlay, object).map_err(|error| {
            Diagnostic::new(
                codes::overlay::PATCH_FAILED,
                format!("{} does not apply to `{path}`: {error}", overlay.label),
            )
            .label(overlay.span.clone(), "this overlay")
            .help("check the patch paths against the generated object (fedc build without the overlay shows it)")
        })?;
        if owned(object::identity(object)) != before || !object.is_object() {
            return Err(identity_changed(overlay, object, &before, path));
        }
        applied.push(index);
    }
    if let (Some(original), Err(invalid)) = (original, schema::validate(object)) {
        return Err(invalid_object(overlays, &applied, original, cluster, &invalid, path));
    }
    Ok(applied)
}

type OwnedIdentity = (Option<String>, Option<String>, Option<String>, Option<String>);

fn owned(identity: object::Identity<'_>) -> OwnedIdentity {
    let own = |v: Option<&str>| v.map(str::to_string);
    (own(identity.0), own(identity.1), own(identity.2), own(identity.3))
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

fn identity_changed(overlay: &Overlay, object: &serde_json::Value, before: &OwnedIdentity, path: &str) -> Diagnostic {
    let was = object::describe((before.0.as_deref(), before.1.as_deref(), before.2.as_deref(), before.3.as_deref()));
    let now = if object.is_object() {
        format!("turns it into {}", object::describe(object::identity(object)))
    } else {
        "replaces it with something that is not an object".to_string()
    };
    Diagnostic::new(codes::overlay::IDENTITY_CHANGED, format!("{} {now} in `{path}`, which holds {was}", overlay.label))
        .label(overlay.span.clone(), "changes which object this is")
        .help("an overlay may change an object's content, not its apiVersion, kind, metadata.name or metadata.namespace; change the topology to generate another object")
}

/// Blames the first overlay after which the object has the problem the final object has
/// (replayed on a copy: this runs only when the final object is invalid).
fn invalid_object(
    overlays: &[Overlay],
    applied: &[usize],
    mut replay: serde_json::Value,
    cluster: &str,
    invalid: &schema::Invalid,
    path: &str,
) -> Diagnostic {
    let mut culprit = applied.last().copied().unwrap_or_default();
    for &index in applied {
        let _ = apply_one(&overlays[index], &mut replay);
        if schema::validate(&replay).is_err_and(|found| found.problem == invalid.problem) {
            culprit = index;
            break;
        }
    }
    let overlay = &overlays[culprit];
    let (label, help) = invalid.problem.blame();
    let cluster = if cluster.is_empty() { String::new() } else { format!(" (cluster {cluster})") };
    Diagnostic::new(
        invalid.problem.overlay_code(),
        format!("{} makes `{path}`{cluster} {}: {invalid}", overlay.label, invalid.problem.made()),
    )
    .label(overlay.span.clone(), label)
    .help(help)
}

fn apply_one(overlay: &Overlay, object: &mut serde_json::Value) -> Result<(), json_patch::PatchError> {
    match &overlay.patch {
        OverlayPatch::Json(patch) => json_patch::patch(object, patch),
        OverlayPatch::Merge(patch) => {
            json_patch::merge(object, patch);
            Ok(())
        }
    }
}

/// Applies the overlays that select `object` again, one RFC 6902 operation (or one merge patch)
/// at a time, calling `step` after each with the overlay's index and the operation's; stops when
/// `step` returns true or an operation fails. For tracing which one changed what (`trace`).
pub(super) fn replay(
    overlays: &[Overlay],
    cluster: &str,
    object: &mut serde_json::Value,
    mut step: impl FnMut(usize, Option<usize>, &serde_json::Value) -> bool,
) {
    let (_, kind, namespace, name) = owned(object::identity(object));
    let (kind, namespace, name) = (text(&kind), text(&namespace), text(&name));
    for (index, overlay) in overlays.iter().enumerate().filter(|(_, o)| o.selects(cluster, kind, namespace, name)) {
        match &overlay.patch {
            OverlayPatch::Json(patch) => {
                for (operation, one) in patch.0.iter().enumerate() {
                    let single = json_patch::Patch(vec![one.clone()]);
                    if json_patch::patch(object, &single).is_err() || step(index, Some(operation), object) {
                        return;
                    }
                }
            }
            OverlayPatch::Merge(patch) => {
                json_patch::merge(object, patch);
                if step(index, None, object) {
                    return;
                }
            }
        }
    }
}

/// Overlays that selected nothing are almost always a typo in the selector.
pub(crate) fn unused(overlays: &[Overlay], used: &[bool]) -> Vec<Diagnostic> {
    overlays
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(overlay, _)| {
            Diagnostic::new(codes::overlay::NO_MATCH, format!("{} selects no generated object", overlay.label))
                .label(overlay.span.clone(), "matches nothing")
                .help("overlays select by `cluster`, `kind`, `namespace` and `name` of generated objects; check their spelling")
        })
        .collect()
}
