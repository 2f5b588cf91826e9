//! `fedc::federation::…`: the federation as a whole.

codes! {
    area: "The federation";

    UNKNOWN_TARGET = error "fedc::federation::unknown-target" {
        summary: "`[federation] target` is not `maistra`.",
        details: r#"
            The federation-wide target is OpenShift Service Mesh 2.x only; upstream Istio and OpenShift
            Service Mesh 3 are chosen per mesh.
        "#,
        example: toml r#"
            [federation]
            name = "bookinfo"
            target = "istio"
        "#,
        fix: r#"
            remove `target` or set it to `maistra`; for upstream Istio or OpenShift Service Mesh 3, set
            `target = "istio"` or `"ossm3"` on each `[[meshes]]` entry.
        "#,
    }

    NO_MESHES = error "fedc::federation::no-meshes" {
        summary: "The topology has no `[[meshes]]` entry.",
        details: r#"
            A build would write nothing (and Argo CD / Flux would sync empty paths). Not reported when meshes
            were written but none resolved (those have findings of their own).
        "#,
        example: toml r#"
            [federation]
            name = "bookinfo"
        "#,
        fix: "add the meshes.",
    }

    TOO_LARGE = error "fedc::federation::too-large" {
        summary: "The topology would generate more files or bytes than the limits allow.",
        details: r#"
            The defaults are 1,000,000 files and 2 GiB. fedc estimates the output from the topology as
            written, before resolving, checking, planning or rendering anything (linear in the size of the
            topology, so a 2,000-mesh full peering, 4 to 8 million files, is refused at once): per mesh its
            control plane, per peer a ServiceMeshPeer and, with a root certificate, a ConfigMap of its size;
            per export block one set per target, per import block one, per failover one; per cluster a
            `kustomization.yaml`; GitOps objects. Counts are upper bounds (a pair listed twice counts twice);
            bytes use typical sizes per kind. The labels point at the largest `[[peerings]]` entries (a full
            peering of n meshes is about 2·n·(n−1) files).
        "#,
        example: toml r#"
            [[peerings]]
            meshes = ["m0001", "m0002", "…", "m2000"]
        "#,
        fix: r#"
            peer fewer meshes (peer only meshes that exchange services), or raise the limits explicitly with
            `--max-files N` / `--max-bytes SIZE` (`K`, `M`, `G`: powers of 1024) on `build`, `check`,
            `diff`, `explain` and `graph` (`status`: `--max-files`) when the output is really meant to be
            that large. `explain`, `graph`, `status` and the `--base` topology of `diff` are estimated and
            refused the same way: they resolve the whole federation too. `diff` applies the same limits to
            the directories it reads (`fedc::diff::too-large`).
        "#,
    }
}
