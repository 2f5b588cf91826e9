//! `fedc::mesh::…`: `[[meshes]]` entries.

codes! {
    area: "Meshes";

    UNKNOWN_CLUSTER = error "fedc::mesh::unknown-cluster" {
        summary: "A mesh's `cluster` names no `[[clusters]]` entry.",
        example: toml r#"
            [[meshes]]
            name = "blue"
            cluster = "wset"   # the cluster is called `west`
        "#,
        fix: r#"name a cluster defined under `[[clusters]]` (the help offers "did you mean")."#,
    }

    MISSING_CLUSTER = error "fedc::mesh::missing-cluster" {
        summary: "A mesh has neither `cluster` nor `clusters`.",
        example: toml r#"
            [[meshes]]
            name = "blue"
        "#,
        fix: r#"`cluster = "east"`, or for `istio`/`ossm3` `clusters = ["east", "west"]`."#,
    }

    UNKNOWN_PEER = error "fedc::mesh::unknown-peer" {
        summary: "A per-peer table has a key that is no mesh.",
        details: "The per-peer tables are `gateways`, `ingress.addresses` and `ingress.node_ports`.",
        example: toml r#"
            [[meshes]]
            name = "red"
            gateways = { bleu = { ingress = "in-blue" } }
        "#,
        fix: "key the entry by the peer mesh's name.",
    }

    NOT_A_PEER = error "fedc::mesh::not-a-peer" {
        summary: "A per-peer table has an entry for a mesh that is not a peer: the setting is never used.",
        details: "The per-peer tables are `gateways`, `ingress.addresses` and `ingress.node_ports`.",
        example: toml r#"
            [[meshes]]
            name = "blue"
            gateways = { green = { ingress = "in-green" } }   # blue and green are not peered
        "#,
        fix: "add the peering, or remove the entry.",
    }

    UNKNOWN_TARGET = error "fedc::mesh::unknown-target" {
        summary: "A mesh's `target` is not one fedc compiles for.",
        example: toml r#"
            [[meshes]]
            name = "blue"
            target = "ossm4"
        "#,
        fix: "`ossm2` (default), `istio` or `ossm3`.",
    }

    TARGET_SETTING = error "fedc::mesh::target-setting" {
        summary: "A setting the mesh's target cannot express is refused where it is written, never dropped.",
        details: r#"
            `ingress` and `gateways` (per-peer OpenShift Service Mesh 2 federation gateways) on an
            `istio`/`ossm3` mesh; `revision` on `ossm3` (the Sail operator names revisions); `clusters`,
            `mesh_id`, `cluster_names`, `revision`, `cert_provider`, `remote_secrets` on an `ossm2` mesh;
            `cluster` and `clusters` together.
        "#,
        example: toml r#"
            [[meshes]]
            name = "mesh"
            target = "ossm3"
            clusters = ["east", "west"]
            ingress = { address = "{gateway}.mesh.example.com" }   # no per-peer gateways here
        "#,
        fix: "remove the setting, or change the mesh's `target`.",
    }

    INVALID_VERSION = error "fedc::mesh::invalid-version" {
        summary: "A mesh's `version` is not written like an SMCP version.",
        example: toml r#"
            [[meshes]]
            name = "red"
            version = "2.5"
        "#,
        fix: "write the control-plane version like the SMCP expects it: `v2.5`.",
    }

    UNSUPPORTED_VERSION = error "fedc::mesh::unsupported-version" {
        summary: "A mesh's `version` is one without OpenShift Service Mesh 2 federation.",
        details: r#"
            Below `v2.1` there is no federation; above `v2.6` is OpenShift Service Mesh 3, which has no
            federation resources.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            version = "v2.0"
        "#,
        fix: "use a version from `v2.3` to `v2.6`.",
    }

    DEPRECATED_VERSION = warning "fedc::mesh::deprecated-version" {
        summary: "A mesh's `version` is `v2.1` or `v2.2`, control planes current operators no longer support.",
        details: "Federation works with them.",
        example: toml r#"
            [[meshes]]
            name = "red"
            version = "v2.2"
        "#,
        fix: "upgrade, e.g. to `v2.6`.",
    }

    OPERATOR_NAMESPACE = error "fedc::mesh::operator-namespace" {
        summary: "A control plane in the operator's namespace, which the SMCP webhook refuses.",
        example: toml r#"
            [[meshes]]
            name = "red"
            namespace = "openshift-operators"
        "#,
        fix: "choose another namespace (the default is `<mesh>-system`).",
    }

    DUPLICATE_NAME = error "fedc::mesh::duplicate-name" {
        summary: "Two `[[meshes]]` have the same name.",
        details: r#"
            A mesh name identifies its SMCP and every peer's ServiceMeshPeer, ExportedServiceSet and
            ImportedServiceSet for it.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            cluster = "east"

            [[meshes]]
            name = "red"
            cluster = "west"
        "#,
        fix: "rename one of them.",
    }

    DUPLICATE_NAMESPACE = error "fedc::mesh::duplicate-namespace" {
        summary: "Two meshes on one cluster use the same control-plane namespace.",
        details: r#"
            Only one SMCP may live in a namespace. Here it is `red-system`, the default for `red`.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            cluster = "east"

            [[meshes]]
            name = "green"
            cluster = "east"
            namespace = "red-system"
        "#,
        fix: "give each control plane on a cluster its own `namespace`.",
    }

    DUPLICATE_TRUST_DOMAIN = error "fedc::mesh::duplicate-trust-domain" {
        summary: "Two meshes have the same trust domain.",
        details: r#"
            The controller only distributes a peer's root certificate when the peer's trust domain differs
            from the local one; with equal ones cross-mesh mTLS fails. Refused for every target: between Istio
            meshes the peer's domain would be an alias of the local one, so their identities could not be told
            apart.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"               # trust domain `red.local` by default

            [[meshes]]
            name = "blue"
            trust_domain = "red.local"
        "#,
        fix: "give every mesh a unique `trust_domain`.",
    }

    NOT_A_MEMBER = error "fedc::mesh::not-a-member" {
        summary: "A namespace fedc relies on is not among the mesh's declared `members`.",
        details: r#"
            When a mesh declares `members`, every namespace fedc relies on must be one (or the control-plane
            namespace): where it places a failover DestinationRule, where it imports a service as local, and
            exact namespaces it exports from (istiod only sees services of member namespaces,
            maistra-semantics §4). Reported once per namespace.
        "#,
        example: toml r#"
            [[meshes]]
            name = "blue"
            members = ["reviews"]

            [[failover]]
            mesh = "blue"
            service = "bookinfo/ratings"   # the DestinationRule goes to bookinfo, not a member
        "#,
        fix: "add the namespace to `members` and to the mesh's ServiceMeshMemberRoll.",
    }

    NAMESPACE_IN_TWO_MESHES = error "fedc::mesh::namespace-in-two-meshes" {
        summary: "A namespace belongs to two meshes of one cluster.",
        details: r#"
            It is listed in `members` of both, or it is a member of one and the other's control-plane
            namespace: the operator makes it a member of one control plane only.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            cluster = "east"
            members = ["bookinfo"]

            [[meshes]]
            name = "green"
            cluster = "east"
            members = ["bookinfo"]
        "#,
        fix: "remove it from one mesh.",
    }

    NAMESPACE_USED_TWICE = error "fedc::mesh::namespace-used-twice" {
        summary: "Two OpenShift Service Mesh 2 meshes of one cluster use the same namespace.",
        details: r#"
            They export from it, import as local into it, place a failover in it, or it is one's
            control-plane namespace, and not both declare `members`. A namespace joins one control plane's
            member roll only: the other mesh never sees its services, and its exports match nothing.
        "#,
        fix: "give each mesh of a cluster its own namespaces and declare them with `members`.",
    }
}
