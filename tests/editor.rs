//! Editor and shell support: the published JSON Schema is current and describes every topology
//! fedc accepts (the example, every fixture, the starter) while rejecting unknown keys; shell
//! completions for every shell; the committed man page is current; every command's `--help`
//! states its exit codes.

use std::path::PathBuf;

use crate::support::{fedc, repo, stderr, stdout};

/// Where the schema is published in the repository (editors point `#:schema` at it).
const PUBLISHED_SCHEMA: &str = "schema/fedc-topology.schema.json";

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join(PUBLISHED_SCHEMA)).expect("published"))
            .expect("json");
    jsonschema::options().with_draft(jsonschema::Draft::Draft7).build(&schema).expect("a valid schema")
}

/// A topology's TOML as the JSON value an editor validates.
fn as_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).expect("toml");
    serde_json::to_value(value).expect("json")
}

fn topologies() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = ["examples", "tests/fixtures"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(repo().join(dir)).expect("dir").map(|e| e.expect("entry").path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    all.sort();
    all
}

#[test]
fn the_published_schema_is_the_generated_one() {
    let printed = fedc(&["schema"], repo());
    assert_eq!(printed.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&printed)).expect("json");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#", "the draft editors read");
    let published = std::fs::read_to_string(repo().join(PUBLISHED_SCHEMA)).expect("published");
    assert_eq!(published, stdout(&printed), "run `cargo run -- schema > schema/fedc-topology.schema.json`");
    assert_eq!(stdout(&printed), published);
}

#[test]
fn every_example_and_fixture_validates() {
    let validator = validator();
    let all = topologies();
    assert!(all.len() >= 8, "{all:?}");
    for path in all {
        let value = as_json(&std::fs::read_to_string(&path).expect("read"));
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn unknown_keys_and_wrong_types_are_rejected() {
    let validator = validator();
    let example = std::fs::read_to_string(repo().join("examples/federation.toml")).expect("read");
    let cases = [
        example.replace("[federation]\n", "[federation]\nnmae = \"typo\"\n"),
        example.replace("platform = \"aws\"", "platform = \"aws\"\nregion = \"us-east-1\""),
        example.replace("[[peerings]]", "[[peering]]"),
        example.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = \"3\""),
    ];
    for text in cases {
        assert_ne!(text, example);
        assert!(!validator.is_valid(&as_json(&text)), "accepted:\n{text}");
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef fedc"),
        ("fish", "complete -c fedc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = fedc(&["completions", shell], repo());
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {marker}");
        assert!(script.contains("explain"), "{shell} completes the commands");
    }
    assert_eq!(fedc(&["completions", "tcsh"], repo()).status.code(), Some(2));
}

#[test]
fn the_committed_man_page_is_current() {
    let committed = std::fs::read_to_string(repo().join("docs/fedc.1")).expect("docs/fedc.1");
    let printed = fedc(&["man"], repo());
    assert_eq!(printed.status.code(), Some(0));
    let generated = stdout(&printed);
    assert!(committed == generated, "docs/fedc.1 is stale: run `cargo run -- man > docs/fedc.1`");
    for command in ["BUILD", "CHECK", "DIFF", "EXPLAIN", "GRAPH", "INIT", "SCHEMA", "COMPLETIONS", "MAN"] {
        assert!(generated.contains(&format!("COMMAND: FEDC {command}")), "{command}");
    }
}

#[test]
fn every_help_states_exit_codes_and_formats() {
    for command in ["build", "check", "diff", "explain", "graph", "init", "schema", "completions", "man"] {
        let output = fedc(&[command, "--help"], repo());
        assert_eq!(output.status.code(), Some(0), "{command}: {}", stderr(&output));
        let help = stdout(&output);
        assert!(help.contains("Exit status:"), "{command} --help states exit codes:\n{help}");
        assert!(help.contains("Format"), "{command} --help states its formats:\n{help}");
    }
}
