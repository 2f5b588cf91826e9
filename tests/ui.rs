//! UI tests, as cargo's and ruff's: every `tests/ui/*.toml` is a small topology that breaks one
//! rule, run through the fedc binary. Its first line names the codes it must produce
//! (`# expect: fedc::peer::self`, or `# expect: clean`); a second line `# run: fedc <args>` may
//! give the command (default `fedc check {case}`; `{case}` is the case's path, `{out}` a scratch
//! directory under target/ emptied first). The snapshot under `tests/ui/snapshots/` is the
//! command, its exit code, stdout and stderr (human format, no colour); the codes, labels and
//! help are asserted from a second run with `--format json`.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test integration ui::`, then
//! review `git diff tests/ui/snapshots/`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{fedc, repo, stderr, stdout};

/// Case files, relative to the crate root so that snapshots show stable paths.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/ui"))
        .expect("tests/ui")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.strip_prefix(repo()).expect("under the repository").to_path_buf())
        .collect();
    cases.sort();
    cases
}

/// The codes named on the first line, `# expect: a, b`; empty for `clean`.
fn expected_codes(path: &Path, text: &str) -> Vec<String> {
    let first = text.lines().next().unwrap_or_default();
    let list = first.strip_prefix("# expect:").unwrap_or_else(|| {
        panic!("{}: first line must be `# expect: <code>[, <code>…]` or `# expect: clean`", path.display())
    });
    list.split(',').map(str::trim).filter(|c| *c != "clean" && !c.is_empty()).map(String::from).collect()
}

/// The command line of a case (without `fedc`): its `# run:` line, or `check {case}`.
fn command(path: &Path, text: &str) -> Vec<String> {
    let line = text.lines().nth(1).and_then(|l| l.strip_prefix("# run: fedc ")).unwrap_or("check {case}");
    let case = path.to_str().expect("UTF-8 path");
    let out = format!("target/ui/{}", path.file_stem().and_then(|s| s.to_str()).expect("file name"));
    let _ = std::fs::remove_dir_all(repo().join(&out));
    line.split_whitespace().map(|arg| arg.replace("{case}", case).replace("{out}", &out)).collect()
}

fn run(args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fedc(&args, repo())
}

/// The findings of a `--format json` run: the JSON document on stdout or, for `build`, leading
/// stderr; none when it succeeded without printing one (`build` prints findings only if any).
fn findings(args: &[String]) -> Vec<serde_json::Value> {
    let mut args = args.to_vec();
    args.extend(["--format".to_string(), "json".to_string()]);
    let output = run(&args);
    let leading = |text: String| serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>().next();
    match [stdout(&output), stderr(&output)].into_iter().find_map(|text| leading(text)?.ok()) {
        Some(document) => document["diagnostics"].as_array().cloned().unwrap_or_default(),
        None if output.status.success() => Vec::new(),
        None => panic!("{args:?}: no JSON document:\n{}{}", stdout(&output), stderr(&output)),
    }
}

fn transcript(args: &[String], output: &Output) -> String {
    let status = output.status.code().map_or_else(|| "killed".to_string(), |c| c.to_string());
    format!("$ fedc {}\nexit: {status}\n--- stdout\n{}--- stderr\n{}", args.join(" "), stdout(output), stderr(output))
}

fn run_case(path: &Path) {
    let text = std::fs::read_to_string(repo().join(path)).expect("read case");
    let expected = expected_codes(path, &text);
    let args = command(path, &text);
    let found = findings(&args);
    let codes: Vec<&str> = found.iter().filter_map(|d| d["code"].as_str()).collect();
    if expected.is_empty() {
        assert!(found.is_empty(), "{}: expected no findings, got {codes:?}", path.display());
    }
    for code in &expected {
        assert!(codes.contains(&code.as_str()), "{}: expected `{code}`, got {codes:?}", path.display());
    }
    for finding in &found {
        let code = &finding["code"];
        let labelled = finding["labels"].as_array().is_some_and(|l| !l.is_empty());
        assert!(labelled, "{}: `{code}` has no label", path.display());
        assert!(finding["help"].is_string(), "{}: `{code}` has no help", path.display());
    }
    let output = run(&command(path, &text));
    let rendered = transcript(&args, &output);
    let name = path.file_stem().and_then(|s| s.to_str()).expect("file name");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("ui/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(path);
    settings.bind(|| insta::assert_snapshot!(name, rendered));
}

#[test]
fn ui() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus needs at least 40 cases, has {}", cases.len());
    let failed: Vec<String> = cases
        .iter()
        .filter(|path| catch_unwind(AssertUnwindSafe(|| run_case(path))).is_err())
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{} of {} UI cases failed: {failed:#?}", failed.len(), cases.len());
}

/// Every code a case expects is one fedc can emit: a typo in `# expect:` must not go unnoticed.
#[test]
fn every_expected_code_is_in_the_sources() {
    let sources: String = walk("src").iter().map(|p| std::fs::read_to_string(p).expect("read")).collect();
    for path in cases() {
        let text = std::fs::read_to_string(&path).expect("read case");
        for code in expected_codes(&path, &text) {
            assert!(sources.contains(&format!("\"{code}\"")), "{}: `{code}` appears nowhere in src/", path.display());
        }
    }
}

fn walk(dir: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Every code in the sources: each `"fedc::<area>::<problem>"` string literal.
fn codes_in_sources() -> std::collections::BTreeSet<String> {
    let mut codes = std::collections::BTreeSet::new();
    for path in walk("src") {
        let text = std::fs::read_to_string(&path).expect("read");
        for (start, _) in text.match_indices("\"fedc::") {
            let rest = &text[start + 1..];
            let end = rest.find('"').expect("closing quote");
            let code = &rest[..end];
            if code.split("::").count() == 3 && code.bytes().all(|b| b.is_ascii_lowercase() || b"-:".contains(&b)) {
                codes.insert(code.to_string());
            }
        }
    }
    codes
}

/// Codes that are not findings about the topology: failures (exit code 2) about the output
/// directory, templates, files, and what `fedc status` reads in the clusters. They have no UI
/// case; integration tests (tests/status.rs for `fedc::status::`) assert them.
fn is_failure_code(code: &str) -> bool {
    ["fedc::io::", "fedc::emit::", "fedc::diff::", "fedc::template::", "fedc::status::"]
        .iter()
        .any(|area| code.starts_with(area))
}

/// docs/diagnostics.md lists every code, and some UI case expects it.
#[test]
fn every_code_is_documented_and_tested() {
    let docs = std::fs::read_to_string("docs/diagnostics.md").expect("docs/diagnostics.md");
    let expected: Vec<String> = cases()
        .iter()
        .flat_map(|path| expected_codes(path, &std::fs::read_to_string(path).expect("read case")))
        .collect();
    for code in codes_in_sources() {
        assert!(docs.contains(&format!("`{code}`")), "docs/diagnostics.md does not document `{code}`");
        if !is_failure_code(&code) {
            assert!(expected.contains(&code), "no tests/ui case expects `{code}`");
        }
    }
}
