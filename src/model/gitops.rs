use std::collections::BTreeMap;

use super::Located;

/// Where the rendered output lives in git, and how Argo CD / Flux should sync it.
#[derive(Debug, Clone)]
pub(crate) struct GitOps {
    pub(crate) repo_url: String,
    pub(crate) revision: String,
    /// Path of the output directory inside the repository, without trailing slash (`.` for the root).
    pub(crate) path: String,
    pub(crate) argocd: Option<ArgoCd>,
    pub(crate) flux: Option<Flux>,
}

impl GitOps {
    /// Repository path of a cluster directory, e.g. `rendered/clusters/east`.
    pub(crate) fn cluster_path(&self, cluster: &str) -> String {
        if self.path == "." { format!("clusters/{cluster}") } else { format!("{}/clusters/{cluster}", self.path) }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ArgoCd {
    pub(crate) namespace: String,
    pub(crate) project: String,
    pub(crate) sync: SyncPolicy,
    pub(crate) destinations: Destinations,
}

/// The Applications' `spec.syncPolicy`.
#[derive(Debug, Clone)]
pub(crate) struct SyncPolicy {
    /// `automated` (Argo CD syncs on every change) or manual (someone presses Sync).
    pub(crate) automated: bool,
    pub(crate) prune: bool,
    pub(crate) self_heal: bool,
    pub(crate) create_namespace: bool,
    pub(crate) server_side_apply: bool,
    pub(crate) retry: Option<Retry>,
}

#[derive(Debug, Clone)]
pub(crate) struct Retry {
    pub(crate) limit: i64,
    pub(crate) backoff: String,
    pub(crate) factor: i64,
    pub(crate) max_backoff: String,
}

/// Which Argo CD cluster each fedc cluster directory is deployed to.
#[derive(Debug, Clone)]
pub(crate) enum Destinations {
    /// The Argo CD cluster named like the fedc cluster (git directory generator).
    SameName,
    /// Every fedc cluster, by name, to an Argo CD cluster name or API server URL (list generator).
    Mapped(BTreeMap<String, Destination>),
    /// The Argo CD clusters whose secret carries `label` = fedc cluster name (cluster generator).
    Selector { label: String, match_labels: BTreeMap<String, String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    Name(String),
    Server(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Flux {
    pub(crate) namespace: String,
    pub(crate) source_kind: String,
    pub(crate) source_name: String,
    pub(crate) interval: String,
    pub(crate) depends_on: Vec<String>,
    pub(crate) prune: bool,
    pub(crate) wait: bool,
    pub(crate) timeout: Option<String>,
    /// `retryInterval`: a failed apply (custom resources before their CRDs, a webhook not yet
    /// answering) is retried this soon rather than at the next `interval`.
    pub(crate) retry_interval: String,
    /// SOPS: the Secret holding the keys, if any.
    pub(crate) decryption: Option<Decryption>,
    /// `Some`: one management cluster applies to every cluster through its kubeconfig.
    pub(crate) management: Option<Management>,
}

#[derive(Debug, Clone)]
pub(crate) struct Decryption {
    pub(crate) provider: String,
    pub(crate) secret: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Management {
    /// Names the directory `flux/<cluster>/` the management cluster syncs.
    pub(crate) cluster: Located<String>,
    /// Kubeconfig Secret per fedc cluster (every cluster has one).
    pub(crate) kubeconfig_secrets: BTreeMap<String, String>,
    pub(crate) kubeconfig_key: Option<String>,
}
