//! `fedc::export::…`: `[[exports]]` blocks and their rules.

codes! {
    area: "Exports",
    intro: r#"
        **Controller semantics fedc models** (`../shared/reference/maistra-semantics.md` §4–§5): the export
        rules a mesh applies to a peer (every `[[exports]]` block for that peer, in the order written, is
        one ExportedServiceSet), the `aliases` of a label rule, and the import rules of an `[[imports]]`
        block are tried **in order, and the first rule that matches wins**; a service no rule matches is
        not exported (imported). Import rules match the *exported* name, after the exporter's alias, and
        only name selectors count. fedc computes the *effective* names with exactly that evaluation
        (`src/check/effective.rs`): it cannot see the services of a mesh, but rules only compare names
        with the names written in the topology or accept any (`*`), so evaluating every combination of
        the mentioned namespaces and names, plus one stand-in for "any other name", is exact. Import
        matching (`never-exported`, `maybe-not-exported`), failover sources and the shadowing findings
        all use these effective names. (Above 2 097 152 rule evaluations, witness names times rules, for
        one pair of meshes fedc falls back to the names each rule could advertise, without shadowing
        findings.) A label rule with a selector may or may not match a service, so evaluation goes on
        past it and what follows is "maybe".
    "#;

    UNKNOWN_MESH = error "fedc::export::unknown-mesh" {
        summary: "An export's `mesh` or `to` names a mesh that is not defined.",
        example: toml r#"
            [[exports]]
            mesh = "red"
            to = ["bleu"]
        "#,
        fix: "use the name of a mesh defined under `[[meshes]]`; the help suggests the closest one.",
    }

    NOT_PEERED = error "fedc::export::not-peered" {
        summary: "An export's `to` names a mesh the exporting mesh is not peered with.",
        details: "Without a ServiceMeshPeer, the export set is never read.",
        example: toml r#"
            [[exports]]
            mesh = "red"
            to = ["green"]     # no [[peerings]] entry with red and green
        "#,
        fix: "add the peering, or remove the export target.",
    }

    NO_RULES = error "fedc::export::no-rules" {
        summary: "An `[[exports]]` block has no rules.",
        details: r#"
            A set without rules exports nothing (maistra-semantics §1), and its empty rule list is not a valid
            object. Not reported when the block's rules were dropped for errors of their own.
        "#,
        example: toml r#"
            [[exports]]
            mesh = "red"          # no [[exports.rules]] follow
        "#,
        fix: "add the rules, or remove the block.",
    }

    NAME_COLLISION = error "fedc::export::name-collision" {
        summary: "Two export rules of one mesh publish different services under the same name to one peer.",
        details: r#"
            The controller does not detect it and the peer sees one of them. Only rules with exact names on
            both sides are compared.
        "#,
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              service = "bookinfo/ratings"
              [[exports.rules]]
              service = "ratings-v2/ratings"
              alias = "bookinfo/ratings"
        "#,
        fix: "give one of them another `alias`.",
    }

    INVALID_OPERATOR = error "fedc::export::invalid-operator" {
        summary: "A label expression's `operator` is not one Kubernetes knows.",
        details: "With any other operator the controller skips the whole rule.",
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              namespace = "bookinfo"
              expressions = [{ key = "tier", operator = "in", values = ["backend"] }]
        "#,
        fix: "operators are `In`, `NotIn`, `Exists`, `DoesNotExist`.",
    }

    INVALID_VALUES = error "fedc::export::invalid-values" {
        summary: "A label expression's `values` do not fit its operator.",
        details: "`In` / `NotIn` need `values`; `Exists` / `DoesNotExist` take none.",
        example: toml r#"
            expressions = [{ key = "tier", operator = "NotIn" }]
        "#,
        fix: "add the values, or remove them.",
    }

    NOT_IMPORTED = warning "fedc::export::not-imported" {
        summary: "No peer the rule exports to imports anything it exports.",
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              service = "bookinfo/details"   # no peer imports bookinfo/details from red
        "#,
        fix: "add an import rule on the peer that needs the service, or remove the export.",
    }

    SHADOWED_RULE = warning "fedc::export::shadowed-rule" {
        summary: "An export rule (or an alias of a label rule) no service ever reaches.",
        details: r#"
            An earlier rule or alias matches every service it would; both are labelled. In the example the
            ratings service is exported as `bookinfo/ratings`, not `bookinfo/ratings-v2`. An import of the
            alias then fails with `fedc::import::never-exported`, whose help names this cause.
        "#,
        example: toml r#"
            [[exports]]
            mesh = "red"
              [[exports.rules]]
              service = "bookinfo/*"
              [[exports.rules]]
              service = "bookinfo/ratings"      # never reached: bookinfo/* matched first
              alias = "bookinfo/ratings-v2"
        "#,
        fix: "put the specific rule before the general one, or remove it.",
    }
}
