//! `fedc::peer::…`: `[[peerings]]` entries.

codes! {
    area: "Peerings";

    UNKNOWN_MESH = error "fedc::peer::unknown-mesh" {
        summary: "A peering names a mesh that is not defined.",
        example: toml r#"
            [[peerings]]
            meshes = ["red", "bleu"]
        "#,
        fix: "use the name of a mesh defined under `[[meshes]]`; the help suggests the closest one.",
    }

    TOO_FEW_MESHES = error "fedc::peer::too-few-meshes" {
        summary: "A peering lists fewer than two meshes.",
        example: toml r#"
            [[peerings]]
            meshes = ["red"]
        "#,
        fix: "list two meshes for one peering, or more to peer every pair of them.",
    }

    SELF = error "fedc::peer::self" {
        summary: "A peering lists the same mesh twice.",
        example: toml r#"
            [[peerings]]
            meshes = ["blue", "blue"]
        "#,
        fix: "federation connects two different meshes; list each mesh once per entry.",
    }

    DUPLICATE = error "fedc::peer::duplicate" {
        summary: "The same pair is peered twice, also through overlapping multi-mesh entries.",
        example: toml r#"
            [[peerings]]
            meshes = ["red", "blue", "green"]   # every pair, including red–green

            [[peerings]]
            meshes = ["green", "red"]
        "#,
        fix: "remove the pair from one entry.",
    }

    NAME_IS_CLUSTER_NAME = error "fedc::peer::name-is-cluster-name" {
        summary: "A mesh is peered with a mesh named like the cluster it runs on.",
        details: r#"
            The local control plane registers its own services under the cluster name (`spec.cluster.name`),
            and the controller refuses a peer whose name is already a registry ID.
        "#,
        example: toml r#"
            [[clusters]]
            name = "west"

            [[meshes]]
            name = "blue"
            cluster = "west"

            [[meshes]]
            name = "west"
            cluster = "east"

            [[peerings]]
            meshes = ["west", "blue"]
        "#,
        fix: "rename the mesh or the cluster.",
    }
}
