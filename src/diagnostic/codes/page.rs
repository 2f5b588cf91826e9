//! docs/diagnostics.md, generated from the registry: the introduction below, a table of every
//! code, then each area's introduction and entries (the text `check --explain` prints), findings
//! first, failures last. `scripts/gen-diagnostics` rewrites the file (`FEDC_UPDATE_DIAGNOSTICS=1`
//! on the test below); the test fails when the committed file is stale.

use std::path::PathBuf;

use super::{Entry, Kind, PAGE};

const INTRO: &str = r#"# Diagnostics

<!-- Generated from src/diagnostic/codes/ by scripts/gen-diagnostics: edit the registry, not this page. -->

Every finding fedc reports has a stable code `fedc::<area>::<problem>`, a severity, a message, labels
on the places in the topology it is about (both sides of a collision), and a help line with the fix.
This page lists every code: what it reports, what is wrong, a minimal example that triggers it, and
how to fix it. Each finding about a topology also has a case in `tests/ui/` (named after the code)
whose output is committed under `tests/ui/snapshots/`; findings of `fedc status` and failures are
asserted by integration tests.

`fedc check TOPOLOGY` runs every rule and writes nothing; `fedc build` runs the same rules first and
stops on any error. Warnings do not fail a run unless `--deny-warnings` is given (to either command;
`build --deny-warnings` then writes nothing). A warning acknowledged in the topology
(`[[acknowledge]]`, see docs/topology.md) is not reported and does not count; this holds for every
warning code on this page, including `fedc::gitops::out-mismatch`, which is found after checking
(see [Acknowledged warnings](#acknowledged-warnings)).

| exit code | meaning |
|---|---|
| 0 | no errors (warnings allowed, unless `--deny-warnings`) |
| 1 | findings: at least one error, or a warning with `--deny-warnings` |
| 2 | usage error, unreadable topology file, output or template problem |

Output formats (`--format`):

- `human` (default): annotated source excerpts, sorted by position, then a summary line
  (`topology.toml: 2 errors, 1 warning`). Colour only on a terminal, and never when `NO_COLOR` is set
  (`--color always|never` overrides).
- `json`: one document `{ "version": 1, "diagnostics": [...], "summary": { "errors", "warnings" } }`;
  each diagnostic has `code`, `severity` (`error` or `warning`), `message`, `file`, `line`, `column`
  (1-based, of the primary label), `help` and `labels` (`message`, `line`, `column`, `start`, `end`).
- `github`: one GitHub Actions workflow command per finding,
  `::error file=…,line=…,col=…,title=<code>::<message>` (or `::warning`), the help on the next line
  of the message.

One mistake gives one finding where fedc can tell: a reference that does not resolve is reported
where it is written, and rules that reason about something *missing* (a peering, an export, an
import) stay quiet about the meshes whose definitions lost a part because of it. A generic finding
that a more specific one restates on the same lines is dropped: an import rule a failover needs
that an earlier rule shadows is reported once, as `fedc::failover::shadowed-source`, not also as
`fedc::import::shadowed-rule` (`src/check/echoes.rs`). Fix the first
findings first; a second run may show more.

`fedc check --explain CODE` prints the section of this page that documents CODE, like `rustc
--explain`: both come from the registry of codes compiled into the binary (`src/diagnostic/codes/`),
so the text matches the fedc that reported the code. An unknown code is a usage error (exit 2) with
the closest known code.

The examples below show only the part of the topology that matters."#;

const FAILURES: &str = r#"## Failures (exit code 2)

Some problems are not about a place in the topology: the output directory, a file fedc keeps there,
a template, the file system, the command line. They stop the command with exit code 2 and one coded
message, `error[<code>]: <message>` in the human format, `{ "version": 1, "diagnostics": [], "error":
{ "code", "message" }, "summary": … }` with `--format json`, and `::error title=<code>::<message>`
with `--format github`. They have no UI case: an integration test under `tests/` asserts each of
them (`src/diagnostic/codes/coverage.rs` checks that one does)."#;

/// Codes only the test build has (the `fault-injection` feature): not for users to look up.
const TEST_ONLY: &[&str] = &["fedc::emit::injected"];

/// The entries the page documents: every one a release build has.
fn documented(entries: &[&'static Entry]) -> impl Iterator<Item = &'static Entry> {
    entries.iter().copied().filter(|e| !TEST_ONLY.contains(&e.id))
}

fn page() -> String {
    let mut text = format!("{INTRO}\n\n## Contents\n\n{}\n---\n", contents());
    let mut failures_begun = false;
    for (_, title, intro, entries) in PAGE {
        if !failures_begun && is_failures(entries) {
            text.push_str(&format!("\n{FAILURES}\n"));
            failures_begun = true;
        }
        text.push_str(&format!("\n## {title}\n"));
        let intro = super::dedent(intro);
        if !intro.is_empty() {
            text.push_str(&format!("\n{intro}\n"));
        }
        for entry in documented(entries) {
            text.push_str(&format!("\n{}", entry.explanation()));
        }
    }
    text
}

fn is_failures(entries: &[&Entry]) -> bool {
    entries.iter().all(|e| e.kind == Kind::Failure)
}

/// One table of every code, area by area, each linked to its section.
fn contents() -> String {
    let mut text = String::from("| code | kind | summary |\n|---|---|---|\n");
    for (_, title, _, entries) in PAGE {
        text.push_str(&format!("| **[{title}](#{})** | | |\n", anchor(title)));
        for entry in documented(entries) {
            let heading = entry.explanation().lines().next().unwrap_or_default().trim_start_matches("### ").to_string();
            let kind = if entry.kind == Kind::Failure { "failure" } else { entry.kind.label() };
            let summary = super::dedent(entry.summary).replace('|', "\\|");
            text.push_str(&format!("| [`{}`](#{}) | {kind} | {summary} |\n", entry.id, anchor(&heading)));
        }
    }
    text
}

/// The anchor GitHub gives a heading: lower case, spaces as `-`, other punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md")
}

#[test]
fn committed_page_is_fresh() {
    let fresh = page();
    if std::env::var("FEDC_UPDATE_DIAGNOSTICS").is_ok_and(|v| v == "1") {
        std::fs::write(committed_path(), &fresh).expect("write docs/diagnostics.md");
        return;
    }
    let committed = std::fs::read_to_string(committed_path()).expect("read docs/diagnostics.md");
    assert!(
        committed == fresh,
        "docs/diagnostics.md is stale relative to src/diagnostic/codes/: run scripts/gen-diagnostics"
    );
}

#[test]
fn the_page_shows_every_explanation_as_check_explain_prints_it() {
    let text = page();
    for entry in super::all().filter(|e| !TEST_ONLY.contains(&e.id)) {
        assert!(text.contains(&format!("\n{}", entry.explanation())), "{} is not on the page as explained", entry.id);
    }
}

#[test]
fn anchors_are_github_s() {
    assert_eq!(anchor("`fedc::peer::self` (error)"), "fedcpeerself-error");
    assert_eq!(anchor("Istio and OpenShift Service Mesh 3 meshes"), "istio-and-openshift-service-mesh-3-meshes");
    assert_eq!(anchor("Failures: the output directory"), "failures-the-output-directory");
}
