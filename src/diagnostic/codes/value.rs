//! `fedc::value::…`: values that must not be empty.

codes! {
    area: "Values";

    EMPTY = error "fedc::value::empty" {
        summary: "A value that must say something is empty.",
        details: r#"
            A locality `region`, `zone` or `subzone` (of a cluster or an import), or a cluster's `network`.
            The controller takes an empty locality part for none: an empty region silently drops the whole
            locality, and with it the failover that relies on it. An empty network puts the cluster's control
            planes on no network.
        "#,
        example: toml r#"
            [[clusters]]
            name = "east"
            platform = "aws"
            locality = { region = "", zone = "us-east-1a" }
        "#,
        fix: "give the part a value, or remove the key (a cluster's network defaults to its name).",
    }
}
