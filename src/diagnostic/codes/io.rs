//! `fedc::io::…`: reading the topology, `--out` and the files `init` writes.

codes! {
    area: "Failures: input and output";

    FAILED = failure "fedc::io::failed" {
        summary: "Reading or writing a file failed.",
        details: "The message names the file and the operating system's error.",
        fix: "fix the permission or path named.",
    }

    SYMLINK = failure "fedc::io::symlink" {
        summary: "The topology file is a symbolic link.",
        details: r#"
            fedc reads it only from a regular file: a link could point a parse error's quote at any file of
            the CI machine.
        "#,
        fix: "name the file the link points to.",
    }

    NOT_REGULAR = failure "fedc::io::not-regular" {
        summary: "The topology file is a FIFO, device, socket or directory; it is not opened for reading.",
        fix: "name a regular file.",
    }

    TOO_LARGE = failure "fedc::io::too-large" {
        summary: "The topology file (or the `--base` one) holds more than `--max-topology-bytes`; fedc reads no more.",
        details: "The default limit is 8 MiB.",
        fix: r#"
            check that the path names the topology; raise the limit with `--max-topology-bytes SIZE` (`K`,
            `M`, `G`) if it really is that large.
        "#,
    }

    OUT_IS_LOCK = failure "fedc::io::out-is-lock" {
        summary: "`--out` names `fedc.lock` itself instead of the output directory.",
        fix: "give the directory that holds it (the message names it).",
    }

    OUT_NOT_DIRECTORY = failure "fedc::io::out-not-directory" {
        summary: "`--out` names a file, not a directory.",
        fix: "give the output directory (the one that holds `clusters/` and `fedc.lock`).",
    }

    OUT_MISSING = failure "fedc::io::out-missing" {
        summary: "`check --out` or `diff --out`/`--new` names a directory that does not exist.",
        details: r#"
            For `diff`, neither does its parent: an absent `--out` whose parent exists is compared as empty
            output, with a note.
        "#,
        fix: "build it first, or fix the path.",
    }

    EXISTS = failure "fedc::io::exists" {
        summary: "`fedc init` found a file where it would write the starter topology or its certificates.",
        details: "A link counts, even a dangling one. It wrote nothing.",
        fix: "choose another path, or remove the file.",
    }
}
