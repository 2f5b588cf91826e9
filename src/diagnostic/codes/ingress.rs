//! `fedc::ingress::…`: how peers reach a mesh's ingress gateways.

codes! {
    area: "Ingress";

    UNKNOWN_TYPE = error "fedc::ingress::unknown-type" {
        summary: "`ingress.type` is not a Service type fedc configures.",
        example: toml r#"
            ingress = { type = "Route" }
        "#,
        fix: "`type` is `LoadBalancer` (the default) or `NodePort`.",
    }

    MISPLACED_SETTING = error "fedc::ingress::misplaced-setting" {
        summary: "A setting of the other Service type, which would otherwise be ignored without a word.",
        example: toml r#"
            [meshes.ingress]
            type = "NodePort"
            address = "{gateway}.red.example.com"   # LoadBalancer only
        "#,
        fix: r#"
            remove the setting, or change `type`. LoadBalancer takes `address` / `addresses`; NodePort takes
            `nodes` / `node_ports`.
        "#,
    }

    NO_NODES = error "fedc::ingress::no-nodes" {
        summary: "A NodePort mesh lists no node addresses.",
        example: toml r#"
            ingress = { type = "NodePort", nodes = [], node_ports = { red = { service = 30443, discovery = 30188 } } }
        "#,
        fix: "list node addresses peers can reach.",
    }

    MISSING_NODE_PORTS = error "fedc::ingress::missing-node-ports" {
        summary: "A NodePort mesh has no `node_ports` entry for one of its peers.",
        example: toml r#"
            ingress = { type = "NodePort", nodes = ["10.0.0.5"], node_ports = {} }   # red is a peer
        "#,
        fix: "add `<peer> = { service = <port>, discovery = <port> }`.",
    }

    NODE_PORT_RANGE = error "fedc::ingress::node-port-range" {
        summary: "A node port is outside the range Kubernetes allocates them from.",
        example: toml r#"
            node_ports = { red = { service = 30443, discovery = 8188 } }
        "#,
        fix: "node ports are from 30000 to 32767.",
    }

    DUPLICATE_NODE_PORT = error "fedc::ingress::duplicate-node-port" {
        summary: "A node port is used twice on one cluster.",
        details: "Counted across all meshes of the cluster and both ports of every gateway.",
        example: toml r#"
            node_ports = { red = { service = 30443, discovery = 30188 }, green = { service = 30443, discovery = 30189 } }
        "#,
        fix: "give every gateway port on a cluster its own node port.",
    }

    MISSING_ADDRESS = error "fedc::ingress::missing-address" {
        summary: "A LoadBalancer mesh gives a peer no address.",
        details: "There is no `address` pattern and no (or an empty) `addresses.<peer>` entry.",
        example: toml r#"
            [[meshes]]
            name = "blue"
            ingress = { addresses = { red = [] } }
        "#,
        fix: r#"set `ingress.address` (e.g. `"{gateway}.blue.example.com"`) or `ingress.addresses.<peer>`."#,
    }

    INVALID_ADDRESS = error "fedc::ingress::invalid-address" {
        summary: "An ingress address is not a bare IP address or DNS name.",
        details: r#"
            Checked in `addresses`, `nodes`, and what the `address` pattern produces: istiod resolves it with a
            plain host lookup.
        "#,
        example: toml r#"
            ingress = { addresses = { red = ["https://blue.example.com:15443"] } }
        "#,
        fix: "remove scheme, port and path (ports come from the ingress type).",
    }

    UNKNOWN_PLACEHOLDER = error "fedc::ingress::unknown-placeholder" {
        summary: "The `address` pattern uses a placeholder fedc does not fill in.",
        example: toml r#"
            ingress = { address = "{gw}.blue.example.com" }
        "#,
        fix: "the pattern may use `{peer}`, `{mesh}`, `{gateway}` and `{cluster}`.",
    }

    ADDRESS_WITHOUT_PLACEHOLDER = error "fedc::ingress::address-without-placeholder" {
        summary: "The `address` pattern gives several peers the same address.",
        details: r#"
            Each peer needs its own ingress gateway (it installs a DENY policy and a discovery Gateway on the
            one it reaches, maistra-semantics §8): a pattern without `{gateway}` or `{peer}` gives every peer
            the same address, so they all reach one gateway.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            ingress = { address = "red.example.com" }   # red has two peers using the pattern
        "#,
        fix: r#"`address = "{gateway}.red.example.com"`, or per-peer `addresses`."#,
    }

    SHARED_ADDRESS = error "fedc::ingress::shared-address" {
        summary: "Two peers of a mesh, with different gateways, would dial the same address.",
        details: r#"
            Through explicit `addresses`, or an explicit list equal to what the pattern gives another peer;
            one of them reaches the other's gateway. Two peers given the same gateway name are
            `fedc::gateway::shared` instead.
        "#,
        example: toml r#"
            ingress = { addresses = { green = ["in.red.example.com"], blue = ["in.red.example.com"] } }
        "#,
        fix: "give each peer the address of its own gateway.",
    }
}
