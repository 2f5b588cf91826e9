//! `fedc::partner::…`: meshes on `managed = false` clusters, which another team runs.

codes! {
    area: "Partner meshes";

    MISSING_ROOT_CERT = error "fedc::partner::missing-root-cert" {
        summary: "A partner mesh (on a `managed = false` cluster) has peers but no `root_cert`.",
        details: "Our meshes must trust its root; nobody else will put it into our clusters.",
        example: toml r#"
            [[clusters]]
            name = "east"
            managed = false

            [[meshes]]
            name = "red"        # on cluster east, peered, no root_cert
            cluster = "east"
        "#,
        fix: "ask its team for the PEM and set `root_cert`.",
    }

    NOT_OURS = error "fedc::partner::not-ours" {
        summary: "The topology configures something in a partner mesh.",
        details: r#"
            fedc configures nothing in a partner mesh (also reported for an `istio`/`ossm3` mesh on a
            `managed = false` cluster: those are meshes fedc installs).
        "#,
        example: toml r#"
            [[clusters]]
            name = "east"
            managed = false

            [[failover]]
            mesh = "red"        # a mesh on cluster east
        "#,
        fix: r#"
            remove the entry; the partner's team configures it (the hand-off topology
            `partners/<mesh>/federation.toml` imports what we export to them).
        "#,
    }
}
