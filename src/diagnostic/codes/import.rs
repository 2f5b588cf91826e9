//! `fedc::import::…`: `[[imports]]` blocks and their rules.

codes! {
    area: "Imports";

    UNKNOWN_MESH = error "fedc::import::unknown-mesh" {
        summary: "An import's `mesh` or `from` names a mesh that is not defined.",
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "rde"
        "#,
        fix: "use the name of a mesh defined under `[[meshes]]`; the help suggests the closest one.",
    }

    NOT_PEERED = error "fedc::import::not-peered" {
        summary: "An import's `from` names a mesh the importing mesh is not peered with.",
        details: "Without a ServiceMeshPeer, the import set is never read.",
        example: toml r#"
            [[imports]]
            mesh = "green"
            from = "red"       # no [[peerings]] entry with green and red
        "#,
        fix: "add the peering, or remove the import block.",
    }

    NO_RULES = error "fedc::import::no-rules" {
        summary: "An `[[imports]]` block has no rules.",
        details: r#"
            A set without rules imports nothing (maistra-semantics §1), and its empty rule list is not a valid
            object. Not reported when the block's rules were dropped for errors of their own.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"          # no [[imports.rules]] follow
        "#,
        fix: "add the rules, or remove the block.",
    }

    DUPLICATE_BLOCK = error "fedc::import::duplicate-block" {
        summary: "Two `[[imports]]` blocks have the same `mesh` and `from`.",
        details: "Both would be the one ImportedServiceSet named after the peer.",
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/ratings"

            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/reviews"
        "#,
        fix: "merge their rules into one block.",
    }

    LABEL_SELECTOR = error "fedc::import::label-selector" {
        summary: "An import rule selects by labels.",
        details: r#"
            The controller honours only name selectors on import rules (the ImportedServiceSet has no label
            selector).
        "#,
        example: toml r#"
              [[imports.rules]]
              labels = { app = "ratings" }
        "#,
        fix: r#"select by `service = "namespace/name"` (`*` allowed); select by labels on the exporting side."#,
    }

    LOCAL_WITHOUT_NAMESPACE = error "fedc::import::local-without-namespace" {
        summary: "A rule imports services as local without fixing their namespace.",
        details: r#"
            A service imported as local is placed in its alias namespace; the controller skips the rule unless
            that namespace is fixed.
        "#,
        example: toml r#"
              [[imports.rules]]
              service = "*/ratings"
              as_local = true
        "#,
        fix: r#"name the namespace in `service`, or set `alias = "<namespace>/*"`."#,
    }

    LOCAL_SUFFIX = error "fedc::import::local-suffix" {
        summary: "An import's `domain_suffix` is the local services' own suffix, which the controller refuses.",
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
            domain_suffix = "svc.cluster.local"
        "#,
        fix: "to merge imported services with local ones use `as_local = true`; otherwise pick another suffix.",
    }

    CLUSTER_SUFFIX = warning "fedc::import::cluster-suffix" {
        summary: "An import's `domain_suffix` is `cluster.local`.",
        details: r#"
            The controller accepts it, but it gives hostnames `<name>.<namespace>.cluster.local` that look
            local without being so.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
            domain_suffix = "cluster.local"
        "#,
        fix: "use a suffix of its own, or `as_local = true`.",
    }

    SUFFIX_IGNORED = warning "fedc::import::suffix-ignored" {
        summary: "A rule imports as local and sets a `domain_suffix`, which is then ignored.",
        details: "Imported as local, the hostname is always `<name>.<namespace>.svc.cluster.local`.",
        example: toml r#"
              [[imports.rules]]
              service = "bookinfo/ratings"
              as_local = true
              domain_suffix = "red.federated"
        "#,
        fix: "remove one of the two.",
    }

    HOSTNAME_COLLISION = error "fedc::import::hostname-collision" {
        summary: "Two import rules of one mesh give services the same hostname.",
        details: r#"
            The hostname is `<name>.<namespace>.svc.<peer>-imports.local` by default,
            `<name>.<namespace>.<domain_suffix>`, or `<name>.<namespace>.svc.cluster.local` when imported as
            local, which rules a failover depends on always are.

            Hostnames are computed on the effective names (maistra-semantics §4–§5): what the peer really
            exports to this mesh (its rules and aliases, first match wins), each matched against this mesh's
            import rules in order, first match wins. So a rule an earlier one always beats gives no hostname
            and collides with nothing (`fedc::import::shadowed-rule` says so), and a wildcard rule gives only
            the names the peer can export: `bookinfo/*` with `alias = "shop/*"` from a peer that exports only
            `bookinfo/ratings` is exactly `ratings.shop.…`, a collision, not an overlap. Without that
            evaluation (above 2,097,152 rule evaluations per pair of meshes) the rules' own patterns are
            compared, and rules of one peer whose selectors overlap are not.

            Not a collision: rules of *different* peers that both import a failover's service as local
            (`<name>.<namespace>.svc.cluster.local`, the failover's `service`). The controller's aggregate
            registry merges same-hostname services across its Kubernetes and federation registries (the
            mechanism that merges the local pods with one peer's `importAsLocal`), so a failover region
            served by several peers is load-balanced over all of them, each ImportedServiceSet with its own
            locality, under the one failover DestinationRule (see `fedc::failover::network-view`). Two rules
            of *one* peer on that hostname remain an error: one registry holds one service per hostname (UI
            cases `failover-several-peers`, `import-hostname-collision-failover`).
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/ratings"
              [[imports.rules]]
              service = "reviews/ratings"
              alias = "bookinfo/ratings"
        "#,
        fix: "give one rule another `alias` or `domain_suffix`.",
    }

    HOSTNAME_OVERLAP = warning "fedc::import::hostname-overlap" {
        summary: "Two import rules of one mesh may give services the same hostname.",
        details: r#"
            Like `fedc::import::hostname-collision`, but whether they collide depends on what is exported:
            one side stands for names the topology does not mention (shown `*`), e.g. `bookinfo/ratings` from
            `red` and `bookinfo/*` from `green` (which exports `bookinfo/*`), both with
            `domain_suffix = "federated.local"`; or a name is exported by label selector, which only the
            cluster decides.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
            domain_suffix = "federated.local"
              [[imports.rules]]
              service = "bookinfo/ratings"

            [[imports]]
            mesh = "blue"
            from = "green"                       # green exports bookinfo/*
            domain_suffix = "federated.local"
              [[imports.rules]]
              service = "bookinfo/*"
        "#,
        fix: "give one rule another `alias` or `domain_suffix`.",
    }

    NEVER_EXPORTED = error "fedc::import::never-exported" {
        summary: "The import rule matches nothing the peer exports to this mesh.",
        details: r#"
            Matching is against the exported names, after the exporter's aliases. When the service is
            exported under an alias, the help says so and names the alias (not the closest unrelated name);
            when the export rule that would export it is shadowed, the help says that.
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
              service = "bookinfo/rating"   # did you mean `bookinfo/ratings`?
        "#,
        fix: "import a name the peer exports (the help suggests the closest), or export the service.",
    }

    MAYBE_NOT_EXPORTED = warning "fedc::import::maybe-not-exported" {
        summary: "The import rule matches only what the peer exports by Service label, which fedc cannot see.",
        details: "An alias target of a label rule counts as a known name.",
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              namespace = "payments"
              labels = { federated = "true" }

            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "payments/ledger"
        "#,
        fix: "make sure the Service carries the labels, or export it by name.",
    }

    SHADOWED_RULE = warning "fedc::import::shadowed-rule" {
        summary: "An import rule no exported name ever reaches.",
        details: r#"
            The rule matches something the peer exports, but every such name is taken by an earlier import
            rule of the block (first match wins). Both rules are labelled.
        "#,
        example: toml r#"
            [[imports]]
            mesh = "blue"
            from = "red"
              [[imports.rules]]
              service = "bookinfo/*"
              [[imports.rules]]
              service = "bookinfo/ratings"        # never reached
              alias = "bookinfo/red-ratings"
        "#,
        fix: "put the specific rule first, or remove it.",
    }
}
