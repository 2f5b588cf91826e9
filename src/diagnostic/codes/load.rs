//! `fedc::load::…`: the topology file does not parse as a topology.

codes! {
    area: "Loading";

    INVALID_TOML = error "fedc::load::invalid-toml" {
        summary: "The file is not TOML, or not shaped like a topology.",
        details: r#"
            A syntax error, an unknown key, a value of the wrong type. The usual slips get their own
            wording: a misspelt key gets "did you mean" and the keys its table takes; `[[mesh]]`, `[mesh]`
            (even twice, which TOML calls a duplicate key) and other near-misses of the top-level arrays get
            "did you mean `[[meshes]]`?"; a value of the wrong type names what the topology expects
            ("expected a table (with keys region, zone, subzone)", read from the generated JSON Schema),
            never a Rust type.

            Every such error is reported in one run, each at its place: when the file does not load, fedc
            reads it again as plain TOML and validates it against the topology's JSON Schema (`fedc schema`,
            the one editors use), so three misspelt keys are three findings, not three runs. A misspelt key
            is reported once (as unknown, with "did you mean"), not also as a missing key. Syntax errors are
            reported as the TOML parser recovers from them.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            trust-domain = "red.local"   # the key is `trust_domain`
        "#,
        fix: "correct the spot the label points at; docs/topology.md lists every key.",
    }

    NOT_TOML = error "fedc::load::not-toml" {
        summary: "The file given as topology is YAML, often a Kubernetes manifest; fedc topologies are TOML.",
        details: "fedc tells by a `.yaml`/`.yml` name, or a first line such as `apiVersion: v1` or `---`.",
        example: yaml r#"
            apiVersion: v1
            kind: ConfigMap
        "#,
        fix: "give the TOML topology; `fedc init` writes a starter one, docs/topology.md describes it.",
    }
}
