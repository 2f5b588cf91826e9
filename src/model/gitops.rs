use std::collections::BTreeMap;

use super::Located;

/// Where the rendered output lives in git, and how Argo CD / Flux should sync it.
#[derive(Debug, Clone)]
pub struct GitOps {
    pub repo_url: String,
    pub revision: String,
    /// Path of the output directory inside the repository, without trailing slash (`.` for the root).
    pub path: String,
    pub argocd: Option<ArgoCd>,
    pub flux: Option<Flux>,
}

impl GitOps {
    /// Repository path of a cluster directory, e.g. `rendered/clusters/east`.
    pub fn cluster_path(&self, cluster: &str) -> String {
        if self.path == "." { format!("clusters/{cluster}") } else { format!("{}/clusters/{cluster}", self.path) }
    }
}

#[derive(Debug, Clone)]
pub struct ArgoCd {
    pub namespace: String,
    pub project: String,
    pub sync: SyncPolicy,
    pub destinations: Destinations,
}

/// The Applications' `spec.syncPolicy`.
#[derive(Debug, Clone)]
pub struct SyncPolicy {
    /// `automated` (Argo CD syncs on every change) or manual (someone presses Sync).
    pub automated: bool,
    pub prune: bool,
    pub self_heal: bool,
    pub create_namespace: bool,
    pub server_side_apply: bool,
    pub retry: Option<Retry>,
}

#[derive(Debug, Clone)]
pub struct Retry {
    pub limit: i64,
    pub backoff: String,
    pub factor: i64,
    pub max_backoff: String,
}

/// Which Argo CD cluster each fedc cluster directory is deployed to.
#[derive(Debug, Clone)]
pub enum Destinations {
    /// The Argo CD cluster named like the fedc cluster (git directory generator).
    SameName,
    /// Every fedc cluster, by name, to an Argo CD cluster name or API server URL (list generator).
    Mapped(BTreeMap<String, Destination>),
    /// The Argo CD clusters whose secret carries `label` = fedc cluster name (cluster generator).
    Selector { label: String, match_labels: BTreeMap<String, String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Name(String),
    Server(String),
}

#[derive(Debug, Clone)]
pub struct Flux {
    pub namespace: String,
    pub source_kind: String,
    pub source_name: String,
    pub interval: String,
    pub depends_on: Vec<String>,
    pub prune: bool,
    pub wait: bool,
    pub timeout: Option<String>,
    /// `retryInterval`: a failed apply (custom resources before their CRDs, a webhook not yet
    /// answering) is retried this soon rather than at the next `interval`.
    pub retry_interval: String,
    /// SOPS: the Secret holding the keys, if any.
    pub decryption: Option<Decryption>,
    /// `Some`: one management cluster applies to every cluster through its kubeconfig.
    pub management: Option<Management>,
}

#[derive(Debug, Clone)]
pub struct Decryption {
    pub provider: String,
    pub secret: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Management {
    /// Names the directory `flux/<cluster>/` the management cluster syncs.
    pub cluster: Located<String>,
    /// Kubeconfig Secret per fedc cluster (every cluster has one).
    pub kubeconfig_secrets: BTreeMap<String, String>,
    pub kubeconfig_key: Option<String>,
}
