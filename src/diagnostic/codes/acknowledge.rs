//! `fedc::acknowledge::…`: `[[acknowledge]]` entries.

codes! {
    area: "Acknowledged warnings",
    intro: r#"
        An `[[acknowledge]]` entry covers one warning code at one item: the text its primary label points
        at, without quotes (the first place shown in the report). Every warning code on this page has such
        an item, so every warning can be acknowledged:

        - warnings of the checker (resolving and rules), in `check`, `build`, `check --out` and `diff`;
        - `fedc::gitops::out-mismatch`, found after checking because it depends on `--out` (item: the
          `[gitops] path` as written), in `build` and `check --out`. Whether it appears depends on the
          command line, not on the topology, so an acknowledgement of it is never reported unused.

        Rendering (overlays) reports errors only, never warnings. What is not a finding cannot be
        acknowledged: the lines `build` prints about the output directory (`warning: <path>: a file fedc
        did not generate (not in fedc.lock); left alone`, hand edits replaced with `--force`) have no code
        and no place in the topology; they are about files in `--out`, and go away when those files do.
    "#;

    UNUSED = warning "fedc::acknowledge::unused" {
        summary: "An `[[acknowledge]]` entry matches no warning.",
        details: "The code is not reported at that item: a typo, or the warning went away.",
        example: toml r#"
            [[acknowledge]]
            code = "fedc::import::maybe-not-exported"
            item = "payments/ledgers"      # the warning points at payments/ledger
            reason = "labelled by the payments team"
        "#,
        fix: "remove it, or write the code and the text the warning points at exactly.",
    }

    NO_REASON = error "fedc::acknowledge::no-reason" {
        summary: "An `[[acknowledge]]` entry's `reason` is empty.",
        example: toml r#"
            [[acknowledge]]
            code = "fedc::cert::missing"
            item = "red"
            reason = ""
        "#,
        fix: "say why the warning does not apply.",
    }

    ERROR = error "fedc::acknowledge::error" {
        summary: "An `[[acknowledge]]` entry names an error reported at that item.",
        details: "Errors cannot be acknowledged (the output would be wrong), and the error is still reported.",
        example: toml r#"
            [[acknowledge]]
            code = "fedc::peer::self"
            item = "blue"
            reason = "we know"
        "#,
        fix: "fix the error.",
    }
}
