//! Text from a pull request reaches CI logs through findings, warnings, file names, and the
//! values and contents `diff` shows. It must not colour or rewrite the log (control characters,
//! bidirectional overrides), break a line where fedc did not, nor write a line the GitHub Actions
//! runner executes: one starting with `::` once leading white space is trimmed (the runner trims
//! it), or holding `##[` anywhere (its older command syntax).

use std::path::Path;

use crate::support::{example_into, fedc, stderr, stdout};

/// Raw characters that must never reach the log from repository content.
const RAW: [char; 6] = ['\u{1b}', '\u{85}', '\u{2028}', '\u{202e}', '\u{7f}', '\r'];

/// A line GitHub Actions would run as a workflow command, unless it is one of fedc's own
/// (`allowed_commands`, written at the start of the line).
fn assert_inert(log: &str, allowed_commands: &[&str]) {
    for c in RAW {
        assert!(!log.contains(c), "raw {c:?} in log:\n{log}");
    }
    for line in log.split('\n') {
        assert!(!line.contains("##["), "old-style workflow command: {line}");
        if line.trim_start().starts_with("::") {
            assert!(allowed_commands.iter().any(|ok| line.starts_with(ok)), "injected workflow command: {line}");
        }
    }
}

/// The hostile text planted below, as fedc must print it: escaped, on one line, defused.
const HOSTILE: &str = "x\u{1b}[31m\n::error file=x::pwned ##[error]y\u{202e}";
const HOSTILE_SHOWN: &str = "x\\u{1b}[31m\\u{a}::error file=x::pwned #\\u{23}[error]y\\u{202e}";

#[test]
fn hostile_values_in_findings_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    crate::support::edit(&topology, |text| {
        text.replacen(
            "name = \"bookinfo\"",
            "name = \"bookinfo\\u001b[2J\\u202e\\n::add-mask::x\\u0085\\u2028\\u007f\\n::error::forged\"",
            1,
        )
    });
    let path = topology.to_str().expect("utf-8 path");
    let human = fedc(&["check", path], dir.path());
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    let human_log = stdout(&human) + &stderr(&human);
    assert!(human_log.contains("fedc::name::invalid"), "{human_log}");
    assert_inert(&human_log, &[]);
    let github = fedc(&["check", path, "--format", "github"], dir.path());
    let github_log = stdout(&github) + &stderr(&github);
    assert!(github_log.contains("title=fedc%3A%3Aname%3A%3Ainvalid"), "{github_log}");
    assert_inert(&github_log, &["::error file=", "::warning file="]);
}

#[test]
fn hostile_file_names_in_the_output_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let out = dir.path().join("rendered");
    let path = topology.to_str().expect("utf-8 path");
    let built = fedc(&["build", path, "--out", "rendered"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let stray = out.join("clusters").join(format!("stray-{HOSTILE}.yaml"));
    std::fs::write(&stray, "kind: x\n").expect("plant stray file");
    let shown = format!("clusters/stray-{HOSTILE_SHOWN}.yaml");
    for (args, allowed) in [
        (vec!["check", path, "--out", "rendered"], vec![]),
        (vec!["check", path, "--out", "rendered", "--format", "github"], vec!["::error file="]),
        (vec!["check", path, "--out", "rendered", "--format", "json"], vec![]),
        (vec!["build", path, "--out", "rendered"], vec![]),
    ] {
        let run = fedc(&args, dir.path());
        let log = stdout(&run) + &stderr(&run);
        assert!(log.contains("stray"), "{args:?}: the stray file is reported\n{log}");
        assert_inert(&log, &allowed);
        if !args.contains(&"--format") {
            assert!(log.contains(&shown), "{args:?}: one line, escaped:\n{log}");
        }
    }
    assert!(stray.exists(), "a file fedc did not write is left alone");
}

/// Overlay values reach the rendered objects, so `diff` shows them: as a quoted key, a quoted
/// value and the lines of a block scalar. In text and markdown, escaped and defused; in JSON, the
/// same data with `##[` written `#\u0023[`.
#[test]
fn overlay_values_shown_by_diff_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let built = fedc(&["build", "federation.toml", "--out", "rendered"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    crate::support::edit(&topology, |text| {
        format!(
            "{text}\n[[overlays]]\ncluster = \"east\"\nkind = \"ServiceMeshControlPlane\"\nnamespace = \"red-system\"\n\
             name = \"red\"\nmerge = {{ metadata = {{ annotations = {{ note = {}, other = {} }} }} }}\n",
            toml_string("first\n  ::error file=x::pwned\n##[error]y"),
            toml_string("::notice::z ##[warning]k"),
        )
    });
    for format in ["text", "markdown", "json"] {
        let run = fedc(&["diff", "federation.toml", "--out", "rendered", "--format", format], dir.path());
        assert_eq!(run.status.code(), Some(1), "{format}: {}", stderr(&run));
        let log = stdout(&run) + &stderr(&run);
        assert_inert(&log, &[]);
        if format == "json" {
            let document: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("JSON");
            let diffs: Vec<&str> =
                document["changes"].as_array().expect("changes").iter().filter_map(|c| c["diff"].as_str()).collect();
            assert_eq!(diffs.iter().filter(|d| d.contains("+      ##[error]y\n")).count(), 1, "{log}");
            assert!(stdout(&run).contains("#\\u0023[error]y"), "{log}");
        } else {
            assert!(log.contains("::notice::z #\\u{23}[warning]k"), "{format}:\n{log}");
            assert!(log.contains("+        ::error file=x::pwned\n+      #\\u{23}[error]y\n"), "{format}:\n{log}");
        }
    }
}

/// Two output directories a pull request could both have written: file names, object names and
/// contents (context lines start with a space, so a trimmed context line could start with `::`).
#[test]
fn names_and_contents_compared_by_diff_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = |end: u8| {
        format!("kind: Note\nmetadata:\n  name: a\ntext: |\n  ::error file=x::pwned\n  ##[error]y\nend: {end}\n")
    };
    let plant = |side: &str, name: &str, content: &str| {
        let path = dir.path().join(side).join("clusters/east/ns").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    };
    plant("old", "note.yaml", &body(1));
    plant("new", "note.yaml", &body(2));
    let kind = serde_json::to_string(HOSTILE).expect("JSON string");
    let object = format!("kind: {kind}\nmetadata:\n  name: \"n\\n::warning::w\"\n");
    plant("new", &format!("added-{HOSTILE}.yaml"), &object);
    plant("new", &format!("file-{HOSTILE}.yaml"), "[not, an, object]\n");
    for format in ["text", "markdown", "json"] {
        let run = fedc(&["diff", "--old", "old", "--new", "new", "--format", format], dir.path());
        assert_eq!(run.status.code(), Some(1), "{format}: {}", stderr(&run));
        let log = stdout(&run) + &stderr(&run);
        assert_inert(&log, &[]);
        if format != "json" {
            assert!(log.contains("   \\u{3a}:error file=x::pwned\n   #\\u{23}[error]y\n"), "{format}:\n{log}");
            assert!(log.contains(&format!("{HOSTILE_SHOWN} n\\u{{a}}::warning::w")), "{format}:\n{log}");
            assert!(log.contains(&format!("b/clusters/east/ns/file-{HOSTILE_SHOWN}.yaml\n")), "{format}:\n{log}");
        }
    }
    assert!(Path::new(&dir.path().join("old")).is_dir());
}

/// `explain` and `graph` print only names the checker accepted; a hostile name is a finding, and
/// the finding is escaped.
#[test]
fn explain_and_graph_report_hostile_names_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    crate::support::edit(&topology, |text| {
        text.replacen("name = \"red\"", &format!("name = {}", toml_string(HOSTILE)), 1)
    });
    for command in ["explain", "graph"] {
        let run = fedc(&[command, "federation.toml"], dir.path());
        assert_eq!(run.status.code(), Some(1), "{command}: {}", stderr(&run));
        let log = stdout(&run) + &stderr(&run);
        assert!(log.contains("fedc::name::invalid"), "{command}:\n{log}");
        assert_inert(&log, &[]);
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
