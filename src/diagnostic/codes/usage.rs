//! `fedc::usage`: the command line is inconsistent (the one code without a problem part).

codes! {
    area: "Failures: the command line";

    USAGE = failure "fedc::usage" {
        summary: "The command line asks for something fedc cannot do as written.",
        details: r#"
            An `--allow-read` directory that cannot be opened, a code `check --explain` does not know (the
            message suggests the closest), `diff` given neither `TOPOLOGY --out DIR` nor `--old DIR --new
            DIR`. Arguments the parser itself refuses (an unknown flag, a missing value) are reported by
            it, also with exit code 2.
        "#,
        fix: "correct the argument the message names; `fedc <command> --help` lists them.",
    }
}
