//! `fedc::name::…`: names that become Kubernetes or DNS names.

codes! {
    area: "Names";

    INVALID = error "fedc::name::invalid" {
        summary: "A name that becomes a Kubernetes object name, namespace or DNS name is not valid.",
        details: r#"
            Checked: mesh, cluster and federation names, control-plane namespaces, gateway names, service
            names and namespaces (also in aliases), trust domains and domain suffixes, the Argo CD namespace
            and project, the Flux namespace, source name and dependencies, and the names fedc derives from
            them (`<egress gateway>-service-account`, `<peer>-ca-root-cert`, `network-<peer>`,
            `<service>-failover`). When a derived name is invalid only because the name it comes from is,
            only that name is reported.

            Limits are applied per kind, as Kubernetes applies them: a Service, a namespace and the gateway
            names (Deployments and Services) are DNS-1123 labels (63 characters); a ServiceAccount and a
            ConfigMap are DNS-1123 subdomains (253 characters in all, no limit per dot-separated part); a
            label value has 63 characters. A mesh name may therefore have up to 55 characters: its peers
            derive `ingress-<mesh>` (a gateway Service) and `network-<mesh>` (a label value). A longer,
            otherwise valid mesh name gives one finding on the mesh name, not one per derived name and peer.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red-mesh-of-the-eastern-region-of-the-fleet-in-production-one"   # 61 > 55
        "#,
        fix: r#"
            use lower-case letters, digits and `-` (DNS-1123 label, at most 63 characters; a mesh name at
            most 55); trust domains, suffixes, the Argo CD project and Flux object names may also contain dots
            (DNS-1123 subdomain, at most 253 characters).
        "#,
    }
}
