//! `fedc::status::…`: what `fedc status` finds in the clusters after a rollout, and why it could
//! not read one.

codes! {
    area: "Status",
    intro: r#"
        `fedc status` ([status.md](status.md)) reads the clusters, not only the topology, so its codes
        are not checker findings: no `tests/ui/` case, and none can be acknowledged; `tests/status.rs`
        asserts every code. An element's finding points at the element's topology line (other lines it
        involves are further labels); its state decides the severity and the exit code: `down` is an
        error (exit 1), `degraded` a warning. A cluster that cannot be read makes the command exit with
        code 2 (the failures below); its elements are `unknown` and the others are reported as usual.
    "#;

    OBJECT_MISSING = error "fedc::status::object-missing" {
        summary: "An object fedc generates for the element is not in its cluster (down).",
        details: r#"
            A ServiceMeshPeer, CA ConfigMap, export or import set, DestinationRule, Namespace, east-west
            Service, Gateway, ServiceEntry, WorkloadEntry or remote Secret.
        "#,
        fix: r#"
            is `clusters/<cluster>/` committed and synced (its Argo CD Application or Flux Kustomization)?
            For the `istio` east-west gateway: `istioctl install` from `installer/<cluster>/`; for a remote
            secret: the operator step, or its ExternalSecret.
        "#,
    }

    NO_STATUS = error "fedc::status::no-status" {
        summary: "The object exists but istiod never wrote its status (down).",
        fix: r#"
            is istiod running in the control-plane namespace (SMCP ready, v2.1 or later)? Only the leading
            istiod writes export and import status.
        "#,
    }

    PEER_DISCONNECTED = error "fedc::status::peer-disconnected" {
        summary: "No istiod pod of the mesh watches the peer (`discoveryStatus.inactive` only; down).",
        fix: r#"
            by the last disconnect status: 503 (gateways, the peer's ingress address and port), 403/RBAC
            (the peer's `clientID` for us, its CA ConfigMap for our root), 404 (the peer's ServiceMeshPeer
            named after us), TLS (our CA ConfigMap, the peer's trust domain), else the logs along the path.
        "#,
    }

    PEER_NOT_WATCHING = error "fedc::status::peer-not-watching" {
        summary: "Our istiod watches the peer, but no `remotes` entry (the peer's istiod) is connected (down).",
        fix: "the other direction's entry; our ingress gateway for the peer, and the `clientID` we accept.",
    }

    SYNC_STALE = error "fedc::status::sync-stale" {
        summary: "The connection claims to be up, but its `lastFullSync` is older than `--stale-after` (down).",
        details: "istiod resyncs every 60 s.",
        fix: "istiod's log; restarting istiod reconnects.",
    }

    PODS_INACTIVE = warning "fedc::status::pods-inactive" {
        summary: "Some istiod pods watch the peer, others do not (degraded).",
        details: "Sidecars served by those pods miss the peer's services.",
        fix: "as for `fedc::status::peer-disconnected`: the help names the path to check.",
    }

    EXPORT_MATCHED_NOTHING = error "fedc::status::export-matched-nothing" {
        summary: "The export rule exported no service (down).",
        fix: r#"
            the Service exists, its namespace is a member of the mesh, it is visible to the control-plane
            namespace (`exportTo`); for a label rule, its labels.
        "#,
    }

    IMPORT_MISSING = error "fedc::status::import-missing" {
        summary: "A name the rule should import is not imported, or a wildcard rule imported nothing (down).",
        fix: r#"
            the help tells apart: offered but not taken (the cluster's ImportedServiceSet differs),
            exported but never received (discovery: the peering), not exported (the exporter's rule,
            labelled).
        "#,
    }

    FAILOVER_INCOMPLETE = error "fedc::status::failover-incomplete" {
        summary: "The failover's DestinationRule exists, but no source import brought the service in as local (down).",
        fix: "the import it goes through (labelled).",
    }

    OUT_OF_SYNC = warning "fedc::status::out-of-sync" {
        summary: "A service is exported or imported under another name than the topology gives (degraded).",
        details: "Or it is exported by no rule of the topology.",
        fix: "the cluster's object is not the one fedc generates: sync, or find who edits it.",
    }

    NETWORK_LABEL = error "fedc::status::network-label" {
        summary: "An `istio`/`ossm3` namespace or east-west Service lacks the cluster's network label (down).",
        details: r#"
            The control-plane namespace, or its east-west gateway Service, has no
            `topology.istio.io/network` label with the cluster's network.
        "#,
        fix: r#"
            sync `clusters/<cluster>/_cluster/` (installers do not relabel an existing namespace), then
            restart istiod.
        "#,
    }

    // Down when the gateway has no address or not the IP address peers dial; degraded when
    // `eastwest_address` is a DNS name, which fedc does not resolve (docs/decisions.md).
    EASTWEST_ADDRESS = error_or_warning "fedc::status::eastwest-address" {
        summary: "The east-west gateway has no external address, or not the one peers dial.",
        details: r#"
            Down (an error) when the load balancer has no address, or `eastwest_address` is an IP address
            it does not have; degraded (a warning) when `eastwest_address` is a DNS name, which fedc does
            not resolve.
        "#,
        fix: "the load balancer's events; `eastwest_address` and DNS.",
    }

    UNKNOWN_CLUSTER = warning "fedc::status::unknown-cluster" {
        summary: "`--from` holds a file named after no cluster of the topology (a note).",
        fix: "the file name or the topology (did you mean).",
    }

    UNEXPECTED_OBJECT = warning "fedc::status::unexpected-object" {
        summary: "A federation object fedc does not generate is in one of our OSSM 2 control-plane namespaces (a note).",
        fix: r#"
            a removed peering left behind (pruning off?) or applied by hand; the controller acts on it.
        "#,
    }

    NO_CONTEXT = failure "fedc::status::no-context" {
        summary: "The kubeconfig has no context of that name.",
        fix: "set the cluster's `context` in the topology, or `KUBECONFIG`.",
    }

    FORBIDDEN = failure "fedc::status::forbidden" {
        summary: "The API server refused `get`/`list`.",
        fix: "grant read access to the resources docs/status.md lists.",
    }

    TIMEOUT = failure "fedc::status::timeout" {
        summary: "kubectl did not answer within `--timeout` seconds.",
        fix: "check the API server is reachable; raise `--timeout`.",
    }

    NO_KUBECTL = failure "fedc::status::no-kubectl" {
        summary: "`kubectl` is not on `PATH`.",
        fix: "install it, or use `--from`.",
    }

    KUBECTL_FAILED = failure "fedc::status::kubectl-failed" {
        summary: "kubectl failed otherwise, e.g. a CRD that is not installed.",
        details: "Its first error line is shown.",
        fix: "as kubectl says.",
    }

    INVALID_OUTPUT = failure "fedc::status::invalid-output" {
        summary: "kubectl printed something that is not Kubernetes YAML.",
        fix: "report it, with the kubectl version.",
    }

    TOO_LARGE = failure "fedc::status::too-large" {
        summary: "A status file or kubectl's output is larger than `--max-bytes`.",
        fix: "check it is the right file; raise `--max-bytes`.",
    }

    MISSING_FILE = failure "fedc::status::missing-file" {
        summary: "`--from` has no `<cluster>.yaml` for a cluster with objects to check.",
        fix: "collect it (docs/status.md).",
    }

    INVALID_FILE = failure "fedc::status::invalid-file" {
        summary: "A `--from` file cannot be used, or `--from` cannot be listed.",
        details: r#"
            The file is a link or not a regular file, not UTF-8, not YAML, nested too deep, or holds an item
            that is not a Kubernetes object.
        "#,
        fix: "collect it again with `kubectl get … -o yaml`.",
    }
}
