//! Editor and shell support: `fedc schema`, `fedc completions`, `fedc man`. Each prints to
//! stdout, from the definitions the rest of fedc uses (so they cannot drift).

use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, Console, Failure};
use crate::error::Error;
use crate::report::Format as ReportFormat;

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::SCHEMA.text())]
pub(crate) struct SchemaArgs {}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::COMPLETIONS.text())]
pub(crate) struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::MAN.text())]
pub(crate) struct ManArgs {}

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

/// The man page of `fedc`, in roff (see `man`).
pub(crate) fn man_page() -> Result<String, Error> {
    super::man::page()
}
