//! Editor and shell support: `fedc schema`, `fedc completions`, `fedc man`. Each prints to
//! stdout, from the definitions the rest of fedc uses (so they cannot drift).

use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, Failure, output};
use crate::error::Error;
use crate::report::Format as ReportFormat;

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::SCHEMA.text())]
pub struct SchemaArgs {}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::COMPLETIONS.text())]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::MAN.text())]
pub struct ManArgs {}

pub fn schema() -> Result<ExitCode, Failure> {
    output::out(&crate::load::schema_text());
    Ok(ExitCode::SUCCESS)
}

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "fedc", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode, Failure> {
    let page = man_page().map_err(|e| (e, ReportFormat::Human))?;
    output::out(&page);
    Ok(ExitCode::SUCCESS)
}

/// The man page of `fedc`, in roff (see `man`).
pub fn man_page() -> Result<String, Error> {
    super::man::page()
}
