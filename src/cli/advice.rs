//! What to run when the committed output is not what `fedc build` would leave (`check --out`):
//! the commands that work, in the order to run them. A plain build refuses to overwrite hand
//! edits and leaves files it did not generate alone, so advising it for those would send the user
//! to a command that fails or changes nothing.

use crate::emit::{Finding, Problem};

/// Stray files named in the advised `rm` command at most; the rest are listed above it.
const SHOWN: usize = 10;

/// One command to run and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) command: String,
    pub(crate) why: String,
}

/// The steps that bring `out` up to date, given what `check --out` found there; `topology` and
/// `out` as the user named them.
pub(crate) fn steps(findings: &[Finding], topology: &str, out: &str) -> Vec<Step> {
    let has = |problem: Problem| findings.iter().any(|f| f.problem == problem);
    let mut steps = Vec::new();
    let stray: Vec<&str> = findings.iter().filter(|f| f.problem == Problem::Stray).map(|f| f.path.as_str()).collect();
    if !stray.is_empty() {
        let command = rm("rm --", out, stray.iter().take(SHOWN));
        let more = stray.len().saturating_sub(SHOWN);
        let why = if more > 0 {
            format!(
                "fedc did not generate these and a build never removes them ({more} more listed above); or move them elsewhere"
            )
        } else {
            "fedc did not generate it and a build never removes it; or move it elsewhere".to_string()
        };
        steps.push(Step { command, why });
    }
    let replaced: Vec<&str> =
        findings.iter().filter(|f| f.problem == Problem::Replaced).map(|f| f.path.as_str()).collect();
    if !replaced.is_empty() {
        let command = rm("rm -r --", out, replaced.iter());
        let why = "a link, directory or special file stands where fedc writes a file, and no build replaces one; \
                   the build below writes the file again";
        steps.push(Step { command, why: why.to_string() });
    }
    let build = format!("fedc build {} --out {}", shell_word(topology), shell_word(out));
    let no_lock = findings.iter().any(|f| f.problem == Problem::Missing && f.path == crate::emit::LOCK_FILE);
    if has(Problem::OtherFederation) {
        let why = "the directory holds another federation's output and a plain build refuses it; --force \
                   replaces it (or build into another directory to keep both)";
        steps.push(Step { command: format!("{build} --force"), why: why.to_string() });
    } else if has(Problem::Edited) {
        let why = "overwrites the hand edits with what fedc generates; to keep a change, make it in the topology \
                   (an [[overlays]] patch) and rebuild";
        steps.push(Step { command: format!("{build} --force"), why: why.to_string() });
    } else if no_lock {
        let why = "the directory has no fedc.lock, so a plain build refuses it; --force replaces the files at \
                   the paths fedc generates and leaves every other file alone";
        steps.push(Step { command: format!("{build} --force"), why: why.to_string() });
    } else if has(Problem::Stale) || has(Problem::Missing) || has(Problem::Replaced) {
        steps.push(Step { command: build, why: "writes what the topology renders to now".to_string() });
    }
    steps
}

/// `rm` (the command and its flags) of `paths` under `out`, each path one shell word.
fn rm<'a>(rm: &str, out: &str, paths: impl Iterator<Item = &'a &'a str>) -> String {
    let mut command = rm.to_string();
    for path in paths {
        command.push(' ');
        command.push_str(&shell_word(&format!("{}/{path}", out.trim_end_matches('/'))));
    }
    command
}

/// `word` as one shell word: unchanged when it holds only characters no shell treats specially,
/// else single-quoted (a file name is the repository's to choose). A word with a character that is
/// never printed as it is (a control, a line break: see `inert`) is written in bash's `$'…'` form
/// with `\xHH` escapes, so the command both prints safely and names the real file.
pub(crate) fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._/-+=:,@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    if word.chars().any(|c| crate::inert::is_unsafe(c) || c == '\n' || c == '\t') {
        return ansi_c_quoted(word);
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

fn ansi_c_quoted(word: &str) -> String {
    let mut quoted = String::from("$'");
    for c in word.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("\\'"),
            c if crate::inert::is_unsafe(c) || c == '\n' || c == '\t' => {
                for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                    quoted.push_str(&format!("\\x{byte:02x}"));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(problem: Problem, path: &str) -> Finding {
        Finding { problem, path: path.to_string(), detail: String::new() }
    }

    fn commands(findings: &[Finding]) -> Vec<String> {
        steps(findings, "fleet.toml", "rendered/").into_iter().map(|s| s.command).collect()
    }

    #[test]
    fn each_problem_gets_the_command_that_fixes_it() {
        let stale = found(Problem::Stale, "clusters/a/x.yaml");
        let edited = found(Problem::Edited, "clusters/a/y.yaml");
        let stray = found(Problem::Stray, "clusters/a/notes.md");
        let missing = found(Problem::Missing, "clusters/a/z.yaml");
        let no_lock = found(Problem::Missing, "fedc.lock");
        assert_eq!(commands(&[]), Vec::<String>::new());
        assert_eq!(commands(std::slice::from_ref(&stale)), ["fedc build fleet.toml --out rendered/"]);
        assert_eq!(commands(std::slice::from_ref(&missing)), ["fedc build fleet.toml --out rendered/"]);
        assert_eq!(commands(&[stale.clone(), edited]), ["fedc build fleet.toml --out rendered/ --force"]);
        assert_eq!(commands(&[no_lock]), ["fedc build fleet.toml --out rendered/ --force"]);
        assert_eq!(commands(std::slice::from_ref(&stray)), ["rm -- rendered/clusters/a/notes.md"]);
        assert_eq!(
            commands(&[stale, stray]),
            ["rm -- rendered/clusters/a/notes.md", "fedc build fleet.toml --out rendered/"]
        );
    }

    #[test]
    fn many_stray_files_are_cut_short_and_hostile_names_quoted() {
        let many: Vec<Finding> = (0..12).map(|i| found(Problem::Stray, &format!("clusters/a/{i:02}.md"))).collect();
        let step = &steps(&many, "t.toml", "out")[0];
        assert_eq!(step.command.matches(" out/clusters/a/").count(), SHOWN);
        assert!(step.why.contains("2 more listed above"), "{}", step.why);
        assert_eq!(shell_word("out/a b"), "'out/a b'");
        assert_eq!(shell_word("out/$(reboot)'x"), r"'out/$(reboot)'\''x'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("rendered/clusters/east/x.yaml"), "rendered/clusters/east/x.yaml");
    }

    #[test]
    fn a_replaced_file_is_removed_first_and_another_federation_is_forced() {
        let replaced = found(Problem::Replaced, "clusters/a/y.yaml");
        assert_eq!(
            commands(&[replaced]),
            ["rm -r -- rendered/clusters/a/y.yaml", "fedc build fleet.toml --out rendered/"]
        );
        let other = found(Problem::OtherFederation, "fedc.lock");
        let stale = found(Problem::Stale, "clusters/a/x.yaml");
        assert_eq!(commands(&[other, stale]), ["fedc build fleet.toml --out rendered/ --force"]);
    }

    /// What bash's `$'…'` gives back for a word written by [`ansi_c_quoted`]: the escapes it uses.
    fn bash_reads(quoted: &str) -> Vec<u8> {
        let inner = quoted.strip_prefix("$'").and_then(|q| q.strip_suffix('\'')).expect("$'…'");
        let (mut bytes, mut rest) = (Vec::new(), inner.as_bytes());
        while let Some((&first, tail)) = rest.split_first() {
            match (first, tail) {
                (b'\\', [b'x', a, b, more @ ..]) => {
                    let hex = std::str::from_utf8(&[*a, *b]).expect("ascii").to_string();
                    bytes.push(u8::from_str_radix(&hex, 16).expect("hex"));
                    rest = more;
                }
                (b'\\', [escaped, more @ ..]) => {
                    bytes.push(*escaped);
                    rest = more;
                }
                (byte, more) => {
                    bytes.push(byte);
                    rest = more;
                }
            }
        }
        bytes
    }

    #[test]
    fn names_with_controls_are_written_so_that_bash_reads_the_real_name() {
        for name in ["out/a\u{1b}[31mred", "out/x\ny", "out/it's\\\u{202e}", "out/tab\there\u{7f}"] {
            let word = shell_word(name);
            assert!(word.starts_with("$'"), "{word}");
            assert!(!word.chars().any(|c| crate::inert::is_unsafe(c) || c == '\n'), "prints safely: {word:?}");
            assert_eq!(bash_reads(&word), name.as_bytes(), "{word}");
        }
    }
}
