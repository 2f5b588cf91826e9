//! `fedc::gitops::…`: the `[gitops]` table (Argo CD and Flux).

codes! {
    area: "GitOps",
    intro: r#"
        Settings of `[gitops]`, `[gitops.argocd]` and `[gitops.flux]` (see
        [topology.md](topology.md#gitops) and [gitops.md](gitops.md)). Strings that are not names but still
        end up in a generated object, or decide what Argo CD and Flux fetch, are checked for what they are;
        the finding points at the value, and the message shows it with control characters escaped and
        credentials replaced by `***`. Names they hold (namespaces, Secrets, the management cluster) are
        checked like other names (`fedc::name::invalid`), label keys of `cluster_selector` like labels
        (`fedc::label::invalid`).
    "#;

    INVALID_REPO_URL = error "fedc::gitops::invalid-repo-url" {
        summary: "`[gitops] repo_url` is not a repository URL fedc writes into the ApplicationSet.",
        details: r#"
            Accepted: `https://`, `http://`, `ssh://` and `git://` URLs with a host (DNS name, IPv4 or
            `[IPv6]`), an optional port and a non-empty path; and scp-like `[user@]host:path`. Printable
            ASCII only (no spaces, control characters, line separators or non-ASCII letters); no query or
            fragment; no path, host or user starting with `-`. No credentials: a `user:password@` part in any
            URL, and any user part in an `http(s)` URL (tokens are passed as user names), are refused.
        "#,
        example: toml r#"
            [gitops]
            repo_url = "https://fedc-bot:ghp_0123456789abcdef@github.com/example/fleet.git"
        "#,
        fix: r#"
            write the URL Argo CD clones (`https://git.example.com/fleet.git`,
            `git@git.example.com:fleet.git`); put credentials in Argo CD's repository secret, never in the
            committed topology.
        "#,
    }

    INVALID_REVISION = error "fedc::gitops::invalid-revision" {
        summary: "`[gitops] revision` is not a git ref name (or commit hash).",
        details: r#"
            The rules are those `git check-ref-format --allow-onelevel` states: no `..`, `~`, `^`, `:`, `?`,
            `*`, `[`, `\`, `@{`, spaces or control characters, not `@`, no part starting with `.` or ending
            with `.lock`, no leading, trailing or doubled `/`, no trailing `.`. fedc also refuses a leading
            `-` and anything outside printable ASCII.
        "#,
        example: toml r#"
            [gitops]
            repo_url = "https://git.example.com/fleet.git"
            revision = "release/2.6..main"
        "#,
        fix: "name a branch, tag or commit: `main`, `release/2.6`, `v1.4.0`.",
    }

    INVALID_PATH = error "fedc::gitops::invalid-path" {
        summary: "`[gitops] path` is not a normalised path inside the repository.",
        details: r#"
            It is `.` (the root) or `/`-separated names of letters, digits, `-`, `_` and `.`; not absolute,
            no `..`, no empty or `.` parts (so no `./` prefix, `//` or trailing `/`). It becomes the Flux
            `path` and part of the Argo CD directory generator's glob, so glob characters are refused too.
        "#,
        example: toml r#"
            [gitops]
            repo_url = "https://git.example.com/fleet.git"
            path = "../../outside"
        "#,
        fix: "write the output directory relative to the repository root: `rendered`, `deploy/mesh`, `.`.",
    }

    OUT_MISMATCH = warning "fedc::gitops::out-mismatch" {
        summary: "`fedc build --out DIR` where DIR does not end in `[gitops] path`.",
        details: r#"
            Argo CD and Flux sync `<path>/clusters/<cluster>` from git, so they would sync a directory with no
            files (or stale ones). `--out` may be relative or absolute; fedc makes it absolute, applies `.`
            and `..` without touching the file system, and compares its last components with `path` (a `path`
            of `.` matches any directory). Reported by `build` and `check --out` (not by `check` alone, which
            has no `--out`). A build into a scratch directory can be legitimate: acknowledge it (`item` is the
            `path` as written).
        "#,
        example: toml r#"
            [gitops]
            path = "deploy/mesh"      # but: fedc build --out deploy/rendered
        "#,
        fix: "build into the repository's `path` directory, or correct `path`.",
    }

    INVALID_SYNC = error "fedc::gitops::invalid-sync" {
        summary: "`argocd.sync` is neither `automated` nor `manual`.",
        example: toml r#"
            argocd = { sync = "auto" }
        "#,
        fix: r#"`sync` is `"automated"` (the default: Argo CD syncs every change) or `"manual"`."#,
    }

    MANUAL_SYNC_OPTION = warning "fedc::gitops::manual-sync-option" {
        summary: "`prune` or `self_heal` is set with `sync = \"manual\"`.",
        details: r#"
            They are settings of automated sync, so Argo CD would ignore them (fedc leaves them out of the
            ApplicationSet).
        "#,
        example: toml r#"
            argocd = { sync = "manual", prune = true }
        "#,
        fix: "remove them, or sync automatically.",
    }

    INVALID_RETRY = error "fedc::gitops::invalid-retry" {
        summary: "An Argo CD retry `factor` is below 1, or its `limit` below -1.",
        details: "A factor below 1 makes each retry wait less than the one before; `-1` retries without limit.",
        example: toml r#"
            argocd = { retry = { limit = 3, factor = 0 } }
        "#,
        fix: "`factor = 2` (the default) or any whole number from 1; `limit` from -1.",
    }

    INVALID_DURATION = error "fedc::gitops::invalid-duration" {
        summary: "A Flux `timeout` or an Argo CD retry `backoff` / `max_backoff` is not a duration they accept.",
        details: "Flux's and Argo CD's schemas take numbers with units `ms`, `s`, `m`, `h` only (no spaces, no days).",
        example: toml r#"
            flux = { timeout = "5 minutes" }
        "#,
        fix: r#"`"5m"`, `"90s"`, `"1h30m"`."#,
    }

    INVALID_INTERVAL = error "fedc::gitops::invalid-interval" {
        summary: "`flux.interval` is not a duration the Kustomization CRD accepts.",
        details: r#"The CRD's pattern is `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`."#,
        example: toml r#"
            [gitops]
            repo_url = "https://git.example.com/fleet.git"
            flux = { interval = "ten minutes" }   # `500us` is refused too: the CRD knows ms, s, m and h only
        "#,
        fix: "write the Flux reconciliation interval as a duration, e.g. `10m`, `1h30m`.",
    }

    UNKNOWN_SOURCE_KIND = error "fedc::gitops::unknown-source-kind" {
        summary: "`flux.source_kind` is not a kind the Flux Kustomization's `sourceRef` accepts.",
        details: "The kinds are `GitRepository`, `OCIRepository`, `Bucket` and `ExternalArtifact`.",
        example: toml r#"
            [gitops]
            repo_url = "https://git.example.com/fleet.git"
            flux = { source_kind = "GitRepo" }
        "#,
        fix: "use one of those kinds (the help suggests the closest).",
    }

    CONFLICTING_DESTINATIONS = error "fedc::gitops::conflicting-destinations" {
        summary: "Both `destinations` and `cluster_selector` say where the cluster directories go.",
        details: r#"
            `destinations` lists clusters with their Argo CD names or URLs; `cluster_selector` uses Argo CD's
            cluster generator.
        "#,
        example: toml r#"
            [gitops.argocd]
            destinations = { east = { name = "prod-east" } }
            cluster_selector = { label = "fleet.example.com/cluster" }
        "#,
        fix: "keep one.",
    }

    UNKNOWN_CLUSTER = error "fedc::gitops::unknown-cluster" {
        summary: "A key of `destinations` or `kubeconfig_secrets` is not the name of a `[[clusters]]` entry.",
        details: r#"
            That cluster would silently be deployed to the Argo CD cluster of its own name, or through the
            default Secret.
        "#,
        example: toml r#"
            [gitops.argocd.destinations]
            eats = { name = "prod-east" }       # the cluster is `east`
        "#,
        fix: "use the fedc cluster name (the finding suggests the closest).",
    }

    INVALID_DESTINATION = error "fedc::gitops::invalid-destination" {
        summary: "An Argo CD destination does not have exactly one of `name` and `server`.",
        details: "`name` is the Argo CD cluster's name, `server` its API server URL (`https://…`).",
        example: toml r#"
            [gitops.argocd.destinations]
            east = { server = "api.east.example.com:6443" }     # no https://
            west = { name = "prod-west", server = "https://api.west.example.com:6443" }
        "#,
        fix: r#"`{ name = "prod-west" }` or `{ server = "https://api.west.example.com:6443" }`."#,
    }

    INVALID_DECRYPTION = error "fedc::gitops::invalid-decryption" {
        summary: "`flux.decryption` names a provider other than SOPS, the only one Flux's Kustomization has.",
        example: toml r#"
            flux = { decryption = { provider = "vault" } }
        "#,
        fix: r#"`decryption = { provider = "sops", secret = "sops-age" }`."#,
    }

    KUBECONFIG_WITHOUT_MANAGEMENT = error "fedc::gitops::kubeconfig-without-management" {
        summary: "`kubeconfig_secrets` or `kubeconfig_key` is set without a `management_cluster`.",
        details: r#"
            They only apply when one management cluster applies to every cluster; without
            `management_cluster` Flux runs in each cluster and they would be ignored.
        "#,
        example: toml r#"
            flux = { kubeconfig_secrets = { east = "east-admin" } }
        "#,
        fix: r#"add `management_cluster = "hub"`, or remove the kubeconfig settings."#,
    }

    INVALID_KUBECONFIG_KEY = error "fedc::gitops::invalid-kubeconfig-key" {
        summary: "`kubeconfig_key`, the key of the kubeconfig Secret, is not a valid Secret key.",
        details: "Secret keys are letters, digits, `-`, `_` and `.`, so Flux would never find another one.",
        example: toml r#"
            flux = { management_cluster = "hub", kubeconfig_key = "kube config" }
        "#,
        fix: "the key your kubeconfig Secrets use (`value`, `value.yaml` are Flux's defaults).",
    }

    NAME_TOO_LONG = error "fedc::gitops::name-too-long" {
        summary: "A Flux Kustomization's name `<federation>-<cluster>` is longer than a label value may be.",
        details: r#"
            In the management-cluster layout each Flux Kustomization is named `<federation>-<cluster>`, and
            Flux labels every object it applies with that name (`kustomize.toolkit.fluxcd.io/name`); a label
            value holds at most 63 characters, so the apply would fail.
        "#,
        example: toml r#"
            [federation]
            name = "payments-and-settlement-federation"
            [gitops]
            flux = { management_cluster = "hub" }
            [[clusters]]
            name = "openshift-production-us-east-1-a"
        "#,
        fix: "shorten the federation or cluster name.",
    }
}
