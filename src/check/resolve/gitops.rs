use super::{Resolver, located};
use crate::check::duration;
use crate::check::kubernetes::{label_finding, subdomain_finding};
use crate::diagnostic::Diagnostic;
use crate::load::{GitOpsDef, Text};
use crate::model::GitOps;

impl Resolver<'_> {
    pub(super) fn gitops(&mut self, def: &GitOpsDef) -> GitOps {
        self.check_gitops_names(def);
        let text = |t: &Option<toml::Spanned<String>>, default: &str| {
            t.as_ref().map_or_else(|| default.to_string(), |t| t.get_ref().clone())
        };
        let path = text(&def.path, ".");
        let path = path.trim_end_matches('/').trim_start_matches("./").to_string();
        GitOps {
            repo_url: def.repo_url.get_ref().clone(),
            revision: text(&def.revision, "main"),
            path: if path.is_empty() { ".".into() } else { path },
            argocd: def.argocd.as_ref().map(|a| self.argocd(a.get_ref())),
            flux: def.flux.as_ref().map(|f| self.flux(f.get_ref())),
        }
    }

    /// Namespaces and names the GitOps objects are written with or refer to.
    fn check_gitops_names(&mut self, def: &GitOpsDef) {
        let mut findings = Vec::new();
        let mut namespace = |text: &Option<Text>, what: &str| {
            let role = "holds the object that syncs the cluster directories";
            findings.extend(text.as_ref().and_then(|t| label_finding(&located(t), what, role)));
        };
        if let Some(argocd) = &def.argocd {
            namespace(&argocd.get_ref().namespace, "Argo CD namespace");
        }
        if let Some(flux) = &def.flux {
            let flux = flux.get_ref();
            namespace(&flux.namespace, "Flux namespace");
            let named = flux
                .source
                .iter()
                .map(|s| (s, "Flux source name"))
                .chain(flux.depends_on.iter().map(|d| (d, "Flux dependency")));
            for (name, what) in named {
                findings.extend(subdomain_finding(&located(name), what, "names an object in the Flux namespace"));
            }
            if let Some(interval) = flux.interval.as_ref().filter(|i| duration::millis(i.get_ref()).is_none()) {
                findings.push(
                    Diagnostic::error(
                        "fedc::gitops::invalid-interval",
                        format!("`{}` is not a duration", interval.get_ref()),
                    )
                    .label(interval.span(), "expected a number and a unit, e.g. `10m`, `1h`")
                    .help("write the Flux reconciliation interval as a duration, e.g. `10m`"),
                );
            }
        }
        self.diagnostics.extend(findings);
    }
}
