//! Editor and shell support: `fedc schema`, `fedc completions`, `fedc man`. Each prints to
//! stdout, from the definitions the rest of fedc uses (so they cannot drift).

use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, Console, Failure};
use crate::error::Error;
use crate::report::Format as ReportFormat;

#[derive(Debug, clap::Args)]
#[command(after_help = "Format: JSON Schema (draft 7), published as schema/fedc-topology.schema.json.\n\
Use it from taplo / Even Better TOML with a first line `#:schema <path or URL>` (docs/editors.md).\n\
Exit status: 0 printed, 2 error.")]
pub struct SchemaArgs {}

#[derive(Debug, clap::Args)]
#[command(after_help = "Format: the shell's completion script, e.g. `fedc completions bash > \
~/.local/share/bash-completion/completions/fedc` (docs/editors.md).\nExit status: 0 printed, 2 unknown shell.")]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Format: roff (man(7)); `fedc man > fedc.1 && man ./fedc.1`. The same page is \
committed as docs/fedc.1.\nExit status: 0 printed, 2 error.")]
pub struct ManArgs {}

pub(crate) fn schema(console: &mut Console) -> Result<ExitCode, Failure> {
    console.out(&crate::load::schema_text());
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn completions(args: &CompletionsArgs, console: &mut Console) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "fedc", &mut script);
    console.out(&String::from_utf8_lossy(&script));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn man(console: &mut Console) -> Result<ExitCode, Failure> {
    let page = man_page().map_err(|e| (e, ReportFormat::Human))?;
    console.out(&page);
    Ok(ExitCode::SUCCESS)
}

/// The man page of `fedc`, in roff: the top-level page, then per command a section with its
/// synopsis, options, exit codes and formats (its `--help`).
pub fn man_page() -> Result<String, Error> {
    let failed = |e: std::io::Error| Error::output("fedc::io::failed", format!("cannot write the man page: {e}"));
    let mut command = Cli::command();
    command.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out).map_err(failed)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        out.extend(format!(".SH \"COMMAND: FEDC {}\"\n", sub.get_name().to_uppercase()).into_bytes());
        let page = clap_mangen::Man::new(sub.clone());
        page.render_synopsis_section(&mut out).map_err(failed)?;
        page.render_description_section(&mut out).map_err(failed)?;
        page.render_options_section(&mut out).map_err(failed)?;
        page.render_extra_section(&mut out).map_err(failed)?;
    }
    String::from_utf8(out).map_err(|e| Error::output("fedc::io::failed", e.to_string()))
}
