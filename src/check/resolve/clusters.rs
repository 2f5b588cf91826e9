use toml::Spanned;

use super::{Resolver, located, located_or};
use crate::diagnostic::Diagnostic;
use crate::load::{ClusterDef, LocalityDef};
use crate::model::{Cluster, Locality, Located, Platform};
use crate::suggest::unknown_help;

impl Resolver<'_> {
    pub(super) fn clusters(&mut self, defs: &[Spanned<ClusterDef>]) -> Vec<Cluster> {
        let clusters: Vec<Cluster> = defs.iter().map(|def| self.cluster(def.get_ref())).collect();
        for (index, cluster) in clusters.iter().enumerate() {
            self.clusters.insert(&cluster.name.value, Some(index));
        }
        clusters
    }

    fn cluster(&mut self, def: &ClusterDef) -> Cluster {
        let name = located(&def.name);
        let platform = match Platform::parse(def.platform.get_ref()) {
            Some(platform) => platform,
            None => {
                let names = Platform::ALL.iter().map(|(n, _)| *n);
                self.report(
                    Diagnostic::error(
                        "fedc::cluster::unknown-platform",
                        format!("cluster `{}` has unknown platform `{}`", name.value, def.platform.get_ref()),
                    )
                    .label(def.platform.span(), "not a platform fedc knows")
                    .help(unknown_help("platform", def.platform.get_ref(), names)),
                );
                Platform::Openshift
            }
        };
        let network = located_or(def.network.as_ref(), || name.value.clone(), name.span.clone());
        let context = located_or(def.context.as_ref(), || name.value.clone(), name.span.clone());
        if def.context.is_some() && !is_context_name(&context.value) {
            self.report(
                Diagnostic::error(
                    "fedc::cluster::invalid-context",
                    format!("cluster `{}` has a `context` that is not a kubeconfig context name", name.value),
                )
                .label(context.span.clone(), "not a context name fedc passes to kubectl")
                .help("use the name `kubectl config get-contexts` shows: letters, digits and `-_.:/@`, at most 253 characters, not starting with `-`"),
            );
        }
        Cluster {
            platform: Located::new(platform, def.platform.span()),
            network,
            locality: def.locality.as_ref().map(|l| Located::new(locality(l.get_ref()), l.span())),
            eastwest_address: def.eastwest_address.as_ref().map(located),
            partner: def.managed.as_ref().map(|m| Located::new(!*m.get_ref(), m.span())),
            context,
            name,
        }
    }
}

/// A kubeconfig context name fedc can pass as one `--context=` argument and print in a shell
/// command unquoted: what `oc login` and the cloud CLIs generate (`admin@east`,
/// `arn:aws:eks:us-east-1:1234:cluster/east`, `default/api-east:6443/admin`).
fn is_context_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.:/@".contains(c);
    !name.is_empty() && name.len() <= 253 && !name.starts_with('-') && name.chars().all(allowed)
}

pub(super) fn locality(def: &LocalityDef) -> Locality {
    Locality {
        region: def.region.as_ref().map(located),
        zone: def.zone.as_ref().map(located),
        subzone: def.subzone.as_ref().map(located),
    }
}

#[cfg(test)]
mod tests {
    use super::is_context_name;

    #[test]
    fn context_names_are_what_kubeconfigs_hold_and_nothing_a_shell_reads() {
        for good in ["east", "admin@east", "arn:aws:eks:us-east-1:1234:cluster/east", "default/api-east:6443/admin"] {
            assert!(is_context_name(good), "{good}");
        }
        for bad in ["", "-east", "east west", "east;rm", "east$(x)", "é", "a\nb", &"x".repeat(254)] {
            assert!(!is_context_name(bad), "{bad}");
        }
    }
}
