//! `fedc::service::…`: how services are named in rules and failovers.

codes! {
    area: "Service references";

    INVALID_REFERENCE = error "fedc::service::invalid-reference" {
        summary: "A service is not written `namespace/name`.",
        details: "Either side may be `*` in export and import rules, but not in a failover.",
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo.ratings"
        "#,
        fix: "write e.g. `bookinfo/ratings`.",
    }
}
