//! What every command's `--help` ends with (formats, exit status, examples) and what the man page
//! is assembled from: one source, so the two cannot drift. Nothing here names a file of fedc's
//! repository: a user of the binary has only the binary.

/// The end of one command's help.
pub(crate) struct Help {
    /// What it reads and prints, and where.
    pub(crate) formats: &'static str,
    /// `0 …, 1 …, 2 …`.
    pub(crate) exit: &'static str,
    /// Command lines, each with what it does.
    pub(crate) examples: &'static [(&'static str, &'static str)],
}

impl Help {
    /// The `after_help` text: formats, exit status, then the examples.
    pub(crate) fn text(&self) -> String {
        let width = self.examples.iter().map(|(line, _)| line.len()).max().unwrap_or(0);
        let examples: String =
            self.examples.iter().map(|(line, what)| format!("\n  {line:<width$}  # {what}")).collect();
        format!("{}\nExit status: {}\n\nExamples:{examples}", self.formats, self.exit)
    }
}

/// `fedc --help`: the first hour, in order.
pub(crate) const FEDC: Help = Help {
    formats: "Formats: every command reads one topology file (TOML) and states its formats in its own --help.\n\
Environment: NO_COLOR (set and not empty: no colour with --color auto).",
    exit: "0 success, 1 findings (errors in the topology, an output that is not up to date, a diff), 2 usage, \
input or output error.",
    examples: &[
        ("fedc init", "a commented starter topology that checks clean"),
        ("fedc check federation.toml", "run every rule, write nothing"),
        ("fedc build federation.toml --out rendered", "render, then commit rendered/"),
        ("fedc check federation.toml --out rendered", "CI: is the committed output up to date?"),
        ("fedc diff federation.toml --out rendered --base-rev origin/main", "what a change rolls out"),
    ],
};

pub(crate) const BUILD: Help = Help {
    formats: "Formats (--format, of findings on stderr): human (default), json, github.\n\
Output: one directory per cluster under --out (clusters/), argocd/ and flux/ when the topology has a \
[gitops] section, and fedc.lock (what fedc owns); a summary line on stderr. Progress on stderr when it is a \
terminal and the build takes over a second.",
    exit: "0 built, 1 the topology has errors (nothing written), 2 error (unreadable input; output directory \
refused: hand edits, files fedc did not write, another federation's output; too large).",
    examples: &[
        ("fedc build federation.toml --out rendered", "render, then commit rendered/"),
        ("fedc build federation.toml --out rendered --force", "also overwrite hand edits of generated files"),
        ("fedc build federation.toml --out rendered --target ossm3", "every mesh for OpenShift Service Mesh 3"),
    ],
};

pub(crate) const CHECK: Help = Help {
    formats: "Formats (--format): human (default), json (one document), github (workflow commands). Without \
--out, the findings go to stdout. With --out, the verdict on the committed output (and the commands that fix \
it) goes to stdout; the topology's findings go to stderr, except in json, where stdout holds one document \
with both (`topology`: the findings, as without --out).",
    exit: "0 no error (warnings allowed unless --deny-warnings), 1 errors found or (--out) the committed \
output is not what build would leave, 2 error (unreadable input or output directory).",
    examples: &[
        ("fedc check federation.toml", "every rule, nothing written"),
        ("fedc check federation.toml --out rendered --format github", "CI gate with annotations"),
        ("fedc check federation.toml --out rendered --format json > report.json", "one document for tools"),
        ("fedc check --explain fedc::import::never-exported", "what a diagnostic means and its fix"),
    ],
};

pub(crate) const DIFF: Help = Help {
    formats: "Formats (--format): text (default; coloured on a terminal), markdown (a pull-request comment), \
json (one document: counts, changes, and with --base or --base-rev the federation's changes and the base's \
findings).",
    exit: "0 identical, 1 different, 2 error (--exit-zero: 0 unless an error).",
    examples: &[
        ("fedc diff federation.toml --out rendered", "what a rebuild would change"),
        (
            "fedc diff federation.toml --out rendered --base-rev origin/main --format markdown",
            "a pull-request comment, starting with the federation's changes in words",
        ),
        ("fedc diff federation.toml --out rendered --base old.toml", "the same, old topology from a file"),
        ("fedc diff --old before/ --new after/", "two output directories"),
        ("fedc diff federation.toml --out rendered --target ossm3", "the OSSM 3 migration and its plan"),
    ],
};

/// `explain` and `graph` exit the same way.
const SEE_EXIT: &str = "0 described, 1 the topology has errors (findings on stderr), 2 the topology cannot be read, \
a filter names no mesh or service of the topology, or another error.";

pub(crate) const EXPLAIN: Help = Help {
    formats: "Formats (--format): text (default), markdown, json (a stable document: version, federation, \
reachable).",
    exit: SEE_EXIT,
    examples: &[
        ("fedc explain federation.toml", "per mesh, every remote service it reaches"),
        ("fedc explain federation.toml --from green --format markdown", "what green's workloads can call"),
        ("fedc explain federation.toml --reverse --service bookinfo/ratings", "who reaches a service"),
    ],
};

pub(crate) const GRAPH: Help = Help {
    formats: "Formats (--format): mermaid (default; GitHub and GitLab render it in comments), dot (Graphviz).",
    exit: SEE_EXIT,
    examples: &[
        ("fedc graph federation.toml > federation.mmd", "Mermaid"),
        ("fedc graph federation.toml --format dot | dot -Tsvg > federation.svg", "a picture with Graphviz"),
    ],
};

pub(crate) const INIT: Help = Help {
    formats: "Format: writes PATH (TOML) and certs/red-root.pem, certs/blue-root.pem (PEM) next to it; the \
certificates are examples to replace. The topology has a [gitops] section, so the first build writes argocd/ \
and flux/ too.",
    exit: "0 written, 2 a file exists already (nothing is written) or cannot be written.",
    examples: &[
        ("fedc init", "federation.toml and certs/ here"),
        ("fedc init fleet/federation.toml", "in another directory"),
    ],
};

pub(crate) const SCHEMA: Help = Help {
    formats: "Format: JSON Schema (draft 7). Use it from taplo / Even Better TOML with a first line \
`#:schema <path or URL>` in the topology.",
    exit: "0 printed, 2 error.",
    examples: &[("fedc schema > fedc-topology.schema.json", "then `#:schema ./fedc-topology.schema.json`")],
};

pub(crate) const COMPLETIONS: Help = Help {
    formats: "Format: the shell's completion script, on stdout.",
    exit: "0 printed, 2 unknown shell.",
    examples: &[
        ("fedc completions bash > ~/.local/share/bash-completion/completions/fedc", "bash"),
        ("fedc completions zsh > ~/.zfunc/_fedc", "zsh (with ~/.zfunc in fpath)"),
        ("fedc completions fish > ~/.config/fish/completions/fedc.fish", "fish"),
    ],
};

pub(crate) const MAN: Help = Help {
    formats: "Format: roff (man(7)), on stdout.",
    exit: "0 printed, 2 error.",
    examples: &[
        ("fedc man > fedc.1 && man ./fedc.1", "read it"),
        ("fedc man | gzip > /usr/local/share/man/man1/fedc.1.gz", "install it"),
    ],
};

pub(crate) const STATUS: Help = Help {
    formats: "Formats (--format): text (default), json (a stable document), markdown (for an incident \
ticket), github (workflow commands).",
    exit: "0 every element checked is up (degraded ones and notes allowed unless --deny-warnings), 1 some \
element is down, 2 some cluster's status could not be read, the topology has errors, or another error.",
    examples: &[
        ("fedc status federation.toml", "ask every cluster, read-only (kubectl get)"),
        (
            "fedc status federation.toml --from saved/ --now 2026-01-01T00:00:00Z",
            "from saved `kubectl get -o yaml` files",
        ),
        ("fedc status federation.toml --format markdown", "for an incident ticket"),
    ],
};

/// The help of a subcommand by name (`None` for `help` and commands without one).
pub(crate) fn of(command: &str) -> Option<&'static Help> {
    Some(match command {
        "build" => &BUILD,
        "check" => &CHECK,
        "diff" => &DIFF,
        "explain" => &EXPLAIN,
        "graph" => &GRAPH,
        "init" => &INIT,
        "schema" => &SCHEMA,
        "completions" => &COMPLETIONS,
        "man" => &MAN,
        "status" => &STATUS,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_help_names_a_file_of_the_repository() {
        for help in ["build", "check", "diff", "explain", "graph", "init", "schema", "completions", "man", "status"]
            .iter()
            .filter_map(|c| of(c))
            .chain([&FEDC])
        {
            let text = help.text();
            assert!(!text.contains("docs/") && !text.contains(".md"), "{text}");
            assert!(text.contains("\n\nExamples:\n  fedc "), "{text}");
        }
    }
}
