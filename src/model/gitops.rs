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
}

#[derive(Debug, Clone)]
pub struct Flux {
    pub namespace: String,
    pub source_kind: String,
    pub source_name: String,
    pub interval: String,
    pub depends_on: Vec<String>,
}
