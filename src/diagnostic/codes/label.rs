//! `fedc::label::…`: values that become Kubernetes labels or label selectors.

codes! {
    area: "Labels";

    INVALID = error "fedc::label::invalid" {
        summary: "A value written as a Kubernetes label, or a label selector key or value, is not valid.",
        details: r#"
            Locality parts become endpoint labels (`topology.kubernetes.io/region` …), a cluster's `network`
            is the `topology.istio.io/network` label of its workloads, and export label selectors that do not
            parse make the controller skip the whole rule.
        "#,
        example: toml r#"
            locality = { region = "us-west1", zone = "us-west1/b" }
        "#,
        fix: r#"
            label values are at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter
            or digit; keys may have a DNS prefix (a DNS-1123 subdomain) and `/` before such a name.
        "#,
    }
}
