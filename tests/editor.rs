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
    assert!(stdout(&printed) == committed, "docs/fedc.1 is stale: run `cargo run -- man > docs/fedc.1`");
}

/// The commands `fedc --help` lists (without `help`).
fn commands() -> Vec<String> {
    let help = stdout(&fedc(&["--help"], repo()));
    let listed = help.split("Commands:\n").nth(1).expect("a command list").split("\n\n").next().unwrap_or_default();
    let names: Vec<String> = listed.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect();
    names.into_iter().filter(|n| n != "help").collect()
}

/// NAME, SYNOPSIS, OPTIONS, EXIT STATUS, ENVIRONMENT, SEE ALSO, every command in a section of its
/// own, and no reference to a page that does not exist (there is no fedc-build(1)).
#[test]
fn the_man_page_has_the_usual_sections_and_refers_only_to_pages_that_exist() {
    let page = stdout(&fedc(&["man"], repo()));
    let sections: Vec<&str> = page.lines().filter_map(|l| l.strip_prefix(".SH ")).collect();
    assert_eq!(
        sections,
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "\"EXIT STATUS\"",
            "ENVIRONMENT",
            "EXAMPLES",
            "SEE ALSO"
        ]
    );
    for command in commands() {
        assert!(page.contains(&format!(".SS \"fedc {command}\"\n")), "{command}");
        assert!(page.contains(&format!(".TP\n\\fBfedc {command}\\fR\n")), "{command} under EXIT STATUS");
    }
    assert!(page.contains(".TP\n\\fBNO_COLOR\\fR\n"), "ENVIRONMENT names NO_COLOR");
    // Every `name(section)` reference: only git(1), which every user of `--base-rev` has.
    let references: Vec<&str> =
        page.match_indices("\\fR(").map(|(at, _)| &page[page[..at].rfind("\\fB").unwrap_or(0)..at + 6]).collect();
    assert_eq!(references, ["\\fBgit\\fR(1)"], "{references:?}");
    assert!(!page.contains("fedc\\-build") && !page.contains("EXTRA") && !page.contains("docs/"), "{page}");
}

#[test]
fn every_help_states_exit_codes_and_formats_and_ends_with_examples() {
    let all = commands();
    assert!(all.len() >= 9, "{all:?}");
    for command in all.iter().map(String::as_str).chain(["--top-level"]) {
        let args: Vec<&str> = if command == "--top-level" { vec!["--help"] } else { vec![command, "--help"] };
        let output = fedc(&args, repo());
        assert_eq!(output.status.code(), Some(0), "{command}: {}", stderr(&output));
        let help = stdout(&output);
        assert!(help.contains("Exit status:"), "{command} --help states exit codes:\n{help}");
        assert!(help.contains("Format"), "{command} --help states its formats:\n{help}");
        let examples = help.split("\nExamples:\n").nth(1).unwrap_or_else(|| panic!("{command}: no Examples:\n{help}"));
        assert!(examples.lines().all(|l| l.starts_with("  fedc ")), "{command}: {examples}");
        assert!(!help.contains("docs/") && !help.contains(".md"), "{command} --help names a repository file:\n{help}");
    }
}
