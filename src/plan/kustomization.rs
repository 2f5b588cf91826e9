use std::collections::BTreeMap;

use super::PlannedFile;
use crate::model::Federation;

/// One `kustomization.yaml` per cluster directory listing exactly the files fedc writes there.
/// `files`: the cluster and path of every file planned so far.
pub(crate) fn plan<'a>(
    federation: &Federation,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<PlannedFile> {
    let mut resources: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for cluster in federation.clusters.iter().filter(|c| !c.is_partner()) {
        resources.entry(cluster.name.as_str()).or_default();
    }
    for (cluster, path) in files {
        let prefix = format!("clusters/{cluster}/");
        if let Some(relative) = path.strip_prefix(&prefix) {
            resources.entry(cluster).or_default().push(relative.to_string());
        }
    }
    resources
        .into_iter()
        .map(|(cluster, mut list)| {
            list.sort();
            PlannedFile {
                path: format!("clusters/{cluster}/kustomization.yaml"),
                cluster: Some(cluster.to_string()),
                template: "kustomization.yaml.j2",
                context: serde_json::json!({ "resources": list }),
                object: None,
            }
        })
        .collect()
}
