//! docs/architecture.md's layering, checked on the sources: a module uses only modules of lower
//! layers (the pipeline's stages in order, the foundation below them, the commands above), so
//! there is no import circle and no arrow from a lower stage to a higher one. Test code (files
//! named `*tests.rs`, `tests/` folders, `#[cfg(test)]` modules and items) is not counted.

use std::collections::BTreeMap;
use std::path::Path;

/// Every top-level module, lowest first: each may use only those before it.
const LAYERS: &[&str] = &[
    // Foundation: spans, findings, failures, escaping, PEM.
    "source",
    "suggest",
    "diagnostic",
    "error",
    "inert",
    "pem", //
    // The pipeline.
    "model",
    "load",
    "check",
    "plan",
    "render",
    "verify",
    "emit",
    "compile", //
    // Beside the pipeline.
    "explain",
    "graph",
    "diff",
    "status", //
    // The one place findings are rendered, then the command line.
    "report",
    "cli",
];

/// Top-level modules named after `crate::` in `code`, with `use crate::{a, b::c}` groups read.
fn used_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (index, _) in code.match_indices("crate::") {
        let rest = &code[index + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (at, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_ascii_lowercase() || c == '_') => {
                        found.push(identifier(&group[at..]));
                        item_start = false;
                    }
                    c if !c.is_whitespace() => item_start = false,
                    _ => {}
                }
            }
        } else {
            found.push(identifier(rest));
        }
    }
    found
}

fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// `code` without comments, `#[cfg(test)]` modules (their braces matched) and other
/// `#[cfg(test)]` items (the line after the attribute).
fn without_tests(code: &str) -> String {
    let lines: Vec<&str> = code.lines().map(|line| line.split("//").next().unwrap_or("")).collect();
    let mut kept = String::new();
    let mut index = 0;
    while index < lines.len() {
        if lines[index].trim() != "#[cfg(test)]" {
            kept.push_str(lines[index]);
            kept.push('\n');
            index += 1;
            continue;
        }
        index += 1;
        let mut depth = 0i32;
        while index < lines.len() {
            let line = lines[index];
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            index += 1;
            if depth <= 0 && (line.trim_end().ends_with(';') || line.trim_end().ends_with('}')) {
                break;
            }
        }
    }
    kept
}

/// Uses of each top-level module by each other one: (user, used) → a file where it happens.
fn dependencies() -> BTreeMap<(String, String), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        let relative = path.strip_prefix(&root).expect("under src");
        let name = relative.to_string_lossy();
        let test_code = name.ends_with("tests.rs") || name.contains("/tests/") || name == "testing.rs";
        if !name.ends_with(".rs") || test_code || name == "lib.rs" || name == "main.rs" {
            continue;
        }
        let top = name.split('/').next().unwrap_or_default().trim_end_matches(".rs").to_string();
        let code = without_tests(&std::fs::read_to_string(path).expect("read source"));
        for used in used_modules(&code) {
            if used != top {
                found.entry((top.clone(), used)).or_insert_with(|| name.to_string());
            }
        }
    }
    found
}

#[test]
fn every_module_uses_only_lower_layers() {
    let layer = |name: &str| LAYERS.iter().position(|l| *l == name);
    let mut wrong = Vec::new();
    for ((user, used), file) in dependencies() {
        match (layer(&user), layer(&used)) {
            (Some(a), Some(b)) if b < a => {}
            (None, _) => wrong.push(format!("{user} (in {file}) is not in LAYERS")),
            (_, None) => wrong.push(format!("{file} uses crate::{used}, which is not in LAYERS")),
            _ => wrong.push(format!("{file}: {user} uses {used}, a module of a higher layer")),
        }
    }
    assert!(wrong.is_empty(), "docs/architecture.md's layers are broken:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_is_placed_in_a_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("mod ").or_else(|| line.trim().strip_prefix("pub(crate) mod ")))
        .map(|rest| rest.trim_end_matches(';'))
        .filter(|name| !name.ends_with("tests") && *name != "testing")
        .collect();
    let mut placed: Vec<&str> = LAYERS.to_vec();
    placed.sort();
    let mut declared = declared.clone();
    declared.sort();
    assert_eq!(declared, placed, "lib.rs's modules and LAYERS");
}

#[test]
fn the_reader_sees_grouped_and_nested_uses() {
    let code = "use crate::{a::B, c, d::{e, f}};\nfn g() { crate::h::i(); }\n";
    assert_eq!(used_modules(code), ["a", "c", "d", "h"]);
    let tested = "use crate::x;\n#[cfg(test)]\nmod tests {\n    use crate::y;\n}\n#[cfg(test)]\nuse crate::z;\n";
    assert_eq!(used_modules(&without_tests(tested)), ["x"]);
}
