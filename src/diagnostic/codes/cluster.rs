//! `fedc::cluster::…`: `[[clusters]]` entries.

codes! {
    area: "Clusters";

    UNKNOWN_PLATFORM = error "fedc::cluster::unknown-platform" {
        summary: "A cluster's `platform` is not one fedc knows.",
        example: toml r#"
            [[clusters]]
            name = "west"
            platform = "gke"
        "#,
        fix: r#"
            use one of `aws`, `azure`, `gcp`, `baremetal`, `ibm-power`, `ibm-z`, `openshift` (the help
            suggests the closest one).
        "#,
    }

    DUPLICATE_NAME = error "fedc::cluster::duplicate-name" {
        summary: "Two `[[clusters]]` have the same name.",
        example: toml r#"
            [[clusters]]
            name = "east"
            platform = "aws"

            [[clusters]]
            name = "east"
            platform = "gcp"
        "#,
        fix: "rename one, or merge the definitions: each cluster gets one output directory.",
    }

    UNSUPPORTED_PLATFORM = error "fedc::cluster::unsupported-platform" {
        summary: "A cluster runs federated meshes on a platform that does not support federation.",
        details: r#"
            Service mesh federation is unsupported on Azure Red Hat OpenShift and OpenShift Dedicated. Not
            reported for a cluster that only hosts `istio`/`ossm3` mesh members (no OpenShift Service Mesh 2
            federation runs there).
        "#,
        example: toml r#"
            [[clusters]]
            name = "west"
            platform = "aro"    # or "openshift-dedicated"
        "#,
        fix: "run federated meshes on another platform.",
    }
}
