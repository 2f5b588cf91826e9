//! `fedc::istio::…`: `istio`/`ossm3` meshes and the federation between them.

codes! {
    area: "Istio and OpenShift Service Mesh 3 meshes",
    intro: r#"
        Meshes with `target = "istio"` or `"ossm3"` (see [targets.md](targets.md)); peerings, exports,
        imports and failover between them compile to ServiceEntries, WorkloadEntries and `istio-remote`
        Gateways ([migration.md](migration.md)). Section D of the Istio multi-cluster reference lists what
        can break such a mesh; these are the checks fedc makes (the settings such a mesh cannot express are
        `fedc::mesh::target-setting`). The rest of section D holds by construction. Within a mesh, the
        namespace label, the east-west gateway's labels and `ISTIO_META_REQUESTED_NETWORK_VIEW`, the
        `cross-network-gateway` selector and the remote-secret label, annotation and key are all derived
        from one description, and `tests/istio_output.rs` asserts they agree. Between meshes,
        `tests/istio_federation.rs` asserts: ServiceEntry and WorkloadEntry of an import in the same
        namespace (the mesh's; a failover's `as_local` import instead joins the local Service in its own
        namespace), every WorkloadEntry labelled `security.istio.io/tlsMode: istio` with a `network` equal
        to an `istio-remote` Gateway's network label and a typed address on that Gateway, every importer
        hostname listed on the exporter's `cross-network-gateway` with an exporter-side ServiceEntry when it
        is not the backing Service's own name, no DestinationRule other than the failover ones (which set
        no TLS mode, so auto-mTLS applies) and no PeerAuthentication. Two meshes with one trust domain are
        refused for every target (`fedc::mesh::duplicate-trust-domain`, UI case
        `istio-duplicate-trust-domain`).
    "#;

    FEDERATION_UNSUPPORTED = error "fedc::istio::federation-unsupported" {
        summary: "A peering, import or export `to` entry joins an `ossm2` mesh and an `istio`/`ossm3` mesh.",
        details: r#"
            Traffic between OpenShift Service Mesh 2 federation and an Istio mesh flows only after the OSSM
            2.6 control plane is patched by hand (reference B2: trust-domain aliases,
            `PILOT_MULTI_NETWORK_DISCOVER_GATEWAY_API`, `manageNetworkPolicy: false`, its own `istio-remote`
            gateways), which fedc does not render. The entry is left out so that it causes no further
            findings. Federation between two `istio`/`ossm3` meshes is supported.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"                 # ossm2, the default
            [[meshes]]
            name = "blue"
            target = "ossm3"
            [[peerings]]
            meshes = ["red", "blue"]
        "#,
        fix: r#"
            migrate the meshes that federate with each other together
            (`fedc diff <topology> --target ossm3 --out <dir>` shows the result; see
            [migration.md](migration.md)), or keep both on the same target.
        "#,
    }

    UNSUPPORTED_VERSION = error "fedc::istio::unsupported-version" {
        summary: "An `istio`/`ossm3` mesh's `version` is not one fedc can install.",
        details: r#"
            For `istio`: not an Istio version `1.22` or later written like `1.23.3` (fedc emits
            `networking.istio.io/v1`, served from 1.22; a leftover `v2.6` from `ossm2` is caught here). For
            `ossm3`: not one of the `spec.version` values the OpenShift Service Mesh 3.4 Sail operator
            accepts (`v1.26.2` … `v1.30.3` and the `-latest` aliases; `v1.24-latest` was dropped in 3.3).
        "#,
        example: toml r#"
            target = "istio"
            version = "v2.6"
        "#,
        fix: "remove `version` to take the default (`1.30.3` / `v1.30.3`) or pick an accepted one.",
    }

    SHARED_NETWORK = error "fedc::istio::shared-network" {
        summary: "Two clusters of one mesh have the same `network` name.",
        details: r#"
            fedc emits an east-west gateway per cluster because the clusters are on separate networks, but
            istiod routes through a network's gateway only to endpoints whose network name differs from the
            caller's. With one name it treats both clusters as one flat network and sends cross-cluster calls
            straight to pod IPs the caller cannot reach: the east-west path is silently never used and
            requests to the other cluster fail. A flat network spanning clusters (same network, no gateways)
            is not a layout fedc generates yet.
        "#,
        example: toml r#"
            [[clusters]]
            name = "cluster-1"
            network = "default"
            [[clusters]]
            name = "cluster-2"
            network = "default"     # the ASM guide passes `--network default` for both clusters
        "#,
        fix: "give each cluster its own `network` (`network-aws`, `network-azure`).",
    }

    DUPLICATE_CLUSTER_NAME = error "fedc::istio::duplicate-cluster-name" {
        summary: "A cluster is listed twice in `clusters`, or two clusters have one name in `cluster_names`.",
        details: "istiod keys remote secrets by cluster name and ignores a second cluster with a name it knows.",
        example: toml r#"
            target = "istio"
            clusters = ["east", "west"]
            cluster_names = { east = "prod", west = "prod" }
        "#,
        fix: "one distinct name per cluster.",
    }

    CLUSTER_NAME_NOT_MEMBER = error "fedc::istio::cluster-name-not-member" {
        summary: "A `cluster_names` key is not one of the mesh's `clusters`: the name would be used nowhere.",
        example: toml r#"
            clusters = ["east", "west"]
            cluster_names = { esat = "prod-east" }
        "#,
        fix: "add the cluster to `clusters`, or remove the entry.",
    }

    MESH_ID_SPLIT = error "fedc::istio::mesh-id-split" {
        summary: "Two `[[meshes]]` entries have the same `mesh_id`: one Istio mesh described twice.",
        details: r#"
            The default `mesh_id` is the mesh name. Typically an OpenShift Service Mesh 2 topology (one mesh
            per cluster) whose targets were switched. Its clusters would disagree on trust domain and root, and
            neither half would get the other's remote secrets.
        "#,
        example: toml r#"
            [[meshes]]
            name = "east"
            target = "istio"
            mesh_id = "fleet"
            [[meshes]]
            name = "west"
            target = "istio"
            mesh_id = "fleet"
        "#,
        fix: "one entry with `clusters = [...]`, or distinct `mesh_id`s.",
    }

    CLUSTER_IN_TWO_MESHES = error "fedc::istio::cluster-in-two-meshes" {
        summary: "A cluster is a member of two `istio`/`ossm3` meshes.",
        details: "It runs one control plane, with one mesh ID, trust domain and network.",
        example: toml r#"
            [[meshes]]
            name = "red"
            target = "istio"
            clusters = ["east", "west"]
            [[meshes]]
            name = "blue"
            target = "istio"
            clusters = ["west"]
        "#,
        fix: "keep each cluster in one mesh.",
    }

    CERT_PROVIDER_REFUSED = error "fedc::istio::cert-provider-refused" {
        summary: "`cert_provider = \"kubernetes\"` where istiod refuses it.",
        details: r#"
            `pilotCertProvider: kubernetes` (istiod's serving certificate from the Kubernetes CSR API) fails
            upstream from Istio 1.22 on (no signer is passed in 1.22; from 1.23 istiod exits at start-up),
            and OpenShift Service Mesh 3 runs Istio 1.26 or later. Only Anthos Service Mesh up to 1.22
            shipped it, and only with Mesh CA or CA Service on GKE on VMware and bare metal: asmcli's
            `citadel-ca` option and its `attached-cluster` option (GKE on AWS / Azure, attached clusters)
            install `istiod`, which is the seed's table. So it is refused on upstream Istio (no
            `[meshes.asm]`), on `ossm3`, on ASM 1.23 or later, with `asm.ca = "citadel"`, and on an `aws` or
            `azure` cluster.
        "#,
        example: toml r#"
            version = "1.23.3"
            cert_provider = "kubernetes"    # the ASM guide's choice for Anthos clusters with Mesh CA
        "#,
        fix: r#"`cert_provider = "istiod"` (the default)."#,
    }

    UNKNOWN_CERT_PROVIDER = error "fedc::istio::unknown-cert-provider" {
        summary: "`cert_provider` is neither `istiod` nor `kubernetes`.",
        details: "It is `pilotCertProvider` (who signs istiod's own serving certificate), not the workload CA.",
        example: toml r#"
            cert_provider = "cert-manager"
        "#,
        fix: "`istiod` (the default) or `kubernetes`; the help suggests the closest.",
    }

    UNKNOWN_STORE_KIND = error "fedc::istio::unknown-store-kind" {
        summary: "`remote_secrets.store_kind` is neither `ClusterSecretStore` (default) nor `SecretStore`.",
        example: toml r#"
            remote_secrets = { store = "vault", store_kind = "VaultStore" }
        "#,
        fix: "use one of the two External Secrets Operator store kinds; the help suggests the closest.",
    }

    MISSING_PORTS = error "fedc::istio::missing-ports" {
        summary: "An import rule of an `istio`/`ossm3` mesh has no `ports`.",
        details: "OSSM 2 discovered them; an Istio ServiceEntry declares them.",
        example: toml r#"
              [[imports.rules]]
              service = "bookinfo/ratings"      # no ports
        "#,
        fix: "`ports = { http = 9080 }`.",
    }

    INVALID_PORT = error "fedc::istio::invalid-port" {
        summary: "An import rule's port has a number outside 1–65535, or a name that says no protocol.",
        details: r#"
            Port names are `<protocol>[-<suffix>]` with a protocol of `http`, `http2`, `https`, `grpc`,
            `tcp`, `tls`, `mongo` (Istio's naming convention; the ServiceEntry's `protocol` is taken from it).
        "#,
        example: toml r#"
            ports = { web = 8080 }       # `web` says no protocol: use `http` or `http-web`
        "#,
        fix: "name the port after its protocol and give a number from 1 to 65535.",
    }

    UNLISTED_IMPORT = error "fedc::istio::unlisted-import" {
        summary: "A wildcard import rule matches names the exporter exports by label or by wildcard.",
        details: r#"
            OSSM 2 matched them at run time; an Istio mesh imports each service through its own
            ServiceEntry, so fedc must list them. A wildcard is fine when the exporter exports the matching
            services by name (they are the ones imported).
        "#,
        example: toml r#"
              [[imports.rules]]
              service = "shop/*"          # the exporter exports shop/* too
              ports = { http = 8080 }
        "#,
        fix: r#"one rule per service (`service = "shop/cart"`)."#,
    }

    MISSING_EASTWEST_ADDRESS = error "fedc::istio::missing-eastwest-address" {
        summary: "A cluster of a mesh other Istio meshes import from has no `eastwest_address`.",
        details: "The importers' `istio-remote` Gateways need the address of its `istio-eastwestgateway` load balancer.",
        example: toml r#"
            [[clusters]]
            name = "east"               # hosts a mesh blue imports from
            platform = "aws"
        "#,
        fix: r#"`eastwest_address = "192.0.2.10"` (or a DNS name) on the `[[clusters]]` entry."#,
    }

    INVALID_EASTWEST_ADDRESS = error "fedc::istio::invalid-eastwest-address" {
        summary: "`eastwest_address` has a scheme, path or port.",
        example: toml r#"
            eastwest_address = "https://192.0.2.10:15443"
        "#,
        fix: "a bare IP address or DNS name.",
    }

    REMOTE_NETWORK = error "fedc::istio::remote-network" {
        summary: "An importing cluster and a cluster it imports from have the same network name.",
        details: r#"
            Imported endpoints are address-less WorkloadEntries on the exporter's network; istiod routes them
            through that network's gateway only when it differs from the caller's (reference A6, B5).
        "#,
        fix: "give each cluster its own `network`.",
    }

    EXPORT_NOT_ENFORCED = warning "fedc::istio::export-not-enforced" {
        summary: "An exporting `istio`/`ossm3` mesh of several clusters serves services no export names.",
        details: r#"
            Its east-west gateways serve every `*.local` service (its own clusters need that), so every peer
            reaches services that no export names, which no policy of fedc's covers. What the mesh exports by
            name or by namespace (`bookinfo/*`) to fewer than all its peers is enforced.

            **How `to` is enforced between Istio meshes.** For each workload the mesh exports by exact name
            or that a peer imports (selected by its `app` label, like the exporter-side ServiceEntry), and
            each namespace it exports whole, fedc writes an ALLOW `AuthorizationPolicy`
            (`security.istio.io/v1`, `export-scope-<service>` / `export-scope` in that namespace) admitting
            the principals `<own trust domain>/*` and `<peer trust domain>/*` for each peer the service is
            exported to. The east-west gateway passes TLS through (`AUTO_PASSTHROUGH`), so the workload sees
            the caller's own SPIFFE ID, never the gateway's; the own trust domain covers local callers and the
            mesh's other clusters. A principal in that form is not widened by trust-domain aliases (istiod
            only expands `<td>/ns/<ns>/sa/<sa>`), and `namespaces` is not used because it matches a namespace
            of that name in every trust domain. Callers without a sidecar (plaintext) are denied by these
            policies; add a rule with an overlay if some must stay allowed. A one-cluster mesh serves only the
            imported hostnames on its east-west gateway, all of which are covered, so it gets no warning.
        "#,
        fix: r#"
            restrict the other services with AuthorizationPolicies of your own, admitting callers by trust
            domain (`principals: ["<trust domain>/*"]`), or accept it.
        "#,
    }

    ASM_SETTING = error "fedc::istio::asm-setting" {
        summary: "An Anthos Service Mesh setting that `asmcli install` cannot take.",
        details: r#"
            Each ends up on its command line in `installer/<cluster>/operator-steps.md`: a `fleet_id` that
            is not a Google Cloud project ID (6–30 lower-case letters, digits and hyphens; the ID, not the
            number), a `ca` other than `mesh_ca`, `citadel` or `gcp_cas`, `gcp_cas` without `ca_pool`, a
            `ca_pool` with another CA or not of the form
            `projects/<project>/locations/<location>/caPools/<pool>`, a `namespace` other than
            `istio-system` (asmcli has no option for another), no `revision` (asmcli installs a revisioned
            control plane; fedc passes it as `--revision_name`, to the east-west gateway and to the
            namespace labels), or a cluster `context` from which `asmcli create-mesh` would derive an
            invalid remote-secret name (it replaces `_`, `.`, `@` and `:` with `-`; `/` or upper-case
            letters remain).
        "#,
        example: toml r#"
            revision = "asm-1233-2"
            asm = { fleet_id = "my-fleet-project", ca = "gcp_cas" }   # no ca_pool
        "#,
        fix: "as the help says.",
    }

    INDISTINGUISHABLE_IDENTITY = warning "fedc::istio::indistinguishable-identity" {
        summary: "A pinned exporter identity is also run by another mesh the importer trusts as its own.",
        details: r#"
            The same namespace and service account, in the importer itself or in another of its peers
            (known from the `service_account`s of imports). Every federated mesh lists its peers' trust
            domains in `trustDomainAliases`, and istiod expands the identities of a service
            (`subjectAltNames`) and the `<td>/ns/<ns>/sa/<sa>` principals of AuthorizationPolicies to all of
            them (reference B6): the pinned ServiceEntry also accepts the other mesh's workload, and a policy
            naming one admits both. fedc's export-scope policies admit by trust domain and are not affected.
        "#,
        fix: "run the workloads under service accounts of their own in each mesh (e.g. `<mesh>-<service>`), or accept it.",
    }

    INVALID_SERVICE_ACCOUNT = error "fedc::istio::invalid-service-account" {
        summary: "An import rule's `service_account` is not a Kubernetes ServiceAccount name.",
        details: r#"
            It must be a DNS-1123 subdomain once `{name}` is filled in, and may use no other placeholder.
        "#,
        example: toml r#"
            service_account = "Bookinfo_{service}"
        "#,
        fix: r#"e.g. `service_account = "bookinfo-{name}"`."#,
    }

    SHARED_EASTWEST_ADDRESS = error "fedc::istio::shared-eastwest-address" {
        summary: "Two clusters on different networks that Istio meshes import from have one `eastwest_address`.",
        details: r#"
            Compared case-insensitively, IPv6 in any spelling. Each importer's `istio-remote` Gateway maps one
            remote network to one address, and istiod sends traffic for that network's endpoints there: with
            one address, traffic meant for one network lands on the other network's east-west gateway, which
            routes it to its own cluster's services.
        "#,
        fix: "give each cluster the address of its own `istio-eastwestgateway` load balancer.",
    }

    UNPINNED_IDENTITY = warning "fedc::istio::unpinned-identity" {
        summary: "An import rule between Istio meshes has no `service_account`.",
        details: r#"
            Its ServiceEntry carries no `subjectAltNames`, so clients accept any certificate the importing
            mesh trusts (its own root and every peer's) for the service.
        "#,
        fix: r#"
            `service_account = "bookinfo-ratings"` (the account the exporter's workloads run as; `{name}`
            stands for each Service's name in a wildcard rule), which pins
            `spiffe://<exporter trust domain>/ns/<namespace>/sa/<account>`.
        "#,
    }
}
