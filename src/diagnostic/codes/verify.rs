//! `fedc::verify::…`: the federation read back from the final objects (after template overrides
//! and overlays) and its invariants checked on what is applied.

codes! {
    area: "What reaches the cluster",
    intro: r#"
        The rules above check the topology. The cluster receives the objects after template overrides
        (`--templates DIR`) and overlays, and those can change what the controllers read without any
        schema noticing: a ServiceMeshPeer's `trustDomain`, a `clientID`, `importAsLocal`, a mesh ID.
        So after rendering, and before anything is written, fedc reads the federation back from the final
        objects of every cluster directory (and the installer input) and checks the federation's
        invariants on that: the same invariants the topology rules enforce, now on what is applied
        (`src/verify/`). fedc's own rendering satisfies them; a violation therefore comes from an override
        or an overlay, and the finding points at it: the overlay (with the RFC 6902 operation, counted
        from 1) or, for a template override, the mesh whose objects it renders, with the template's name,
        the object's file, the value found and the value planned. A change that breaks no invariant fedc
        knows is still a warning (`fedc::verify::changed`): fedc's checks ran on the topology's value, not
        on this one. Findings the topology's own rules report are not repeated here.
    "#;

    TRUST_DOMAIN = error "fedc::verify::trust-domain" {
        summary: "A ServiceMeshPeer's `trustDomain` is not the trust domain its peer's control plane uses.",
        details: r#"
            An overlay on the peer, or on the other mesh's ServiceMeshControlPlane. istiod loads the peer's
            root for that domain only: mTLS to the peer fails.
        "#,
        example: toml r#"
            [[overlays]]
            kind = "ServiceMeshPeer"
            name = "green"
            patch = [{ op = "replace", path = "/spec/security/trustDomain", value = "green.local" }]
        "#,
        fix: "set `trust_domain` on the mesh in the topology; both sides follow.",
    }

    CLIENT_ID = error "fedc::verify::client-id" {
        summary: "A ServiceMeshPeer's `clientID` is not the identity the peer's egress gateway presents.",
        details: r#"
            It must be `<peer trust domain>/ns/<peer namespace>/sa/<peer egress gateway>-service-account`;
            another value, or none (a template override that drops it), makes the ingress gateway deny the
            peer's discovery: nothing is imported.
        "#,
        fix: r#"
            the client ID follows from the peer's trust domain, namespace and gateways in the topology; do
            not set it with an overlay or drop it from the template.
        "#,
    }

    GATEWAY = error "fedc::verify::gateway" {
        summary: "A ServiceMeshPeer names a gateway its control plane does not run enabled with ports 15443 and 8188.",
        details: r#"
            An overlay disabling or re-porting the gateway, or renaming it on one object. The federation
            with that peer has no path.
        "#,
        fix: "name gateways in `[meshes.gateways]`; fedc writes the name on both objects.",
    }

    CA_ROOT = error "fedc::verify::ca-root" {
        summary: "A ServiceMeshPeer takes its root from a ConfigMap fedc does not write (or without `root-cert.pem`).",
        details: "The controller never reconciles the peer.",
        fix: "keep the certificate chain fedc writes; the root comes from `root_cert` on the peer mesh.",
    }

    IMPORT_UNEXPORTED = error "fedc::verify::import-unexported" {
        summary: "An ImportedServiceSet rule matches no name the peer's ExportedServiceSet can export.",
        details: "An overlay renamed one side. The import stays empty.",
        fix: "change `[[imports]]` and `[[exports]]` in the topology, where fedc matches them.",
    }

    FAILOVER_NOT_LOCAL = error "fedc::verify::failover-not-local" {
        summary: "A failover DestinationRule's service is no longer imported as local.",
        details: r#"
            `importAsLocal: false`, or another alias: its hostname has no remote endpoints, and there is
            nothing to fail over to.
        "#,
        example: toml r#"
            [[overlays]]
            kind = "ImportedServiceSet"
            name = "red"
            patch = [{ op = "replace", path = "/spec/importRules/0/importAsLocal", value = false }]
        "#,
        fix: "leave the import fedc makes local for the failover as it is.",
    }

    NO_OUTLIER_DETECTION = error "fedc::verify::no-outlier-detection" {
        summary: "A failover DestinationRule has no outlier detection.",
        details: r#"
            An overlay removing it, a template override that drops it: Envoy never ejects the failing local
            endpoints, so the failover never triggers.
        "#,
        fix: "set `outlier_detection` on the `[[failover]]`; keep it in overridden templates.",
    }

    MESH_IDENTITY = error "fedc::verify::mesh-identity" {
        summary: "The clusters of one `istio`/`ossm3` mesh disagree on its identity.",
        details: r#"
            Its mesh ID, trust domain, trust-domain aliases or trusted roots (an overlay on one cluster's
            `Istio` or `IstioOperator`). They no longer form one mesh: certificates are refused or endpoints
            are not merged.
        "#,
        fix: "these come from the mesh in the topology, the same for every cluster.",
    }

    NETWORK = error "fedc::verify::network" {
        summary: "Within a cluster of an `istio`/`ossm3` mesh, the objects disagree on the network.",
        details: r#"
            The control plane's `global.network`, the control-plane Namespace's `topology.istio.io/network`
            label and the east-west gateway's network. istiod routes cross-network traffic by them: to the
            wrong gateway, or nowhere.
        "#,
        fix: "set `network` on the cluster in the topology.",
    }

    CROSS_NETWORK_TLS = error "fedc::verify::cross-network-tls" {
        summary: "Traffic to an imported host would not cross networks as Istio mutual TLS.",
        details: r#"
            A DestinationRule sets a TLS mode other than `ISTIO_MUTUAL` on a host imported from another mesh,
            or the cross-network Gateway no longer passes TLS through (`AUTO_PASSTHROUGH`). The east-west
            path carries Istio mutual TLS only: every call fails.
        "#,
        fix: r#"
            leave `trafficPolicy.tls` unset on imported hosts and the Gateway's TLS mode as fedc writes it.
        "#,
    }

    DNS_CAPTURE = error "fedc::verify::dns-capture" {
        summary: "An `istio`/`ossm3` control plane turns DNS capture off where the mesh imports services.",
        details: r#"
            `ISTIO_META_DNS_CAPTURE` off in a cluster whose ServiceEntries import names no DNS server knows
            (`*.svc.<peer>-imports.local`, a custom suffix): clients cannot resolve them.
        "#,
        fix: "keep DNS capture on where the mesh imports services.",
    }

    CHANGED = warning "fedc::verify::changed" {
        summary: "An overlay or template override changes a fact the federation depends on, breaking no known invariant.",
        details: r#"
            Addresses, ports, rules, hosts…: what is applied differs from what the topology says, and fedc
            checked the topology's value, not this one. One warning per cause and fact, naming up to three
            objects.
        "#,
        fix: r#"
            say it in the topology if it can; otherwise acknowledge the warning (`[[acknowledge]]` with
            `code = "fedc::verify::changed"` and, as `item`, the text the warning points at: the overlay's
            most specific selector, e.g. its `name`).
        "#,
    }
}
