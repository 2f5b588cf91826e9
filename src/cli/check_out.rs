//! `fedc check TOPOLOGY --out DIR`: the CI gate. The topology's own findings go to stderr (as in
//! `build`); the list of problems with the committed output goes to stdout, like `cargo fmt --check`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use super::{Console, Failure, check};
use crate::compile::prepare_with;
use crate::emit::{self, Finding, Problem};
use crate::inert;
use crate::report::{self, Format, escape_data, escape_property};

pub fn run(args: &check::Args, out: &Path, console: &mut Console) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    super::out_arg::check(out, super::out_arg::Expect::Existing, "check").map_err(|e| (e, format))?;
    let mut prepared =
        prepare_with(&args.input.topology, args.input.templates.as_deref(), &args.input.compile_options())
            .map_err(|e| (e, format))?;
    // The committed output must be where Argo CD / Flux sync from, as for `build`.
    let loaded = &prepared.loaded;
    let mismatch = crate::check::out_path::unacknowledged(&loaded.topology, &loaded.source.text, out);
    prepared.warnings.extend(mismatch);
    // Only each file's hash is kept, not its content.
    let (new_lock, found) = prepared.lock().map_err(|e| (e, format))?;
    prepared.warnings.extend(found);
    crate::diagnostic::sort(&mut prepared.warnings);
    if !prepared.warnings.is_empty() {
        console.err(&report::render(&prepared.loaded.source, &prepared.warnings, format, console.colors.stderr));
    }
    let findings = emit::verify_lock(out, &new_lock).map_err(|e| (e, format))?;
    let files = new_lock.files.len();
    let rebuild = format!("fedc build {} --out {}", args.input.topology.display(), out.display());
    let context = Context { out: &out.display().to_string(), files, rebuild: &rebuild };
    console.out(&render(&findings, format, &context));
    let failing = !findings.is_empty() || (args.deny_warnings && !prepared.warnings.is_empty());
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

struct Context<'a> {
    out: &'a str,
    files: usize,
    rebuild: &'a str,
}

fn render(findings: &[Finding], format: Format, context: &Context) -> String {
    match format {
        Format::Human => text(findings, context),
        Format::Json => json(findings, context),
        Format::Github => github(findings, context),
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

fn summary(findings: &[Finding], context: &Context) -> String {
    if findings.is_empty() {
        return format!("{}: up to date ({} generated files match fedc.lock)", context.out, context.files);
    }
    let counts =
        counts(findings).iter().map(|(problem, n)| format!("{n} {}", problem.name())).collect::<Vec<_>>().join(", ");
    let mut line = format!("{}: not up to date: {counts}; run `{}`", context.out, context.rebuild);
    if findings.iter().any(|f| f.problem == Problem::Stray) {
        line.push_str(" and remove or move the stray files (fedc leaves them alone)");
    }
    line
}

fn counts(findings: &[Finding]) -> BTreeMap<Problem, usize> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.problem).or_insert(0) += 1;
    }
    counts
}

fn json(findings: &[Finding], context: &Context) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| serde_json::json!({ "problem": f.problem.name(), "path": f.path, "message": f.detail }))
        .collect();
    let mut summary = serde_json::Map::new();
    for problem in [Problem::Stale, Problem::Edited, Problem::Stray, Problem::Missing] {
        let n = findings.iter().filter(|f| f.problem == problem).count();
        summary.insert(problem.name().to_string(), n.into());
    }
    let document = serde_json::json!({
        "version": 1,
        "out": context.out,
        "up_to_date": findings.is_empty(),
        "files": context.files,
        "findings": items,
        "summary": summary,
    });
    format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default())
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
