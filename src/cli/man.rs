//! fedc's one man page, fedc(1): NAME, SYNOPSIS (every command), DESCRIPTION, OPTIONS, COMMANDS
//! (each with its options and examples), EXIT STATUS, ENVIRONMENT, SEE ALSO. Options come from
//! the command line's definition (clap_mangen renders them); the rest from `help`, as `--help`
//! shows it. It refers to no page but git(1): there is no fedc-build(1).

use clap::CommandFactory;

use super::Cli;
use super::help::{self, Help};
use crate::error::Error;

/// The page, in roff.
pub(crate) fn page() -> Result<String, Error> {
    let mut command = Cli::command();
    command.build();
    let top = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    let failed = |e: std::io::Error| Error::output("fedc::io::failed", format!("cannot write the man page: {e}"));
    top.render_title(&mut out).map_err(failed)?;
    top.render_name_section(&mut out).map_err(failed)?;
    let commands: Vec<&clap::Command> = command.get_subcommands().filter(|s| s.get_name() != "help").collect();
    let mut synopsis = section_body(|w| top.render_synopsis_section(w))?;
    for sub in &commands {
        synopsis.push_str(".br\n");
        synopsis.push_str(&section_body(|w| clap_mangen::Man::new((*sub).clone()).render_synopsis_section(w))?);
    }
    let mut text = String::from_utf8(out).map_err(|e| Error::output("fedc::io::failed", e.to_string()))?;
    text.push_str(&format!(".SH SYNOPSIS\n{synopsis}"));
    text.push_str(&format!(".SH DESCRIPTION\n{}\n", roff(DESCRIPTION)));
    text.push_str(&format!(".SH OPTIONS\n{}", section_body(|w| top.render_options_section(w))?));
    text.push_str(".SH COMMANDS\n");
    for sub in &commands {
        text.push_str(&command_section(sub)?);
    }
    text.push_str(&exit_status(&commands));
    text.push_str(ENVIRONMENT);
    text.push_str(&format!(".SH EXAMPLES\n{}", examples(&help::FEDC)));
    text.push_str(SEE_ALSO);
    Ok(text)
}

const DESCRIPTION: &str = "fedc turns one topology file (TOML: clusters, meshes, peerings, exports, imports, \
failover) into the Kubernetes manifests that federate service meshes, one directory per cluster, plus the \
Argo CD and Flux objects that sync them. It checks the whole topology as a graph before writing anything. \
Everything it reads may come from an untrusted pull request: it writes only inside --out, never follows a \
symbolic link there, and replaces only the files its fedc.lock lists.";

const ENVIRONMENT: &str = ".SH ENVIRONMENT\n.TP\n\\fBNO_COLOR\\fR\nWhen set and not empty, \\-\\-color auto \
prints no colour.\n";

const SEE_ALSO: &str = ".SH SEE ALSO\n\\fBgit\\fR(1). Each command's \\fB\\-\\-help\\fR; \
\\fBfedc check \\-\\-explain\\fR \\fICODE\\fR for what a diagnostic means and how to fix it.\n";

/// One command: its synopsis, what it does, its options, formats and examples.
fn command_section(sub: &clap::Command) -> Result<String, Error> {
    let page = clap_mangen::Man::new(sub.clone());
    let mut text = format!(".SS \"fedc {}\"\n", sub.get_name());
    text.push_str(&section_body(|w| page.render_synopsis_section(w))?);
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        text.push_str(&format!(".PP\n{}\n", roff(&about.to_string())));
    }
    text.push_str(&section_body(|w| page.render_options_section(w))?);
    if let Some(help) = help::of(sub.get_name()) {
        text.push_str(&format!(".PP\n{}\n.PP\nExamples:\n{}", roff(help.formats), examples(help)));
    }
    Ok(text)
}

/// The exit codes every command shares, then each command's.
fn exit_status(commands: &[&clap::Command]) -> String {
    let mut text = format!(".SH \"EXIT STATUS\"\n{}\n", roff(help::FEDC.exit));
    for sub in commands {
        if let Some(help) = help::of(sub.get_name()) {
            text.push_str(&format!(".TP\n\\fBfedc {}\\fR\n{}\n", sub.get_name(), roff(help.exit)));
        }
    }
    text
}

/// Examples as a literal block, each line with its comment.
fn examples(help: &Help) -> String {
    let lines: String =
        help.examples.iter().map(|(line, what)| format!("{}\n  # {}\n", roff(line), roff(what))).collect();
    format!(".PP\n.RS 4\n.nf\n{lines}.fi\n.RE\n")
}

/// What a clap_mangen section renderer writes, without its `.SH` heading and string definitions.
fn section_body(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<String, Error> {
    let mut out = Vec::new();
    render(&mut out).map_err(|e| Error::output("fedc::io::failed", format!("cannot write the man page: {e}")))?;
    let text = String::from_utf8_lossy(&out);
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(".SH ") && !l.starts_with(".ie \\n(.g") && !l.starts_with(".el .ds Aq"))
        .collect();
    Ok(kept.iter().map(|l| format!("{l}\n")).collect())
}

/// Plain text as roff: backslashes and hyphens escaped, no line starting with a control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-").replace('\'', "\\*(Aq");
    escaped
        .lines()
        .map(
            |line| {
                if line.starts_with('.') || line.starts_with('\'') { format!("\\&{line}") } else { line.to_string() }
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_a_roff_request() {
        assert_eq!(roff(".SH X\n'x - y\\z"), "\\&.SH X\n\\*(Aqx \\- y\\ez");
    }
}
