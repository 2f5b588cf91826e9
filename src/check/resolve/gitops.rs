//! `[gitops]`: where the output lives in git and how Argo CD / Flux sync it. Every string is
//! checked for what it becomes: names of objects and namespaces, the repository URL, the ref, the
//! path (also an Argo CD glob), the Flux source kind and interval.

use super::{Resolver, located};
use crate::check::git::{
    FLUX_SOURCE_KINDS, is_flux_interval, redacted_url, ref_name_problem, repo_path_problem, repo_url_problem,
};
use crate::check::kubernetes::{label_finding, subdomain_finding};
use crate::diagnostic::Diagnostic;
use crate::load::{FluxDef, GitOpsDef, Text};
use crate::model::GitOps;
use crate::suggest::unknown_help;

impl Resolver<'_> {
    pub(super) fn gitops(&mut self, def: &GitOpsDef) -> GitOps {
        self.check_gitops_names(def);
        self.check_gitops_values(def);
        let text = |t: &Option<toml::Spanned<String>>, default: &str| {
            t.as_ref().map_or_else(|| default.to_string(), |t| t.get_ref().clone())
        };
        GitOps {
            repo_url: def.repo_url.get_ref().clone(),
            revision: text(&def.revision, "main"),
            path: text(&def.path, "."),
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
            namespace(&flux.get_ref().namespace, "Flux namespace");
        }
        if let Some(project) = def.argocd.as_ref().and_then(|a| a.get_ref().project.as_ref()) {
            let role = "names the AppProject the Applications belong to";
            findings.extend(subdomain_finding(&located(project), "Argo CD project", role));
        }
        if let Some(flux) = &def.flux {
            let flux = flux.get_ref();
            let named = flux
                .source
                .iter()
                .map(|s| (s, "Flux source name"))
                .chain(flux.depends_on.iter().map(|d| (d, "Flux dependency")));
            for (name, what) in named {
                findings.extend(subdomain_finding(&located(name), what, "names an object in the Flux namespace"));
            }
        }
        self.diagnostics.extend(findings);
    }

    /// The repository URL, ref and path, and the Flux settings that are not names.
    fn check_gitops_values(&mut self, def: &GitOpsDef) {
        let url = &def.repo_url;
        if let Some(problem) = repo_url_problem(url.get_ref()) {
            let shown = Text::new(url.span(), redacted_url(url.get_ref()));
            let help = "write the URL Argo CD clones, e.g. `https://git.example.com/fleet.git` or \
                        `git@git.example.com:fleet.git`; credentials belong in Argo CD's repository secret";
            self.report(invalid("fedc::gitops::invalid-repo-url", &shown, "repository URL", problem).help(help));
        }
        let revision = def.revision.as_ref().and_then(|r| Some((r, ref_name_problem(r.get_ref())?)));
        if let Some((revision, problem)) = revision {
            self.report(
                invalid("fedc::gitops::invalid-revision", revision, "revision", problem)
                    .help("name a branch, tag or commit as git allows it, e.g. `main`, `release/2.6` or `v1.4.0`"),
            );
        }
        if let Some((path, problem)) = def.path.as_ref().and_then(|p| Some((p, repo_path_problem(p.get_ref())?))) {
            self.report(
                invalid("fedc::gitops::invalid-path", path, "path", problem)
                    .help("write the output directory relative to the repository root, e.g. `rendered`, or `.`"),
            );
        }
        if let Some(flux) = &def.flux {
            self.check_flux_values(flux.get_ref());
        }
    }

    fn check_flux_values(&mut self, flux: &FluxDef) {
        if let Some(kind) = flux.source_kind.as_ref().filter(|k| !FLUX_SOURCE_KINDS.contains(&k.get_ref().as_str())) {
            self.report(
                Diagnostic::error(
                    "fedc::gitops::unknown-source-kind",
                    format!("`{}` is not a Flux source kind", kind.get_ref().escape_debug()),
                )
                .label(
                    kind.span(),
                    "a Kustomization reads from a GitRepository, OCIRepository, Bucket or ExternalArtifact",
                )
                .help(unknown_help("source kind", kind.get_ref(), FLUX_SOURCE_KINDS)),
            );
        }
        if let Some(interval) = flux.interval.as_ref().filter(|i| !is_flux_interval(i.get_ref())) {
            self.report(
                Diagnostic::error(
                    "fedc::gitops::invalid-interval",
                    format!("`{}` is not a duration", interval.get_ref().escape_debug()),
                )
                .label(interval.span(), "expected a number and a unit, e.g. `10m`, `1h`")
                .help("write the Flux reconciliation interval as a duration, e.g. `10m`"),
            );
        }
    }
}

/// A finding on a `[gitops]` value; the value is shown escaped, as it may hold control characters.
fn invalid(code: &'static str, text: &Text, what: &str, problem: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, format!("`{}` is not a valid {what}", text.get_ref().escape_debug()))
        .label(text.span(), problem.into())
}
