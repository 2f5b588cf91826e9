use std::path::PathBuf;
use std::process::ExitCode;

use super::{Console, Failure, TopologyArgs};
use crate::compile::{render_chunks, within_limits};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::render::Templates;
use crate::{check, load, report};

#[derive(Debug, clap::Args)]
#[command(
    mut_arg("topology", |a| a.required(false).required_unless_present("explain").default_value("-").hide_default_value(true)),
    after_help = super::help::CHECK.text()
)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) input: TopologyArgs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Also verify the output committed in DIR: fails when it is stale, hand-edited, has stray
    /// files or misses files. Writes nothing.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Print the documentation of a diagnostic code (e.g. `fedc::import::never-exported`) and exit.
    #[arg(long, value_name = "CODE", exclusive = true)]
    pub(crate) explain: Option<String>,
}

pub(crate) fn run(args: &Args, console: &mut Console) -> Result<ExitCode, Failure> {
    if let Some(code) = &args.explain {
        return explain(code, args.input.format, console);
    }
    let format = args.input.format;
    let (source, diagnostics) = match load::load_with(&args.input.topology, &args.input.read_policy()) {
        Ok(mut loaded) => {
            if let Some(target) = args.input.target {
                load::retarget(&mut loaded.topology, target);
            }
            let diagnostics = findings(&loaded, &args.input).map_err(|e| (e, format))?;
            (loaded.source, diagnostics)
        }
        // A file that does not parse is a finding like any other: same stream, same format.
        Err(Error::Findings { source, diagnostics }) => (source, diagnostics),
        Err(error) => return Err((error, format)),
    };
    console.out(&report::render(&source, &diagnostics, format, console.colors.stdout));
    let failing = diagnostics.iter().any(|d| d.is_error() || args.deny_warnings);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The code's documentation on stdout; an unknown code is a usage error (exit 2).
fn explain(code: &str, format: report::Format, console: &mut Console) -> Result<ExitCode, Failure> {
    match check::explain::explain(code) {
        Some(text) => {
            console.out(&text);
            Ok(ExitCode::SUCCESS)
        }
        None => Err((Error::usage(check::explain::unknown(code)), format)),
    }
}

/// Every rule's findings; when there is no error, the topology is also planned and rendered in
/// memory, so that overlays that match nothing or do not apply are found without a build.
fn findings(loaded: &load::Loaded, input: &TopologyArgs) -> Result<Vec<Diagnostic>, Error> {
    if let Err(Error::Findings { diagnostics, .. }) = within_limits(loaded, input.limits.limits()) {
        return Ok(diagnostics);
    }
    let templates = input.templates.as_deref();
    let (federation, mut diagnostics) = check::findings(loaded);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(diagnostics);
    }
    let templates = Templates::load(templates)?;
    // Rendered a chunk at a time and dropped: only the findings are wanted here.
    match render_chunks(&federation, &loaded.source, &templates, input.limits.limits(), |_| Ok(())) {
        Ok(found) => {
            diagnostics.extend(check::acknowledge::unacknowledged(&loaded.topology, &loaded.source.text, found));
            diagnostic::sort(&mut diagnostics);
        }
        Err(Error::Findings { diagnostics: rendering, .. }) => {
            diagnostics.extend(rendering);
            diagnostic::sort(&mut diagnostics);
        }
        Err(other) => return Err(other),
    }
    Ok(diagnostics)
}
