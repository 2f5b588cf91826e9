//! `fedc::diff::…`: the directories `diff` compares.

codes! {
    area: "Failures: compared directories";

    NOT_A_DIRECTORY = failure "fedc::diff::not-a-directory" {
        summary: "A compared output tree has a link or file where a directory should be.",
        fix: "fix the tree; fedc does not follow links.",
    }

    TOO_LARGE = failure "fedc::diff::too-large" {
        summary: "A directory `diff` compares holds more files or bytes than `--max-files` / `--max-bytes`.",
        details: "It is refused before reading past the limit.",
        fix: "raise the limits if the directory is really that large.",
    }
}
