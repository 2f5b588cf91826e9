//! UI tests: every `tests/ui/*.toml` is a small topology that breaks one rule. Its first line names
//! the codes it must produce (`# expect: fedc::peer::self`, or `# expect: clean`), and the rendered
//! findings (human format, no colour) are snapshots under `tests/ui/snapshots/`.
//!
//! Topologies without errors also go through plan and render, so that render-stage findings
//! (overlays) are covered too. After an intended change:
//! `INSTA_UPDATE=always cargo test --test integration ui::`, then review `git diff tests/ui/snapshots/`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use fedc::diagnostic::Diagnostic;
use fedc::error::Error;
use fedc::report::{Format, render};
use fedc::source::SourceFile;

/// Case files, relative to the crate root so that snapshots show stable paths.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/ui")
        .expect("tests/ui")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
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

/// Every finding fedc reports for the topology at `path`: load, check and, without errors, render.
fn findings(path: &Path) -> (SourceFile, Vec<Diagnostic>) {
    let loaded = match fedc::load::load(path) {
        Ok(loaded) => loaded,
        Err(Error::Findings { source, diagnostics }) => return (source, diagnostics),
        Err(other) => panic!("{}: {other}", path.display()),
    };
    if let Err(Error::Findings { diagnostics, .. }) = fedc::compile::within_limits(&loaded, limits(&loaded.source.text))
    {
        return (loaded.source, diagnostics);
    }
    let (federation, mut diagnostics) = fedc::check::findings(&loaded);
    // `# out: DIR` runs the `build --out DIR` check against `[gitops] path` as well.
    let out = loaded.source.text.lines().find_map(|l| l.strip_prefix("# out:")).map(str::trim);
    if let Some(out) = out {
        let text = &loaded.source.text;
        diagnostics.extend(fedc::check::out_path::unacknowledged(&loaded.topology, text, Path::new(out)));
    }
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let templates = fedc::render::Templates::load(None).expect("built-in templates");
        let plan = fedc::plan::plan(&federation);
        match fedc::render::render(&plan, &federation, &loaded.source, &templates) {
            Ok(_) => {}
            Err(Error::Findings { diagnostics: rendered, .. }) => diagnostics.extend(rendered),
            Err(other) => panic!("{}: {other}", path.display()),
        }
    }
    (loaded.source, diagnostics)
}

/// The default limits, or `--max-files` as a case's `# max-files: N` line sets it (so that a small
/// case can show `fedc::federation::too-large`).
fn limits(text: &str) -> fedc::plan::estimate::Limits {
    let mut limits = fedc::plan::estimate::Limits::default();
    let set = text.lines().find_map(|l| l.strip_prefix("# max-files:")).and_then(|n| n.trim().parse().ok());
    if let Some(max_files) = set {
        limits.max_files = max_files;
    }
    limits
}

fn run_case(path: &Path) {
    let text = std::fs::read_to_string(path).expect("read case");
    let expected = expected_codes(path, &text);
    let (source, diagnostics) = findings(path);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    if expected.is_empty() {
        assert!(diagnostics.is_empty(), "{}: expected no findings, got {codes:?}", path.display());
    }
    for code in &expected {
        assert!(codes.contains(&code.as_str()), "{}: expected `{code}`, got {codes:?}", path.display());
    }
    for diagnostic in &diagnostics {
        assert!(!diagnostic.labels.is_empty(), "{}: `{}` has no label", path.display(), diagnostic.code);
        assert!(diagnostic.help.is_some(), "{}: `{}` has no help", path.display(), diagnostic.code);
    }
    let rendered = render(&source, &diagnostics, Format::Human, false);
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

// Every code a case expects is registered, and every finding code has a case: a unit test of the
// registry checks both (src/diagnostic/codes/coverage.rs).
