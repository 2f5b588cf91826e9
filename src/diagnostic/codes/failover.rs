//! `fedc::failover::…`: `[[failover]]` entries and the imports they rely on.

codes! {
    area: "Failover",
    intro: r#"
        A failover needs a source: an import of the service, as local, from a peer whose imported locality
        (the import's `locality`, or the peer cluster's) is in the target region, of a service that peer
        exports to this mesh. Messages show the path, e.g.
        `blue (us-west1) → red (us-east-1) via import rule bookinfo/ratings`.

        **Controller semantics fedc models** (`../shared/reference/maistra-semantics.md` §4–§6): the source
        is the import rule through which the controller *really* imports the failover's service, on the
        effective names (see [Exports](#exports)): each service of the peer goes through the peer's export
        rules and label aliases in order, the first match giving the exported name; that name goes through
        the mesh's import rules in order, the first match giving the imported name. A rule is a source
        only if some exported name reaches it and it imports that name as the failover's service; a rule
        whose own pattern gives the service but that an earlier rule beats is not
        (`fedc::failover::shadowed-source` says which rule wins), and a later rule the controller does
        reach is (no false `not-exported` for the first rule written). The same resolution
        (`src/check/effective/failover.rs`) decides which import rules the build makes local for a
        failover and which peers `fedc explain` shows a failover going through.
    "#;

    UNKNOWN_MESH = error "fedc::failover::unknown-mesh" {
        summary: "A failover's `mesh` names a mesh that is not defined.",
        example: toml r#"
            [[failover]]
            mesh = "bleu"
            service = "bookinfo/ratings"
            to = "us-east-1"
        "#,
        fix: "use the name of a mesh defined under `[[meshes]]`; the help suggests the closest one.",
    }

    NO_SOURCE_REGION = error "fedc::failover::no-source-region" {
        summary: "A failover without `from`, in a mesh whose cluster has no region.",
        example: toml r#"
            [[clusters]]
            name = "west"
            platform = "gcp"          # no locality

            [[failover]]
            mesh = "blue"             # runs on west
            service = "bookinfo/ratings"
            to = "us-east-1"
        "#,
        fix: r#"give the cluster `locality = { region = "…" }`, or the failover a `from` region."#,
    }

    UNKNOWN_REGION = error "fedc::failover::unknown-region" {
        summary: "A failover's region is not one fedc knows.",
        details: "Known regions are those of clusters and of explicit import localities.",
        example: toml r#"
            to = "us-east1"   # did you mean `us-east-1`?
        "#,
        fix: "use one of them.",
    }

    SAME_REGION = error "fedc::failover::same-region" {
        summary: "A failover's `from` equals its `to`; Istio refuses such a failover.",
        details: "`from` is by default the region of the mesh's cluster.",
        example: toml r#"
            [[failover]]
            mesh = "blue"                # on a cluster in us-west1
            service = "bookinfo/ratings"
            to = "us-west1"
        "#,
        fix: "fail over to another region.",
    }

    DUPLICATE = error "fedc::failover::duplicate" {
        summary: "Two `[[failover]]` entries for the same mesh and service.",
        details: "Both would write the same DestinationRule.",
        example: toml r#"
            [[failover]]
            mesh = "blue"
            service = "bookinfo/ratings"
            to = "us-east-1"

            [[failover]]
            mesh = "blue"
            service = "bookinfo/ratings"
            to = "us-south"
        "#,
        fix: "keep one.",
    }

    DUPLICATE_DESTINATION_RULE = error "fedc::failover::duplicate-destination-rule" {
        summary: "Failovers of the same service in two meshes on one cluster.",
        details: "Both write DestinationRule `<service>-failover` in the service's namespace.",
        example: toml r#"
            [[failover]]
            mesh = "blue"     # on cluster west
            service = "bookinfo/ratings"
            to = "us-east-1"

            [[failover]]
            mesh = "green"    # also on cluster west
            service = "bookinfo/ratings"
            to = "us-east-1"
        "#,
        fix: r#"
            fail the service over from one mesh only (a namespace belongs to one control plane's member roll
            anyway).
        "#,
    }

    NO_SOURCE = error "fedc::failover::no-source" {
        summary: "No import brings the service in from a mesh in the target region.",
        details: "The labels show imports of the service from other regions.",
        example: toml r#"
            [[failover]]
            mesh = "blue"
            service = "bookinfo/ratings"
            to = "us-south"    # green is in us-south, but blue does not import ratings from green
        "#,
        fix: "import the service, with `as_local = true`, from a peer in that region.",
    }

    NOT_LOCAL = error "fedc::failover::not-local" {
        summary: "A failover's source rule does not import the service as local.",
        details: "Failover balances over the local hostname `<name>.<namespace>.svc.cluster.local`.",
        example: toml r#"
              [[imports.rules]]
              service = "bookinfo/ratings"
              as_local = false       # a failover to this peer's region goes through this rule
        "#,
        fix: "remove `as_local = false`.",
    }

    UNFIXED_NAMESPACE = error "fedc::failover::unfixed-namespace" {
        summary: "A failover's source rule imports as local without fixing the namespace.",
        example: toml r#"
              [[imports.rules]]
              service = "*/ratings"   # a failover source: imported as local, but into which namespace?
        "#,
        fix: r#"name the namespace in the rule's `service`, or set `alias = "<namespace>/*"`."#,
    }

    NOT_EXPORTED = error "fedc::failover::not-exported" {
        summary: "The peer does not export the failover's service to this mesh.",
        details: r#"
            The source rule imports from the peer, but the service is not among what the peer exports. When
            the peer exports the service under an alias, or the export rule that would export it is shadowed
            by an earlier one, the help says so instead of asking to export it.
        "#,
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              service = "bookinfo/ratings"

            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/*"

            [[failover]]
            mesh = "blue"
            service = "bookinfo/reviews"
            to = "us-east-1"
        "#,
        fix: "export the service from the peer to this mesh, or fail over to a region that has it.",
    }

    MAYBE_NOT_EXPORTED = warning "fedc::failover::maybe-not-exported" {
        summary: "The peer may export the failover's service only through a label selector.",
        details: r#"
            As `fedc::failover::not-exported`, but the peer may export the service through a label selector
            fedc cannot resolve.
        "#,
        fix: "export it by name, or make sure its Service carries the labels.",
    }

    SHADOWED_SOURCE = error "fedc::failover::shadowed-source" {
        summary: "The import rule meant as the failover's source is never reached.",
        details: r#"
            The peer exports the name, and an import rule would turn it into the failover's service, but an
            earlier import rule matches it first (maistra-semantics §5, first match wins) and imports it under
            another name: the controller never imports the service as local, so the failover has nothing to
            fail over to. Both rules are labelled.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/*"
              alias = "bookinfo-east/*"      # matches bookinfo/ratings first
              [[imports.rules]]
              service = "bookinfo/ratings"   # meant as the failover source, never reached
              as_local = true

            [[failover]]
            mesh = "blue"
            service = "bookinfo/ratings"
            to = "us-east-1"
        "#,
        fix: "move the specific rule before the general one (or narrow the general rule).",
    }

    REPLACES_HOSTNAME = warning "fedc::failover::replaces-hostname" {
        summary: "A failover makes its source rule import the service as local, so its imported name is no longer served.",
        details: r#"
            Failover balances over the local hostname, so fedc imports the service as local from the
            peer of the target region (an as-local rule for it comes first in the ImportedServiceSet).
            Under first match wins, the name the rule as written gives it
            (`<name>.<namespace>.<domain suffix>`) disappears: clients that call it lose the service.
            Said when the source rule does not set `as_local` itself and its name is one clients call:
            the rule imports other services too (a wildcard) or names a domain suffix.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "green"
            from = "blue"
            domain_suffix = "blue.federated"
              [[imports.rules]]
              service = "bookinfo/*"        # ratings.bookinfo.blue.federated …

            [[failover]]
            mesh = "green"
            service = "bookinfo/ratings"    # … becomes ratings.bookinfo.svc.cluster.local
            from = "us-west"
            to = "europe-west1"             # blue's region
        "#,
        fix: r#"
            set `as_local = true` on the source rule to say the change is meant (clients call the local
            hostname), or fail over through another rule.
        "#,
    }

    INVALID_OUTLIER = error "fedc::failover::invalid-outlier" {
        summary: "The outlier detection never ejects an endpoint, so traffic never fails over.",
        details: "Failover happens only once failing endpoints are ejected.",
        example: toml r#"
            outlier_detection = { consecutive_5xx_errors = 0, max_ejection_percent = 150 }
        "#,
        fix: r#"
            `consecutive_5xx_errors` at least 1, `max_ejection_percent` from 1 to 100 (with 0 Envoy never
            ejects an endpoint, so traffic never fails over).
        "#,
    }

    INVALID_DURATION = error "fedc::failover::invalid-duration" {
        summary: "An outlier detection duration is not a duration Envoy accepts.",
        example: toml r#"
            outlier_detection = { interval = "10 seconds", base_ejection_time = "0s" }
        "#,
        fix: "durations are a number and a unit (`ms`, `s`, `m`, `h`, combinable as `1m30s`), at least 1ms.",
    }

    SHORT_EJECTION = warning "fedc::failover::short-ejection" {
        summary: "Endpoints are ejected for under a second.",
        details: r#"
            Envoy accepts any ejection time from 1ms, but an endpoint ejected for under a second is back
            before the next check: traffic keeps reaching the failing endpoints.
        "#,
        example: toml r#"
            outlier_detection = { base_ejection_time = "1ms" }
        "#,
        fix: "eject for longer, e.g. `30s` (the default).",
    }

    NETWORK_VIEW = warning "fedc::failover::network-view" {
        summary: "An `ossm2` mesh fails over to several peers that advertise the service under one name.",
        details: r#"
            Their imports merge with the local Service, as intended, but so do the hidden `.remote`
            services behind them: their hostname is `<name>.<namespace>.svc.<this mesh>-exports.local`
            whichever peer exports it (maistra-semantics §3). The egress gateway dedicated to one peer then
            keeps to that peer's ingress addresses only if istiod filters the merged endpoints by the
            gateway's `requestedNetworkView` (fedc sets `network-<peer>`, §8), which SMCP v2.5 does when
            multi-network is on; otherwise some calls leave through one peer's egress gateway for another
            peer's ingress.
        "#,
        example: toml r#"
            [[exports]]
            mesh = "red"                      # and the same for blue
              [[exports.rules]]
              service = "bookinfo/ratings"
        "#,
        fix: r#"
            have each peer export the service under its own name, so that nothing depends on the network
            view: `alias = "bookinfo-red/ratings"` on red's export rule, and on the importer
            `service = "bookinfo-red/ratings"`, `alias = "bookinfo/ratings"`, `as_local = true` (UI case
            `clean-failover-several-peers`); or acknowledge the warning.
        "#,
    }
}
