//! `fedc::rule::…`: the shape of export and import rules.

codes! {
    area: "Export and import rules";

    INVALID_SHAPE = error "fedc::rule::invalid-shape" {
        summary: "An export or import rule mixes or lacks selectors.",
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              service = "bookinfo/details"
              labels = { tier = "backend" }
        "#,
        fix: r#"
            a rule selects by `service = "namespace/name"` (with an optional `alias`), or by `namespace` +
            `labels` / `expressions` (with `aliases`), not both; an import rule needs `service`.
        "#,
    }
}
