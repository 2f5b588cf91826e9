use super::Resolver;
use crate::load::GitOpsDef;
use crate::model::{ArgoCd, Flux, GitOps};

impl Resolver<'_> {
    pub(super) fn gitops(&mut self, def: &GitOpsDef) -> GitOps {
        let text = |t: &Option<toml::Spanned<String>>, default: &str| {
            t.as_ref().map_or_else(|| default.to_string(), |t| t.get_ref().clone())
        };
        let path = text(&def.path, ".");
        let path = path.trim_end_matches('/').trim_start_matches("./").to_string();
        GitOps {
            repo_url: def.repo_url.get_ref().clone(),
            revision: text(&def.revision, "main"),
            path: if path.is_empty() { ".".into() } else { path },
            argocd: def.argocd.as_ref().map(|a| {
                let a = a.get_ref();
                ArgoCd { namespace: text(&a.namespace, "argocd"), project: text(&a.project, "default") }
            }),
            flux: def.flux.as_ref().map(|f| {
                let f = f.get_ref();
                Flux {
                    namespace: text(&f.namespace, "flux-system"),
                    source_kind: text(&f.source_kind, "GitRepository"),
                    source_name: text(&f.source, "flux-system"),
                    interval: text(&f.interval, "10m"),
                    depends_on: f.depends_on.iter().map(|d| d.get_ref().clone()).collect(),
                }
            }),
        }
    }
}
