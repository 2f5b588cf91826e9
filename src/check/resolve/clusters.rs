use toml::Spanned;

use super::{Resolver, located, located_or};
use crate::diagnostic::{Diagnostic, codes};
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
                    Diagnostic::new(
                        codes::cluster::UNKNOWN_PLATFORM,
                        format!("cluster `{}` has unknown platform `{}`", name.value, def.platform.get_ref()),
                    )
                    .label(def.platform.span(), "not a platform fedc knows")
                    .help(unknown_help("platform", def.platform.get_ref(), names)),
                );
                Platform::Openshift
            }
        };
        let network = located_or(def.network.as_ref(), || name.value.clone(), name.span.clone());
        Cluster {
            platform: Located::new(platform, def.platform.span()),
            network,
            locality: def.locality.as_ref().map(|l| Located::new(locality(l.get_ref()), l.span())),
            eastwest_address: def.eastwest_address.as_ref().map(located),
            partner: def.managed.as_ref().map(|m| Located::new(!*m.get_ref(), m.span())),
            name,
        }
    }
}

pub(super) fn locality(def: &LocalityDef) -> Locality {
    Locality {
        region: def.region.as_ref().map(located),
        zone: def.zone.as_ref().map(located),
        subzone: def.subzone.as_ref().map(located),
    }
}
