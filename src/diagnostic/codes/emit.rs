//! `fedc::emit::…`: the output directory and the files fedc keeps in it.

codes! {
    area: "Failures: the output directory";

    BUSY = failure "fedc::emit::busy" {
        summary: "Another fedc command holds the output directory's build lock.",
        fix: "wait for it; never run two builds into one directory.",
    }

    NOT_EMPTY = failure "fedc::emit::not-empty" {
        summary: "`--out` has content but no `fedc.lock`, so fedc cannot tell what it owns.",
        fix: "build into an empty directory, or pass `--force`.",
    }

    INTERRUPTED = failure "fedc::emit::interrupted" {
        summary: "`check --out` or `diff` found the journal of an interrupted build.",
        fix: "run `fedc build` once: it finishes or undoes the interrupted build.",
    }

    LOCK_INVALID = failure "fedc::emit::lock-invalid" {
        summary: "`fedc.lock` is not a lock this fedc can trust.",
        details: r#"
            Bad JSON, another version, a hash that is not sha256, a path fedc could not have generated:
            anything but a `.yaml` file under `clusters/`, `argocd/`, `flux/`, `installer/`, `partners/`, or a
            partner's `partners/<partner>/federation.toml` / `partners/<partner>/<mesh>-root-cert.pem`.
        "#,
        fix: "restore it from git, or rebuild with `--force`.",
    }

    JOURNAL_INVALID = failure "fedc::emit::journal-invalid" {
        summary: "`.fedc-journal` or `.fedc-staging/` is not exactly what an interrupted fedc build leaves.",
        details: r#"
            A path fedc does not generate, a staging name fedc does not write, a bad hash, a link or
            unexpected file in staging, a directory at `.fedc-journal.tmp`. Nothing was touched.
        "#,
        fix: "inspect them; remove both by hand once you know the tree is as you want it.",
    }

    TOO_LARGE = failure "fedc::emit::too-large" {
        summary: "A file in the output directory holds more than fedc ever writes: 64 MiB for its lock or journal, 256 MiB for another.",
        details: "The lock, the journal, or a file at a generated path; it is not read past the limit.",
        fix: "restore the file from git, or remove it.",
    }

    OUTPUT_TOO_LARGE = failure "fedc::emit::output-too-large" {
        summary: "The rendered output has more files or bytes than `--max-files` or `--max-bytes` allow.",
        details: r#"
            The topology as written was estimated within the limits (else `fedc::federation::too-large`),
            but overlays or template overrides made the output larger: an overlay without a selector
            copying a large file into every object, for instance. Counted while rendering; nothing is
            written.
        "#,
        fix: "make the overlays smaller or more selective; raise the limits if the output is meant to be this large.",
    }

    HAND_EDITED = failure "fedc::emit::hand-edited" {
        summary: "A file fedc generated no longer has the content `fedc.lock` records.",
        details: "The build would overwrite or prune it; nothing was changed.",
        fix: r#"
            to discard the hand edits, run the command the message ends with (the same build with
            `--force`); to keep a change, make it in the topology (an `[[overlays]]` patch) and rebuild.
        "#,
    }

    OTHER_FEDERATION = failure "fedc::emit::other-federation" {
        summary: "`fedc.lock` records another federation than the topology being built.",
        details: r#"
            Its `[federation] name` differs: the build would replace that federation's output; nothing was
            changed.
        "#,
        fix: r#"
            build into another directory, or, to replace it on purpose, run the command the message ends
            with (`--force`).
        "#,
    }

    FOREIGN_FILE = failure "fedc::emit::foreign-file" {
        summary: "A generated path holds a file fedc does not own.",
        fix: "move it away, or pass `--force`.",
    }

    SYMLINK = failure "fedc::emit::symlink" {
        summary: "A symbolic link where fedc reads, writes or deletes.",
        details: r#"
            `--out` itself, a directory on the way to a generated, pruned or journaled path, one of fedc's
            own files (`fedc.lock`, `.fedc-build.lock`), or a file of a tree `fedc diff` compares.
        "#,
        fix: "replace the link with a real directory or file; fedc never reads, writes or deletes through links.",
    }

    NOT_A_FILE = failure "fedc::emit::not-a-file" {
        summary: "A path fedc writes, prunes or reads as its own is a directory or special file.",
        details: "Generated files, `fedc.lock`, `.fedc-build.lock`, the files of a tree `fedc diff` compares.",
        fix: "remove it by hand.",
    }

    NOT_A_DIRECTORY = failure "fedc::emit::not-a-directory" {
        summary: "A file stands where a generated path needs a directory.",
        fix: "remove it.",
    }

    UNDO_FAILED = failure "fedc::emit::undo-failed" {
        summary: "A failed build could not be undone at once.",
        fix: "the next `fedc build` undoes it.",
    }

    DUPLICATE_PATH = failure "fedc::emit::duplicate-path" {
        summary: "Two generated objects would be written to one path.",
        details: "fedc's own safeguard: the planner names every object uniquely.",
        fix: "object names must be unique per cluster, namespace and kind; report it.",
    }

    UNSAFE_PATH = failure "fedc::emit::unsafe-path" {
        summary: "A path fedc was asked to write is not a plain relative path under its output roots.",
        details: "fedc's own safeguard: the planner only names such paths.",
        fix: "a template or plan produced a bad name; report it.",
    }

    // Only the test build, with the `fault-injection` feature, can fail this way (src/emit/fault.rs);
    // docs/diagnostics.md leaves it out (page::TEST_ONLY).
    #[cfg(feature = "fault-injection")]
    INJECTED = failure "fedc::emit::injected" {
        summary: "A fault injected by the test suite (never in normal use).",
        fix: "none needed: only fedc's tests inject faults.",
    }
}
