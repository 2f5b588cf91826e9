//! Text from a pull request reaches CI logs through findings, warnings and file names. It must
//! not colour or rewrite the log (control characters, bidirectional overrides) nor start a line
//! with `::`, which GitHub Actions runs as a workflow command.

use crate::support::{example_into, fedc, stderr, stdout};

/// Raw characters that must never reach the log from repository content.
const RAW: [char; 5] = ['\u{1b}', '\u{85}', '\u{2028}', '\u{202e}', '\u{7f}'];

fn assert_inert(log: &str, allowed_commands: &[&str]) {
    for c in RAW {
        assert!(!log.contains(c), "raw {c:?} in log:\n{log}");
    }
    for line in log.lines().filter(|line| line.starts_with("::")) {
        assert!(allowed_commands.iter().any(|ok| line.starts_with(ok)), "injected workflow command: {line}");
    }
}

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
    let stray = out.join("clusters").join("stray\u{1b}[31m\n::error::forged\u{202e}.yaml");
    std::fs::write(&stray, "kind: x\n").expect("plant stray file");
    for args in [
        vec!["check", path, "--out", "rendered"],
        vec!["check", path, "--out", "rendered", "--format", "github"],
        vec!["build", path, "--out", "rendered"],
    ] {
        let run = fedc(&args, dir.path());
        let log = stdout(&run) + &stderr(&run);
        assert!(log.contains("stray"), "{args:?}: the stray file is reported\n{log}");
        assert_inert(&log, &["::error file="]);
    }
    assert!(stray.exists(), "a file fedc did not write is left alone");
}
