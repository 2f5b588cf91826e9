//! `fedc::verify::…`: what reaches the cluster, read back from the rendered objects after template
//! overrides and overlays, and the federation's invariants checked on it.

codes! {
    area: "Verified objects",
    intro: r#"
        After rendering, fedc reads back the facts of every final object (after template overrides and
        overlays) and checks the invariants the controllers need for a flow to work. On fedc's own
        rendering they hold; a violation names the overlay (and its patch operation) or the template
        override that changed the fact it reads. These are reported by `check`, `build` and `diff`
        once the topology has no other error.
    "#;

    CHANGED = warning "fedc::verify::changed" {
        summary: "A template override or overlay changes a fact the topology gives, breaking no known invariant.",
        details: r#"
            What reaches the cluster differs from what the topology says, and fedc's checks ran on the
            topology's value. One warning per cause and fact, naming the objects; it can be acknowledged
            where the topology cannot say what the overlay does.
        "#,
        fix: r#"
            say it in the topology, where fedc checks it; if the topology cannot say it, acknowledge the
            warning (`[[acknowledge]]` with this code and the text it points at as `item`).
        "#,
    }

    INCONSISTENT = error "fedc::verify::inconsistent" {
        summary: "fedc generated objects that contradict each other, with no override or overlay involved.",
        details: "A bug in fedc, not in the topology: fedc reports it rather than ship it.",
        fix: "report it, with the topology.",
    }

    CA_ROOT = error "fedc::verify::ca-root" {
        summary: "A ServiceMeshPeer takes its root from a ConfigMap fedc does not write with `root-cert.pem`.",
        details: r#"
            Without it the controller never reconciles the peer (maistra-semantics §2, §9).
        "#,
        fix: r#"
            root certificates come from `root_cert` on the peer mesh in the topology; do not rename the
            certificate chain or empty the ConfigMap.
        "#,
    }

    CLIENT_ID = error "fedc::verify::client-id" {
        summary: "A ServiceMeshPeer's `clientID` is not the identity the peer's egress gateway presents.",
        details: r#"
            The identity is `<peer trust domain>/ns/<peer namespace>/sa/<egress gateway>-service-account`;
            any other value (or none) makes the ingress deny the peer's discovery, so nothing is imported
            (maistra-semantics §2, §9).
        "#,
        fix: r#"
            the client ID follows from the peer's trust domain, namespace and egress gateway in the
            topology; do not set it with an overlay or drop it in a template.
        "#,
    }

    TRUST_DOMAIN = error "fedc::verify::trust-domain" {
        summary: "A ServiceMeshPeer's `trustDomain` is not the one the peer's control plane uses.",
        details: "istiod loads the peer's root for that domain only, so mTLS to the peer fails (maistra-semantics §9).",
        fix: r#"
            set trust domains with `trust_domain` on the mesh in the topology, where both sides follow; an
            overlay changes one side only.
        "#,
    }

    GATEWAY = error "fedc::verify::gateway" {
        summary: "A gateway a ServiceMeshPeer names does not run enabled, with ports 15443 and 8188.",
        details: r#"
            The controller looks the gateways up by name in the mesh's control plane, and the gateway side
            hard-codes both federation ports (maistra-semantics §8).
        "#,
        fix: r#"
            gateway names come from `[meshes.gateways]` in the topology, which names them on both objects;
            an overlay or template may not rename, disable or re-port them.
        "#,
    }

    IMPORT_UNEXPORTED = error "fedc::verify::import-unexported" {
        summary: "An import rule matches nothing the peer's export rules for this mesh can export.",
        details: r#"
            The controller matches import rules against the exported names only, so the import stays
            empty (maistra-semantics §4, §5).
        "#,
        fix: r#"
            imports and exports come from `[[imports]]` and `[[exports]]` in the topology, where fedc
            matches them; an overlay or template may not rename either side.
        "#,
    }

    FAILOVER_NOT_LOCAL = error "fedc::verify::failover-not-local" {
        summary: "A failover DestinationRule has no import of its service as local.",
        details: r#"
            The local hostname then has no remote endpoints and there is nothing to fail over to
            (maistra-semantics §3, §6).
        "#,
        fix: r#"
            a failover's import is made local by fedc (`as_local`); an overlay or template may not set
            `importAsLocal: false` or change its alias.
        "#,
    }

    NO_OUTLIER_DETECTION = error "fedc::verify::no-outlier-detection" {
        summary: "A failover DestinationRule has no outlier detection, so the failover never triggers.",
        details: "Without it Envoy never ejects the failing local endpoints (maistra-semantics §10).",
        fix: r#"
            outlier detection comes from `outlier_detection` on the `[[failover]]` in the topology; an
            overlay or template may not remove it.
        "#,
    }

    DNS_CAPTURE = error "fedc::verify::dns-capture" {
        summary: "A control plane turns DNS capture off while its mesh imports names only the DNS proxy resolves.",
        details: r#"
            Imported hostnames (`*.svc.<peer>-imports.local`, a custom suffix) exist in no DNS server:
            they resolve only through the sidecar's DNS proxy, so clients get "no such host"
            (maistra-semantics §13.11).
        "#,
        fix: r#"keep `ISTIO_META_DNS_CAPTURE` on (`"true"`) where the mesh imports services."#,
    }

    CROSS_NETWORK_TLS = error "fedc::verify::cross-network-tls" {
        summary: "Traffic to an imported host would not be Istio mutual TLS through the east-west gateway.",
        details: r#"
            East-west gateways pass TLS through by SNI (`AUTO_PASSTHROUGH`): a DestinationRule that sets
            another TLS mode on an imported host, or a cross-network Gateway that terminates TLS, breaks
            every call.
        "#,
        fix: r#"
            leave `trafficPolicy.tls` unset (or `ISTIO_MUTUAL`) on imported hosts, and the cross-network
            Gateway's TLS mode as fedc writes it.
        "#,
    }

    MESH_IDENTITY = error "fedc::verify::mesh-identity" {
        summary: "The clusters of one `istio`/`ossm3` mesh disagree on its identity.",
        details: r#"
            One mesh ID, one trust domain and the same trusted roots and trust-domain aliases in every
            control plane: a cluster that differs is another mesh to the others.
        "#,
        fix: r#"
            a mesh's identity comes from the topology (`mesh_id`, `trust_domain`, its peers' `root_cert`),
            the same for every cluster; an overlay or template may not set it per cluster.
        "#,
    }

    NETWORK = error "fedc::verify::network" {
        summary: "Objects of one cluster of an `istio`/`ossm3` mesh disagree on the cluster's network.",
        details: r#"
            The control plane's `global.network`, the control-plane Namespace's `topology.istio.io/network`
            label and the east-west gateway's must agree: istiod routes cross-network traffic by them.
        "#,
        fix: r#"
            a cluster's network comes from `network` on the cluster in the topology; an overlay or template
            may not change it on one object.
        "#,
    }
}
