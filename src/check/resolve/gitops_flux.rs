//! `[gitops.flux]`: the Kustomization settings passed through, and the management-cluster layout.

use std::collections::BTreeMap;

use super::gitops_argocd::text_or;
use super::{Resolver, located};
use crate::check::kubernetes::{label_finding, subdomain_finding};
use crate::diagnostic::Diagnostic;
use crate::load::{DecryptionDef, FluxDef};
use crate::model::{Decryption, Flux, Management};

impl Resolver<'_> {
    pub(super) fn flux(&mut self, def: &FluxDef) -> Flux {
        let flag = |f: &Option<toml::Spanned<bool>>| f.as_ref().is_none_or(|f| *f.get_ref());
        let timeout = def.timeout.as_ref().map(|_| self.duration_or(&def.timeout, "5m", "Flux timeout"));
        Flux {
            namespace: text_or(&def.namespace, "flux-system"),
            source_kind: text_or(&def.source_kind, "GitRepository"),
            source_name: text_or(&def.source, "flux-system"),
            interval: text_or(&def.interval, "10m"),
            depends_on: def.depends_on.iter().map(|d| d.get_ref().clone()).collect(),
            prune: flag(&def.prune),
            wait: flag(&def.wait),
            timeout,
            retry_interval: self.duration_or(&def.retry_interval, "1m", "Flux retry interval"),
            decryption: def.decryption.as_ref().and_then(|d| self.decryption(d.get_ref())),
            management: self.management(def),
        }
    }

    fn decryption(&mut self, def: &DecryptionDef) -> Option<Decryption> {
        if def.provider.get_ref() != "sops" {
            self.report(
                Diagnostic::error(
                    "fedc::gitops::invalid-decryption",
                    format!("unknown decryption provider `{}`", def.provider.get_ref()),
                )
                .label(def.provider.span(), "Flux decrypts with `sops` only")
                .help("write `decryption = { provider = \"sops\", secret = \"<Secret with the keys>\" }`"),
            );
            return None;
        }
        if let Some(secret) = &def.secret {
            let finding =
                subdomain_finding(&located(secret), "SOPS key Secret", "names a Secret in the Flux namespace");
            self.diagnostics.extend(finding);
        }
        Some(Decryption { provider: "sops".into(), secret: def.secret.as_ref().map(|s| s.get_ref().clone()) })
    }
}

impl Resolver<'_> {
    fn management(&mut self, def: &FluxDef) -> Option<Management> {
        let Some(cluster) = &def.management_cluster else {
            let stray =
                def.kubeconfig_secrets.as_ref().map(|s| s.span()).or(def.kubeconfig_key.as_ref().map(|k| k.span()));
            if let Some(span) = stray {
                self.report(
                    Diagnostic::error(
                        "fedc::gitops::kubeconfig-without-management",
                        "kubeconfig settings without `management_cluster`",
                    )
                    .label(span, "only used when one management cluster applies to every cluster")
                    .help("set `management_cluster = \"<name>\"`, or remove the kubeconfig settings (Flux runs in every cluster)"),
                );
            }
            return None;
        };
        self.diagnostics.extend(label_finding(
            &located(cluster),
            "management cluster",
            "names the directory flux/<name>/",
        ));
        let mut secrets: BTreeMap<String, String> =
            self.cluster_names().into_iter().map(|c| (c.clone(), format!("{c}-kubeconfig"))).collect();
        if let Some(map) = &def.kubeconfig_secrets {
            for (name, secret) in map.get_ref() {
                if !secrets.contains_key(name) {
                    self.unknown_cluster(name, secret.span(), "`kubeconfig_secrets`");
                    continue;
                }
                let finding =
                    subdomain_finding(&located(secret), "kubeconfig Secret", "names a Secret in the Flux namespace");
                self.diagnostics.extend(finding);
                secrets.insert(name.clone(), secret.get_ref().clone());
            }
        }
        if let Some(key) = def.kubeconfig_key.as_ref().filter(|k| !is_secret_key(k.get_ref())) {
            self.report(
                Diagnostic::error(
                    "fedc::gitops::invalid-kubeconfig-key",
                    format!("`{}` is not a Secret key", key.get_ref()),
                )
                .label(key.span(), "Secret keys are letters, digits, `-`, `_` and `.`")
                .help("name the key of the kubeconfig Secret, e.g. `value` or `kubeconfig`; leave it out for Flux's default"),
            );
        }
        Some(Management {
            cluster: located(cluster),
            kubeconfig_secrets: secrets,
            kubeconfig_key: def.kubeconfig_key.as_ref().map(|k| k.get_ref().clone()),
        })
    }
}

/// A key of a Secret's data, as the API server accepts it.
fn is_secret_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 253 && key.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}
