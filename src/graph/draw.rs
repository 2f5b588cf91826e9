//! Mermaid and DOT syntax for a [`Picture`]. Node ids are generated (`m0`, `c0`); names appear
//! only in quoted labels, escaped for each syntax, so no name can break out of its label.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Picture;
use crate::inert;

/// Generated node ids per mesh name, in cluster order.
fn mesh_ids(picture: &Picture) -> BTreeMap<&str, String> {
    let meshes = picture.clusters.values().flatten();
    meshes.enumerate().map(|(i, name)| (name.as_str(), format!("m{i}"))).collect()
}

/// The title's note on peerings left out, if any.
fn hidden(picture: &Picture) -> String {
    match picture.peerings_hidden {
        0 => String::new(),
        n => format!(" ({n} peerings not drawn; flows per mesh pair)"),
    }
}

fn id<'a>(ids: &'a BTreeMap<&str, String>, name: &str) -> &'a str {
    ids.get(name).map_or("unknown", String::as_str)
}

/// The meshes drawn again in cluster `index` (`cluster`) because they span it, with their node ids.
fn spanned<'a>(
    picture: &'a Picture,
    ids: &BTreeMap<&str, String>,
    index: usize,
    cluster: &str,
) -> Vec<(&'a str, String)> {
    let here = picture.spans.iter().filter(|(_, on)| on == cluster);
    here.map(|(mesh, _)| (mesh.as_str(), format!("{}_c{index}", id(ids, mesh)))).collect()
}

/// A Mermaid label: quotes and markup characters as entities.
fn mermaid_label(text: &str) -> String {
    let mut out = String::new();
    for c in inert::text(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid flowchart: a subgraph per cluster, `---` peerings, `-->` flows, `-.->` failovers.
pub(crate) fn mermaid(picture: &Picture) -> String {
    let ids = mesh_ids(picture);
    let mut out =
        format!("---\ntitle: \"{}{}\"\n---\nflowchart LR\n", mermaid_label(&picture.federation), hidden(picture));
    for (index, (cluster, meshes)) in picture.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph c{index}[\"cluster {}\"]", mermaid_label(cluster));
        for mesh in meshes {
            let _ = writeln!(out, "    {}([\"mesh {}\"])", id(&ids, mesh), mermaid_label(mesh));
        }
        for (mesh, node) in spanned(picture, &ids, index, cluster) {
            let _ = writeln!(out, "    {node}([\"mesh {}\"])", mermaid_label(mesh));
        }
        out.push_str("  end\n");
    }
    for (index, cluster) in picture.clusters.keys().enumerate() {
        for (mesh, node) in spanned(picture, &ids, index, cluster) {
            let _ = writeln!(out, "  {} <-->|east-west| {node}", id(&ids, mesh));
        }
    }
    for (a, b) in &picture.peerings {
        let _ = writeln!(out, "  {} ---|peered| {}", id(&ids, a), id(&ids, b));
    }
    for ((from, to), labels) in &picture.flows {
        let _ = writeln!(out, "  {} -->|\"{}\"| {}", id(&ids, from), mermaid_label(&labels.join(", ")), id(&ids, to));
    }
    for ((mesh, via), services) in &picture.failovers {
        let label = format!("failover {}", services.join(", "));
        let _ = writeln!(out, "  {} -.->|\"{}\"| {}", id(&ids, mesh), mermaid_label(&label), id(&ids, via));
    }
    out
}

/// A DOT string: backslashes and quotes escaped.
fn dot_label(text: &str) -> String {
    inert::text(text).replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}

/// Graphviz: a `cluster_` subgraph per cluster, undirected-looking peerings, flows, dashed failovers.
pub(crate) fn dot(picture: &Picture) -> String {
    let ids = mesh_ids(picture);
    let mut out = format!(
        "digraph \"{}\" {{\n  label=\"{}{}\";\n  rankdir=LR;\n  node [shape=box, style=rounded];\n",
        dot_label(&picture.federation),
        dot_label(&picture.federation),
        hidden(picture)
    );
    for (index, (cluster, meshes)) in picture.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_c{index} {{\n    label=\"cluster {}\";", dot_label(cluster));
        for mesh in meshes {
            let _ = writeln!(out, "    {} [label=\"mesh {}\"];", id(&ids, mesh), dot_label(mesh));
        }
        for (mesh, node) in spanned(picture, &ids, index, cluster) {
            let _ = writeln!(out, "    {node} [label=\"mesh {}\"];", dot_label(mesh));
        }
        out.push_str("  }\n");
    }
    for (index, cluster) in picture.clusters.keys().enumerate() {
        for (mesh, node) in spanned(picture, &ids, index, cluster) {
            let _ = writeln!(out, "  {} -> {node} [dir=both, label=\"east-west\"];", id(&ids, mesh));
        }
    }
    for (a, b) in &picture.peerings {
        let _ = writeln!(out, "  {} -> {} [dir=none, color=gray, label=\"peered\"];", id(&ids, a), id(&ids, b));
    }
    for ((from, to), labels) in &picture.flows {
        let _ =
            writeln!(out, "  {} -> {} [label=\"{}\"];", id(&ids, from), id(&ids, to), dot_label(&labels.join(", ")));
    }
    for ((mesh, via), services) in &picture.failovers {
        let label = format!("failover {}", services.join(", "));
        let _ = writeln!(
            out,
            "  {} -> {} [style=dashed, color=red, label=\"{}\"];",
            id(&ids, mesh),
            id(&ids, via),
            dot_label(&label)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(mermaid_label("a\"]) --> x[\"b|c<d>"), "a#quot;]) --#gt; x[#quot;b#124;c#lt;d#gt;");
        assert_eq!(dot_label("a\"; x -> y [label=\"\\"), "a\\\"; x -> y [label=\\\"\\\\");
        assert_eq!(mermaid_label("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(dot_label("::error::x ##[y]"), "\\\\u{3a}:error::x #\\\\u{23}[y]");
    }
}
