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
        summary: "A mesh does not expect its peer in the trust domain the peer's control plane uses.",
        details: r#"
            OpenShift Service Mesh 2: a ServiceMeshPeer's `trustDomain` is not the one the peer's
            ServiceMeshControlPlane uses (an overlay on either); istiod loads the peer's root for that domain
            only: mTLS to the peer fails. `istio`/`ossm3`: a federated control plane's
            `trustDomainAliases` no longer list a peer's trust domain: the peer's identities are not
            accepted.
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
        summary: "A federation or east-west gateway is missing, disabled, misconfigured or not reachable where peers dial it.",
        details: r#"
            OpenShift Service Mesh 2: a ServiceMeshPeer names a gateway its control plane does not run
            enabled with ports 15443 and 8188 (an overlay disabling, re-porting or renaming it on one
            object); a gateway whose `routerMode` is not `sni-dnat`; an egress gateway whose
            `requestedNetworkView` hides the peer's network `network-<peer>`; an ingress gateway whose
            Service does not expose the ports the peer's ServiceMeshPeer dials (`servicePort`,
            `discoveryPort`, 15443 and 8188 when unset): a LoadBalancer on 15443 and 8188, a NodePort whose
            node ports are those, a ClusterIP only to a peer in the same cluster. `istio`/`ossm3`: the
            east-west gateway's Service is not a LoadBalancer on 15443. The federation with that peer, or
            the cluster, has no path.
        "#,
        example: toml r#"
            [[overlays]]
            kind = "ServiceMeshControlPlane"
            name = "green"
            patch = [{ op = "replace", path = "/spec/gateways/additionalIngress/ingress-red/service/ports/0/nodePort", value = 30999 }]
        "#,
        fix: "name gateways in `[meshes.gateways]`; fedc writes the name on both objects.",
    }

    CA_ROOT = error "fedc::verify::ca-root" {
        summary: "A mesh does not load its peer's root certificate.",
        details: r#"
            OpenShift Service Mesh 2: a ServiceMeshPeer takes its root from a ConfigMap fedc does not write,
            or without `root-cert.pem` (the controller never reconciles the peer), or from the ConfigMap
            fedc writes for another peer (it trusts the wrong root: mTLS to the peer fails); the certificate
            chain of peer `<p>` is `<p>-ca-root-cert`. `istio`/`ossm3`: a federated control plane's
            `caCertificates` no longer hold a peer's `root_cert`: the peer's certificates do not verify.
        "#,
        example: toml r#"
            [[overlays]]
            namespace = "red-system"
            name = "green"
            merge = { spec = { security = { certificateChain = { name = "blue-ca-root-cert" } } } }
        "#,
        fix: "keep the certificate chain fedc writes; the root comes from `root_cert` on the peer mesh.",
    }

    IMPORT_UNEXPORTED = error "fedc::verify::import-unexported" {
        summary: "An ImportedServiceSet rule matches no name the peer's ExportedServiceSet can export.",
        details: "An overlay renamed one side. The import stays empty.",
        fix: "change `[[imports]]` and `[[exports]]` in the topology, where fedc matches them.",
    }

    FAILOVER_NOT_LOCAL = error "fedc::verify::failover-not-local" {
        summary: "A failover DestinationRule's service is no longer imported as local, or the rule left its local host.",
        details: r#"
            `importAsLocal: false`, or another alias: its hostname has no remote endpoints, and there is
            nothing to fail over to. Or the rule (`<service>-failover`) is on another host than
            `<service>.<namespace>.svc.cluster.local`, which local clients call: their traffic never sees
            it.
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
        summary: "A failover DestinationRule has no outlier detection, or one that never ejects.",
        details: r#"
            An overlay removing it, a template override that drops it, or `consecutive5xxErrors` or
            `maxEjectionPercent` set to 0 (what the topology refuses as `fedc::failover::invalid-outlier`):
            Envoy never ejects the failing local endpoints, so the failover never triggers.
        "#,
        fix: "set `outlier_detection` on the `[[failover]]`; keep it in overridden templates.",
    }

    FAILOVER_OFF = error "fedc::verify::failover-off" {
        summary: "A failover DestinationRule no longer fails over.",
        details: r#"
            Its `localityLbSetting` is disabled (`enabled: false`), removed, or has no `failover` list: traffic
            stays on the failing local endpoints.
        "#,
        example: toml r#"
            [[overlays]]
            kind = "DestinationRule"
            name = "ratings-failover"
            merge = { spec = { trafficPolicy = { loadBalancer = { localityLbSetting = { enabled = false } } } } }
        "#,
        fix: "to stop a failover, remove its `[[failover]]` from the topology.",
    }

    MESH_IDENTITY = error "fedc::verify::mesh-identity" {
        summary: "The clusters of one `istio`/`ossm3` mesh disagree on its identity.",
        details: r#"
            Its mesh ID, trust domain, trust-domain aliases or trusted roots (an overlay on one cluster's
            `Istio` or `IstioOperator`). They no longer form one mesh: certificates are refused or endpoints
            are not merged. Or two clusters have one cluster name (`multiCluster.clusterName`): istiod keys
            endpoints by it, so one cluster's replace the other's.
        "#,
        fix: "these come from the mesh in the topology, the same for every cluster.",
    }

    NETWORK = error "fedc::verify::network" {
        summary: "Within a cluster of an `istio`/`ossm3` mesh, the objects disagree on the network.",
        details: r#"
            The control plane's `global.network`, the control-plane Namespace's `topology.istio.io/network`
            label and the east-west gateway's network. istiod routes cross-network traffic by them: to the
            wrong gateway, or nowhere. Or two clusters of the mesh are on one network (what the topology
            refuses as `fedc::istio::shared-network`): istiod calls the other cluster's pod IPs directly.
        "#,
        example: toml r#"
            [[overlays]]
            cluster = "cluster-2"
            kind = "IstioOperator"
            merge = { spec = { values = { global = { network = "network-aws" } } } }
        "#,
        fix: "set `network` on the cluster in the topology.",
    }

    CROSS_NETWORK_TLS = error "fedc::verify::cross-network-tls" {
        summary: "Traffic to an imported host would not cross networks as Istio mutual TLS.",
        details: r#"
            A DestinationRule sets a TLS mode other than `ISTIO_MUTUAL` (in its traffic policy, a port's or a
            subset's) on a host imported from another mesh: a ServiceEntry's, or a local Service's whose
            endpoints are imported as local (a failover's). Or the cross-network Gateway no longer passes
            TLS through (`AUTO_PASSTHROUGH`) on 15443 for every host other clusters send to its network
            (`*.svc.cluster.local` in a mesh of several clusters, each imported host whose endpoints are
            there). The east-west path carries Istio mutual TLS only: every call fails.
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

    IMPORT_NO_ENDPOINTS = error "fedc::verify::import-no-endpoints" {
        summary: "An `istio`/`ossm3` import ServiceEntry selects no WorkloadEntry.",
        details: r#"
            Its workload selector (`fedc.io/imported-*` labels) matches no WorkloadEntry of its namespace,
            after an overlay on either: the imported host has no endpoints and every call fails.
        "#,
        fix: "leave the labels fedc writes on both sides as they are.",
    }

    EXPORT_SCOPE = error "fedc::verify::export-scope" {
        summary: "An `istio`/`ossm3` export-scope AuthorizationPolicy is no longer an `ALLOW` policy.",
        details: r#"
            `export-scope-*` policies admit the meshes a service is exported to; with another action
            (`DENY`) the same rule refuses them.
        "#,
        fix: "who may call an exported service comes from `to` on `[[exports]]`.",
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
