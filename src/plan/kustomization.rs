use std::collections::BTreeMap;

use super::PlannedFile;
use crate::model::Federation;

/// The files planned in each cluster directory, by cluster, relative to its directory: what its
/// `kustomization.yaml` lists. Held while everything else is planned and rendered, so one short
/// string per file.
#[derive(Default)]
pub(crate) struct Listed(BTreeMap<String, Vec<Box<str>>>);

impl Listed {
    /// Notes the files of `chunk` that are in a cluster directory.
    pub(crate) fn add(&mut self, chunk: &[PlannedFile]) {
        for file in chunk {
            let Some(cluster) = &file.cluster else { continue };
            let relative = file.path.strip_prefix("clusters/").and_then(|p| p.strip_prefix(cluster.as_str()));
            let Some(relative) = relative.and_then(|p| p.strip_prefix('/')) else { continue };
            match self.0.get_mut(cluster) {
                Some(list) => list.push(relative.into()),
                None => {
                    self.0.insert(cluster.clone(), vec![relative.into()]);
                }
            }
        }
    }
}

/// One `kustomization.yaml` per cluster directory listing exactly the files fedc writes there.
/// `listed`: by cluster, the path (relative to its directory) of every file planned there so far.
pub(crate) fn plan(federation: &Federation, listed: Listed) -> Vec<PlannedFile> {
    let mut resources = listed.0;
    for cluster in federation.clusters.iter().filter(|c| !c.is_partner()) {
        resources.entry(cluster.name.value.clone()).or_default();
    }
    resources
        .into_iter()
        .map(|(cluster, mut list)| {
            list.sort();
            // Moved, not copied: the list of every file is the largest thing the plan holds.
            let list: Vec<serde_json::Value> = list.into_iter().map(|path| String::from(path).into()).collect();
            PlannedFile {
                path: format!("clusters/{cluster}/kustomization.yaml"),
                cluster: Some(cluster.clone()),
                template: "kustomization.yaml.j2",
                context: serde_json::json!({ "resources": list }),
                object: None,
            }
        })
        .collect()
}
