//! How much a topology would generate, estimated from the topology as written before it is
//! resolved, checked, planned or rendered: cheap arithmetic, linear in the size of the topology
//! file, so that a federation too large to build (a 2,000-mesh full peering is 8 million files) is
//! refused at once instead of after minutes and gigabytes. Every count is an upper bound of what
//! the planner generates (duplicates and unknown names are counted, not resolved); byte sizes are
//! typical rendered sizes per kind, measured on the example.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Loaded, MeshDef, Text, Topology};

mod export_scope;
mod partners;
use partners::{Partners, handoffs, peer_counts, pem_of};

/// Limits on what one build may generate; `--max-files` and `--max-bytes` raise them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_files: u64,
    pub(crate) max_bytes: u64,
}

impl Default for Limits {
    /// Well above a 200-mesh full peering (about 160,000 files and 250 MiB).
    fn default() -> Self {
        Limits { max_files: 1_000_000, max_bytes: 2 << 30 }
    }
}

/// What a topology is estimated to generate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Estimate {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
}

/// Typical rendered sizes, header included.
const CONTROL_PLANE: u64 = 1_600;
const CONTROL_PLANE_PER_PEER: u64 = 260;
const PEER: u64 = 1_000;
const CA_CONFIG_MAP: u64 = 420;
const FLOW_SET: u64 = 450;
const FLOW_RULE: u64 = 160;
const FAILOVER: u64 = 750;
const KUSTOMIZATION: u64 = 120;
const KUSTOMIZATION_LINE: u64 = 70;
const GITOPS_OBJECT: u64 = 1_200;
/// An `istio`/`ossm3` member cluster's object or installer file (gateway Deployment the largest).
const ISTIO_FILE: u64 = 2_500;
/// Per member cluster of an `istio` mesh: Namespace, Gateway, two IstioOperators, the operator
/// steps; of an `ossm3` mesh: Namespace, Gateway, Sail `Istio` and `IstioCNI`, the CNI namespace,
/// seven east-west gateway objects, the operator steps. Plus one ExternalSecret per other member.
const ISTIO_FILES_PER_MEMBER: u64 = 5;
const OSSM3_FILES_PER_MEMBER: u64 = 13;
/// A ServiceEntry, WorkloadEntry, `istio-remote` Gateway or failover DestinationRule between
/// `istio`/`ossm3` meshes.
const FEDERATION_FILE: u64 = 700;
/// fedc's `.gitignore` at the output root.
const ROOT_FILES: u64 = 1;
/// Estimates what `topology` would generate (the attachments give certificate sizes).
pub(crate) fn estimate(loaded: &Loaded) -> Estimate {
    let topology = &loaded.topology;
    let partners = Partners::of(topology);
    let peers = peer_counts(topology, &partners);
    let mut files = Counter::default();
    for mesh in &topology.meshes {
        let mesh = mesh.get_ref();
        let counts = peers.get(mesh.name.get_ref().as_str()).copied().unwrap_or_default();
        let (n, ours) = (counts.all, counts.ours);
        let members = mesh.clusters.as_ref().map_or(1, |c| c.get_ref().len() as u64);
        if let Some(target) = mesh.target.as_ref().map(|t| t.get_ref().as_str()).filter(|t| *t != "ossm2") {
            let per_member = if target == "istio" { ISTIO_FILES_PER_MEMBER } else { OSSM3_FILES_PER_MEMBER };
            files.add(members.saturating_mul(per_member.saturating_add(members)), ISTIO_FILE);
            continue;
        }
        // A partner's control plane is someone else's: nothing goes into its cluster.
        if !partners.contains(mesh.name.get_ref()) {
            files.add(1, CONTROL_PLANE + n * CONTROL_PLANE_PER_PEER);
        }
        // The peers of this mesh that are ours each hold a ServiceMeshPeer for it and, when it
        // has a root certificate, a ConfigMap with a copy (indented in the YAML: a sixteenth more).
        files.add(ours, PEER);
        if let Some(text) = pem_of(loaded, mesh) {
            files.add(ours, CA_CONFIG_MAP + text.len() as u64 * 17 / 16);
        }
    }
    // OSSM 2 sets and failover rules; `istio`/`ossm3` meshes get theirs from `istio_federation`.
    let istio_meshes: Vec<&str> = topology
        .meshes
        .iter()
        .map(|m| m.get_ref())
        .filter(|m| m.target.as_ref().is_some_and(|t| t.get_ref() != "ossm2"))
        .map(|m| m.name.get_ref().as_str())
        .collect();
    // Sets and failover rules live in the cluster of the mesh that holds them: none for partners.
    let ossm2 = |mesh: &Text| {
        let name = mesh.get_ref().as_str();
        !istio_meshes.contains(&name) && !partners.contains(name)
    };
    for export in topology.exports.iter().map(|e| e.get_ref()).filter(|e| ossm2(&e.mesh)) {
        let targets = match &export.to {
            Some(to) => to.len() as u64,
            None => peers.get(export.mesh.get_ref().as_str()).map_or(0, |c| c.all),
        };
        files.add(targets, FLOW_SET + export.rules.len() as u64 * FLOW_RULE);
    }
    for import in topology.imports.iter().map(|i| i.get_ref()).filter(|i| ossm2(&i.mesh)) {
        files.add(1, FLOW_SET + import.rules.len() as u64 * FLOW_RULE);
    }
    files.add(topology.failover.iter().filter(|f| ossm2(&f.get_ref().mesh)).count() as u64, FAILOVER);
    files.add(istio_federation(topology), FEDERATION_FILE);
    let objects = files.files;
    // Not objects: listed in no kustomization.
    handoffs(loaded, &partners, &peers, &mut files);
    // A kustomization per cluster directory: a partner's cluster has none.
    let managed = topology.clusters.iter().filter(|c| c.get_ref().managed.as_ref().is_none_or(|m| *m.get_ref()));
    let clusters = managed.count() as u64;
    files.add(clusters, KUSTOMIZATION);
    files.bytes = files.bytes.saturating_add(objects.saturating_mul(KUSTOMIZATION_LINE));
    if let Some(gitops) = topology.gitops.as_ref().map(|g| g.get_ref()) {
        // Argo CD: the ApplicationSet and its health snippet and, with `create_namespace`, a
        // Namespace per mesh of ours; Flux: a Kustomization per cluster of ours.
        if let Some(argocd) = gitops.argocd.as_ref().map(|a| a.get_ref()) {
            files.add(2, GITOPS_OBJECT);
            if argocd.create_namespace.as_ref().is_some_and(|c| *c.get_ref()) {
                let meshes = topology.meshes.iter().filter(|m| !partners.contains(m.get_ref().name.get_ref()));
                files.add(meshes.count() as u64, GITOPS_OBJECT);
            }
        }
        if gitops.flux.is_some() {
            files.add(clusters, GITOPS_OBJECT);
        }
    }
    files.add(ROOT_FILES, 100);
    Estimate { files: files.files, bytes: files.bytes }
}

/// Upper bound of the objects federation between `istio`/`ossm3` meshes adds: per imported service
/// a ServiceEntry on each importer cluster, a WorkloadEntry per (importer, exporter) cluster pair
/// and an exporter-side ServiceEntry per exporter cluster; per import block an `istio-remote`
/// Gateway per cluster pair; a failover DestinationRule per cluster; the export-scope policies. A
/// wildcard rule imports at most as many services as the exporter has export rules (it takes only
/// names exported by name).
fn istio_federation(topology: &Topology) -> u64 {
    let istio = |m: &MeshDef| m.target.as_ref().is_some_and(|t| t.get_ref() != "ossm2");
    let members: BTreeMap<&str, u64> = topology
        .meshes
        .iter()
        .map(|m| m.get_ref())
        .filter(|m| istio(m))
        .map(|m| (m.name.get_ref().as_str(), m.clusters.as_ref().map_or(1, |c| c.get_ref().len() as u64)))
        .collect();
    let mut export_rules: BTreeMap<&str, u64> = BTreeMap::new();
    for export in &topology.exports {
        let export = export.get_ref();
        let count = export_rules.entry(export.mesh.get_ref().as_str()).or_default();
        *count = count.saturating_add(export.rules.len() as u64);
    }
    let mut total: u64 = 0;
    for import in topology.imports.iter().map(|i| i.get_ref()) {
        let (Some(&here), Some(&there)) =
            (members.get(import.mesh.get_ref().as_str()), members.get(import.from.get_ref().as_str()))
        else {
            continue;
        };
        let pairs = here.saturating_mul(there);
        let per_service = here.saturating_add(pairs).saturating_add(there);
        total = total.saturating_add(pairs);
        for rule in &import.rules {
            let exact = rule.get_ref().service.as_ref().is_some_and(|s| !s.get_ref().contains('*'));
            let wildcard = export_rules.get(import.from.get_ref().as_str()).copied().unwrap_or(0).max(1);
            total = total.saturating_add(per_service.saturating_mul(if exact { 1 } else { wildcard }));
        }
    }
    total = total.saturating_add(export_scope::policies(topology, &members));
    let failovers = topology.failover.iter().filter_map(|f| members.get(f.get_ref().mesh.get_ref().as_str()));
    failovers.fold(total, |sum, n| sum.saturating_add(*n))
}

#[derive(Default)]
struct Counter {
    files: u64,
    bytes: u64,
}

impl Counter {
    fn add(&mut self, files: u64, bytes_each: u64) {
        self.files = self.files.saturating_add(files);
        self.bytes = self.bytes.saturating_add(files.saturating_mul(bytes_each));
    }
}

/// The estimate within the limits, or a finding labelled at the largest peerings.
pub(crate) fn within(loaded: &Loaded, limits: Limits) -> Result<Estimate, Diagnostic> {
    let estimate = estimate(loaded);
    if estimate.files <= limits.max_files && estimate.bytes <= limits.max_bytes {
        return Ok(estimate);
    }
    let (flag, limit) = if estimate.files > limits.max_files {
        ("--max-files", format!("{} files", limits.max_files))
    } else {
        ("--max-bytes", size(limits.max_bytes))
    };
    let mut diagnostic = Diagnostic::new(
        codes::federation::TOO_LARGE,
        format!(
            "this federation would generate about {} files ({}), more than the limit of {limit} ({flag})",
            estimate.files,
            size(estimate.bytes)
        ),
    );
    let mut largest: Vec<_> = loaded.topology.peerings.iter().collect();
    largest.sort_by_key(|p| std::cmp::Reverse(p.get_ref().meshes.len()));
    for peering in largest.iter().take(3) {
        let n = peering.get_ref().meshes.len() as u64;
        let label = format!("{n} meshes peered pairwise: {} ServiceMeshPeers", n * n.saturating_sub(1));
        diagnostic = diagnostic.label(peering.span(), label);
    }
    if largest.is_empty() {
        diagnostic = diagnostic.label(loaded.topology.federation.span(), "this federation");
    }
    Err(diagnostic.help(format!(
        "a full peering of n meshes generates about 2·n·(n−1) files; peer fewer meshes, or raise the limit with {flag} if the output is really meant to be this large"
    )))
}

/// `1.5 GiB`, `300 MiB`, `12 KiB`.
pub(crate) fn size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if bytes >= scale {
            return format!("{:.1} {unit}", bytes as f64 / scale as f64);
        }
    }
    format!("{bytes} bytes")
}

/// Parses `--max-bytes`: a number of bytes, or with a `K`, `M` or `G` suffix (powers of 1024,
/// `KiB`, `MiB`, `GiB` also accepted).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().map_err(|_| format!("`{text}` is not a size (e.g. 500M, 2G)"))?;
    let scale: u64 = match unit.trim() {
        "" | "B" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    number.checked_mul(scale).ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files `topology` really generates (path, size) with `--target`, and the estimate.
    fn real_and_estimated_for(topology: &std::path::Path, target: Option<&str>) -> (Vec<(String, u64)>, Estimate) {
        let (prepared, files) = crate::testing::rendered(topology, target);
        let files = files.iter().map(|f| (f.path.clone(), f.content.len() as u64)).collect();
        (files, estimate(&prepared.loaded))
    }

    fn real_and_estimated(topology: &str) -> (Vec<(String, u64)>, Estimate) {
        real_and_estimated_for(&crate::testing::repo(topology), None)
    }

    /// The partner fixture: the hand-off (topology and three certificates) is counted, the
    /// partner's cluster (no kustomization, no control plane, no sets, no GitOps objects) is not.
    /// This topology is counted exactly, so each omission or over-count shows.
    #[test]
    fn partners_are_counted_as_emitted() {
        let (files, estimate) = real_and_estimated("tests/fixtures/partner.toml");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths.iter().filter(|p| p.starts_with("partners/")).count(), 4, "{paths:?}");
        assert!(!paths.iter().any(|p| p.starts_with("clusters/pay/")), "{paths:?}");
        assert_eq!(estimate.files, files.len() as u64, "{paths:?}");
        let bytes: u64 = files.iter().map(|(_, size)| size).sum();
        assert!(estimate.bytes >= bytes / 2 && estimate.bytes <= bytes * 2, "{} vs {bytes}", estimate.bytes);
    }

    /// Every example and fixture: the estimate is an upper bound of the files generated.
    #[test]
    fn the_estimate_bounds_every_example() {
        for topology in [
            "examples/federation.toml",
            "examples/multicluster.toml",
            "examples/argocd-cluster-mapping.toml",
            "examples/flux-management-cluster.toml",
            "tests/fixtures/partner.toml",
            "tests/fixtures/nodeport-pair.toml",
            "tests/fixtures/ossm3-three-clusters.toml",
            "tests/fixtures/argocd-cluster-selector.toml",
        ] {
            let (files, estimate) = real_and_estimated(topology);
            assert!(estimate.files >= files.len() as u64, "{topology}: {} < {}", estimate.files, files.len());
        }
    }

    /// The estimate is an upper bound on files and close on bytes (so the limits mean what they
    /// say): a large peering, and the example as written and compiled for `ossm3` and `istio`. An
    /// `istio`/`ossm3` file is estimated at the size of the largest (the gateway Deployment),
    /// hence the wider slack on bytes there.
    #[test]
    fn the_estimate_is_close_for_a_large_peering_and_every_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let large = dir.path().join("large.toml");
        std::fs::write(&large, large_topology(40)).expect("write");
        let example = crate::testing::repo("examples/federation.toml");
        let cases =
            [(&large, None, 1), (&example, None, 1), (&example, Some("ossm3"), 2), (&example, Some("istio"), 2)];
        for (topology, target, slack) in cases {
            let (files, estimate) = real_and_estimated_for(topology, target);
            let count = files.len() as u64;
            let bytes: u64 = files.iter().map(|(_, size)| size).sum();
            let bound = count + count / 4;
            assert!(estimate.files >= count && estimate.files <= bound, "{estimate:?} vs {count} files ({target:?})");
            let byte_bound = bytes * 2 * slack;
            assert!(estimate.bytes >= bytes / 2 && estimate.bytes <= byte_bound, "{estimate:?} vs {bytes} bytes");
        }
    }

    /// `meshes` meshes on LoadBalancers, fully peered, every tenth exporting to its neighbour.
    fn large_topology(meshes: usize) -> String {
        use std::fmt::Write as _;
        let mut text =
            String::from("[federation]\nname = \"large\"\n\n[[clusters]]\nname = \"c0\"\nplatform = \"aws\"\n");
        for m in 0..meshes {
            let _ = write!(
                text,
                "\n[[meshes]]\nname = \"m{m:03}\"\ncluster = \"c0\"\n[meshes.ingress]\ntype = \"LoadBalancer\"\naddress = \"{{gateway}}.m{m:03}.example.com\"\n"
            );
        }
        let names: Vec<String> = (0..meshes).map(|m| format!("\"m{m:03}\"")).collect();
        let _ = write!(text, "\n[[peerings]]\nmeshes = [{}]\n", names.join(", "));
        for m in (0..meshes).step_by(10) {
            let next = (m + 1) % meshes;
            let _ = write!(
                text,
                "\n[[exports]]\nmesh = \"m{m:03}\"\n  [[exports.rules]]\n  service = \"bookinfo-m{m:03}/ratings\"\n\n[[imports]]\nmesh = \"m{next:03}\"\nfrom = \"m{m:03}\"\n  [[imports.rules]]\n  service = \"bookinfo-m{m:03}/ratings\"\n"
            );
        }
        text
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("300MiB"), Ok(300 << 20));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
