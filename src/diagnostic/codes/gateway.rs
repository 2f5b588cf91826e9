//! `fedc::gateway::…`: the per-peer federation gateways of OpenShift Service Mesh 2 meshes.

codes! {
    area: "Gateways";

    SHARED = error "fedc::gateway::shared" {
        summary: "One ingress (or egress) gateway serves two peers.",
        details: r#"
            Each peer installs a DENY policy and a discovery server on its ingress gateway; two peers on one
            gateway block each other's discovery.
        "#,
        example: toml r#"
            gateways = { blue = { ingress = "federation-in" }, green = { ingress = "federation-in" } }
        "#,
        fix: r#"
            one dedicated ingress and one dedicated egress gateway per peer (the defaults `ingress-<peer>` /
            `egress-<peer>` are).
        "#,
    }

    RESERVED = error "fedc::gateway::reserved" {
        summary: "A federation gateway is named like one of the SMCP's default gateways.",
        details: "The SMCP webhook refuses additional gateways named like the default ones.",
        example: toml r#"
            gateways = { blue = { egress = "istio-egressgateway" } }
        "#,
        fix: "choose another name.",
    }

    DUPLICATE = error "fedc::gateway::duplicate" {
        summary: "An ingress and an egress gateway have the same name.",
        details: "Ingress and egress gateways of an SMCP share one name space.",
        example: toml r#"
            gateways = { blue = { ingress = "federation-blue", egress = "federation-blue" } }
        "#,
        fix: "give them distinct names.",
    }
}
