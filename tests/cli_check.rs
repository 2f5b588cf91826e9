//! `fedc check` as a user runs it: exit codes, `--deny-warnings`, the JSON and GitHub formats, and
//! colour only on request. Topologies come from the UI corpus (`tests/ui/`).

use std::process::{Command, Output};

fn fedc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fedc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run fedc")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

/// 1-based line and column of the last occurrence of `needle` in a file.
fn position(path: &str, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("read");
    let offset = text.rfind(needle).expect("needle in file");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line as u64, column as u64)
}

#[test]
fn clean_topology_exits_zero() {
    let output = fedc(&["check", "examples/federation.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "examples/federation.toml: no findings\n");
}

#[test]
fn errors_exit_one() {
    let output = fedc(&["check", "tests/ui/peer-self.toml"]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("fedc::peer::self"));
    assert!(stdout(&output).ends_with("tests/ui/peer-self.toml: 1 error, 0 warnings\n"));
}

#[test]
fn warnings_pass_unless_denied() {
    let output = fedc(&["check", "tests/ui/cert-missing.toml"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("0 errors, 1 warning"));
    let denied = fedc(&["check", "--deny-warnings", "tests/ui/cert-missing.toml"]);
    assert_eq!(code(&denied), 1);
    let clean = fedc(&["check", "--deny-warnings", "examples/federation.toml"]);
    assert_eq!(code(&clean), 0);
}

#[test]
fn usage_and_io_errors_exit_two() {
    let missing = fedc(&["check", "tests/ui/no-such-file.toml"]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).starts_with("error[fedc::io::failed]: tests/ui/no-such-file.toml: "),
        "{}",
        stderr(&missing)
    );
    assert_eq!(code(&fedc(&["check", "--no-such-flag", "examples/federation.toml"])), 2);
    assert_eq!(code(&fedc(&["check"])), 2);
    assert_eq!(code(&fedc(&["check", "--format", "xml", "examples/federation.toml"])), 2);
}

#[test]
fn syntax_errors_are_findings() {
    let output = fedc(&["check", "tests/ui/load-invalid-syntax.toml"]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("fedc::load::invalid-toml"), "same stream as every other finding");
}

#[test]
fn overlay_findings_need_no_build() {
    for (case, code_wanted) in [
        ("overlay-no-match.toml", "fedc::overlay::no-match"),
        ("overlay-patch-failed.toml", "fedc::overlay::patch-failed"),
    ] {
        let output = fedc(&["check", &format!("tests/ui/{case}")]);
        assert_eq!(code(&output), 1, "{case}");
        assert!(stdout(&output).contains(code_wanted), "{case}: {}", stdout(&output));
    }
}

#[test]
fn json_lists_every_finding_with_its_position() {
    let output = fedc(&["check", "--format", "json", "tests/ui/peer-self.toml"]);
    assert_eq!(code(&output), 1);
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout");
    assert_eq!(document["version"], 1);
    assert_eq!(document["summary"]["errors"], 1);
    assert_eq!(document["summary"]["warnings"], 0);
    let diagnostics = document["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1);
    let finding = &diagnostics[0];
    assert_eq!(finding["code"], "fedc::peer::self");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "mesh `blue` is peered with itself");
    assert_eq!(finding["file"], "tests/ui/peer-self.toml");
    // The primary label is the second `blue` of `meshes = ["blue", "blue"]`.
    let (line, column) = position("tests/ui/peer-self.toml", "\"blue\"]");
    assert_eq!((finding["line"].as_u64(), finding["column"].as_u64()), (Some(line), Some(column)));
    assert!(finding["help"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(finding["labels"].as_array().map(Vec::len), Some(2));
}

#[test]
fn json_is_sorted_by_position() {
    let output = fedc(&["check", "--format", "json", "tests/ui/failover-invalid-outlier.toml"]);
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout");
    let positions: Vec<(u64, u64)> = document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["line"].as_u64().expect("line"), d["column"].as_u64().expect("column")))
        .collect();
    assert_eq!(positions.len(), 2);
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{positions:?}");
}

#[test]
fn json_reports_syntax_errors_too() {
    let output = fedc(&["check", "--format", "json", "tests/ui/load-invalid-syntax.toml"]);
    assert_eq!(code(&output), 1);
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout");
    assert_eq!(document["diagnostics"][0]["code"], "fedc::load::invalid-toml");
    assert_eq!(document["diagnostics"][0]["line"], 15);
}

#[test]
fn github_prints_workflow_commands() {
    let output = fedc(&["check", "--format", "github", "tests/ui/peer-self.toml"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let (line, column) = position("tests/ui/peer-self.toml", "\"blue\"]");
    let expected =
        format!("::error file=tests/ui/peer-self.toml,line={line},col={column},title=fedc%3A%3Apeer%3A%3Aself::");
    assert!(text.starts_with(&expected), "{text}");
    assert!(text.contains("%0Ahelp: "), "help follows the message on an escaped new line: {text}");
    let warning = stdout(&fedc(&["check", "--format", "github", "tests/ui/cert-missing.toml"]));
    assert!(warning.starts_with("::warning file=tests/ui/cert-missing.toml,line="), "{warning}");
}

#[test]
fn no_colour_unless_asked() {
    let escape = '\u{1b}';
    // stdout is a pipe here: `auto` means no colour.
    assert!(!stdout(&fedc(&["check", "tests/ui/peer-self.toml"])).contains(escape));
    let with_no_color = Command::new(env!("CARGO_BIN_EXE_fedc"))
        .args(["check", "tests/ui/peer-self.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run fedc");
    assert!(!stdout(&with_no_color).contains(escape));
    assert!(!stdout(&fedc(&["check", "--color", "never", "tests/ui/peer-self.toml"])).contains(escape));
    // The check above would pass trivially if fedc never coloured anything.
    assert!(stdout(&fedc(&["check", "--color", "always", "tests/ui/peer-self.toml"])).contains(escape));
}
