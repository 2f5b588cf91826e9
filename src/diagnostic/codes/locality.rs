//! `fedc::locality::…`: localities of clusters and imports.

codes! {
    area: "Localities";

    INVALID = error "fedc::locality::invalid" {
        summary: "A zone without a region, or a subzone without a zone, on a cluster or an import.",
        details: "The controller silently drops such a locality.",
        example: toml r#"
            locality = { zone = "us-west1-b" }
        "#,
        fix: "set the missing parts, or remove the extra one.",
    }
}
