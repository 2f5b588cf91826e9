//! `fedc check TOPOLOGY --out DIR`: the CI gate. With `--format human` or `github`, the
//! topology's own findings go to stderr (as in `build`) and the list of problems with the
//! committed output to stdout, like `cargo fmt --check`. With `--format json`, stdout holds one
//! document with both (docs/gitops.md, "check --out --format json"), so `> report.json` has it all.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use super::advice::{self, Step};
use super::progress::Progress;
use super::{Console, Failure, check};
use crate::compile::prepare_with;
use crate::diagnostic::Diagnostic;
use crate::emit::{self, Finding, Lock, Problem};
use crate::error::Error;
use crate::inert;
use crate::report::{self, Format, escape_data, escape_property};
use crate::source::SourceFile;

pub(crate) fn run(args: &check::Args, out: &Path, console: &mut Console) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    super::out_arg::check(out, super::out_arg::Expect::Existing, "check").map_err(|e| (e, format))?;
    let topology = args.input.topology.display().to_string();
    let what = format!("checking {} against {}", args.input.topology.display(), out.display());
    let progress = Progress::on_stderr(console.stderr_is_terminal, what);
    // The committed side does not depend on the topology: it is read while the topology renders.
    // The topology's errors still come first (nothing is compared when it has any), and without
    // waiting for that read: the thread is left to end with the process.
    let committed = {
        let out = out.to_path_buf();
        std::thread::spawn(move || emit::read_committed(&out))
    };
    let verified = prepared_lock(args, out, &progress);
    drop(progress);
    let (source, warnings, new_lock) = match verified {
        Ok(prepared) => prepared,
        // In JSON, the topology's errors are part of the one document on stdout.
        Err(Error::Findings { source, diagnostics }) if format == Format::Json => {
            let context = Context { out: &out.display().to_string(), files: None, topology: &topology };
            console.out(&json(&[], &context, Some((&source, &diagnostics))));
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err((error, format)),
    };
    if !warnings.is_empty() && format != Format::Json {
        console.err(&report::render(&source, &warnings, format, console.colors.stderr));
    }
    // A panic is a bug: it goes on as one (`panic = "abort"` in release builds anyway).
    let committed = committed.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let findings = emit::compare(&committed.map_err(|e| (e, format))?, &new_lock);
    let context = Context { out: &out.display().to_string(), files: Some(new_lock.files.len()), topology: &topology };
    console.out(&match format {
        Format::Human => text(&findings, &context),
        Format::Json => json(&findings, &context, Some((&source, &warnings))),
        Format::Github => github(&findings, &context),
    });
    let failing = !findings.is_empty() || (args.deny_warnings && !warnings.is_empty());
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The topology's source, its warnings (with the `--out` mismatch) and the lock a build would
/// write: rendered a chunk at a time, keeping only each file's hash.
fn prepared_lock(
    args: &check::Args,
    out: &Path,
    progress: &Progress,
) -> Result<(SourceFile, Vec<Diagnostic>, Lock), Error> {
    let mut prepared =
        prepare_with(&args.input.topology, args.input.templates.as_deref(), &args.input.compile_options())?;
    progress.stage("rendering");
    // The committed output must be where Argo CD / Flux sync from, as for `build`.
    let loaded = &prepared.loaded;
    let mismatch = crate::check::out_path::unacknowledged(&loaded.topology, &loaded.source.text, out);
    prepared.warnings.extend(mismatch);
    // Only each file's hash is kept, not its content.
    let (lock, found) = prepared.lock()?;
    prepared.warnings.extend(found);
    crate::diagnostic::sort(&mut prepared.warnings);
    Ok((prepared.loaded.source, prepared.warnings, lock))
}

struct Context<'a> {
    out: &'a str,
    /// Files a build generates; `None` when the topology has errors (nothing was verified).
    files: Option<usize>,
    topology: &'a str,
}

impl Context<'_> {
    fn steps(&self, findings: &[Finding]) -> Vec<Step> {
        advice::steps(findings, self.topology, self.out)
    }
}

fn text(findings: &[Finding], context: &Context) -> String {
    let mut text: String = findings
        .iter()
        .map(|f| format!("{:<8} {}: {}\n", f.problem.name(), inert::text(&f.path), inert::text(&f.detail)))
        .collect();
    text.push_str(&summary(findings, context));
    text.push('\n');
    text
}

/// `out: up to date (…)`, or `out: not up to date: …; to fix, run:` and the commands, each with
/// why (a shell comment, so the lines can be pasted as they are).
fn summary(findings: &[Finding], context: &Context) -> String {
    if findings.is_empty() {
        let files = context.files.unwrap_or_default();
        return format!("{}: up to date ({files} generated files match fedc.lock)", context.out);
    }
    let counts =
        counts(findings).iter().map(|(problem, n)| format!("{n} {}", problem.name())).collect::<Vec<_>>().join(", ");
    let mut text = format!("{}: not up to date: {counts}; to fix, run:", context.out);
    for step in context.steps(findings) {
        text.push_str(&format!("\n  {}    # {}", inert::text(&step.command), step.why));
    }
    text
}

fn counts(findings: &[Finding]) -> BTreeMap<Problem, usize> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.problem).or_insert(0) += 1;
    }
    counts
}

/// One document: the verdict on the output (as before: `version`, `out`, `up_to_date`, `files`,
/// `findings`, `summary`), the commands that fix it (`fix`), and the topology's own findings as
/// `check --format json` prints them (`topology`). When the topology has errors, nothing was
/// verified: `up_to_date` and `files` are null.
fn json(findings: &[Finding], context: &Context, topology: Option<(&SourceFile, &Vec<Diagnostic>)>) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| serde_json::json!({ "problem": f.problem.name(), "path": f.path, "message": f.detail }))
        .collect();
    let mut summary = serde_json::Map::new();
    for problem in [Problem::Stale, Problem::Edited, Problem::Stray, Problem::Missing] {
        let n = findings.iter().filter(|f| f.problem == problem).count();
        summary.insert(problem.name().to_string(), n.into());
    }
    let fix: Vec<serde_json::Value> = context
        .steps(findings)
        .into_iter()
        .map(|step| serde_json::json!({ "command": step.command, "why": step.why }))
        .collect();
    let verified = context.files.is_some();
    let document = serde_json::json!({
        "version": 1,
        "out": context.out,
        "up_to_date": verified.then_some(findings.is_empty()),
        "files": context.files,
        "findings": items,
        "summary": summary,
        "fix": fix,
        "topology": topology.map(|(source, diagnostics)| report::json_document(source, diagnostics)),
    });
    inert::json(format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default()))
}

/// GitHub Actions workflow commands: one `::error` per problem, on the file concerned.
fn github(findings: &[Finding], context: &Context) -> String {
    let mut text = String::new();
    for finding in findings {
        let file = inert::text(&format!("{}/{}", context.out.trim_end_matches('/'), finding.path));
        let title = format!("fedc check --out: {}", finding.problem.name());
        text.push_str(&format!(
            "::error file={},title={}::{}\n",
            escape_property(&file),
            escape_property(&title),
            escape_data(&inert::text(&finding.detail))
        ));
    }
    text.push_str(&summary(findings, context));
    text.push('\n');
    text
}
