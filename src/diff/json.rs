//! One JSON document for tools: format version, summary, counts (total and per group), and every
//! change with its object identity, paths and unified diff. Field names are stable.

use serde_json::{Value, json};

use super::model::{Change, Counts, Diff, Identity};

pub(crate) fn render(diff: &Diff) -> String {
    let groups: Vec<Value> = diff
        .groups()
        .into_iter()
        .map(|(group, changes)| {
            json!({ "name": group.name(), "cluster": group.is_cluster(), "counts": counts(Counts::of(changes)) })
        })
        .collect();
    let document = json!({
        "version": 1,
        "identical": diff.is_empty(),
        "summary": super::headline::headline(diff),
        "counts": counts(diff.counts()),
        "groups": groups,
        "changes": diff.changes.iter().map(change).collect::<Vec<_>>(),
    });
    crate::inert::json(format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default()))
}

fn counts(counts: Counts) -> Value {
    json!({ "add": counts.add, "change": counts.change, "remove": counts.remove })
}

fn change(change: &Change) -> Value {
    let api_version = change.new.as_ref().or(change.old.as_ref()).and_then(|side| side.api_version.clone());
    let (kind, namespace, name) = match &change.identity {
        Identity::Object { kind, namespace, name, .. } => (Some(kind), namespace.as_ref(), Some(name)),
        Identity::File { .. } => (None, None, None),
    };
    json!({
        "group": change.group.name(),
        "action": change.action.name(),
        "label": change.identity.label(),
        "apiVersion": api_version,
        "kind": kind,
        "namespace": namespace,
        "name": name,
        "old_path": change.old.as_ref().map(|side| &side.path),
        "new_path": change.new.as_ref().map(|side| &side.path),
        "diff": change.diff,
    })
}
