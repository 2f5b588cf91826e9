//! The hand-off for a partner mesh (a mesh on a `managed = false` cluster, run by someone else):
//! `partners/<partner>/federation.toml`, a fedc topology its team can build as is, plus the root
//! certificates it names (`partners/<partner>/<mesh>-root-cert.pem`). Outside the synced
//! `clusters/` directories; nothing in it is a Kubernetes object.
//!
//! In it the partner's mesh is the managed one (its cluster, namespace, trust domain, version,
//! root certificate, and the ingress addresses and ports we dial, per peer, as our topology says)
//! and each of our meshes that peers with it sits on a `managed = false` cluster with what the
//! partner dials (the addresses and ports of the gateway we dedicate to them), our trust domain,
//! namespace, egress gateway name and root certificate. Their export rules are the names we import
//! from them; their import rules are the names we export to them, evaluated first-match
//! (`check::effective`). Our side is described by the same names, so their `fedc check` verifies
//! their rules against ours, and their own hand-off for us describes our meshes as we do.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use super::super::PlannedFile;
use super::{DISCOVERY_PORT, SERVICE_PORT};
use crate::check::effective::{Exports, shown};
use crate::model::{ClusterId, Exposure, Federation, MeshId, Pattern, ServicePattern};

pub(crate) const TOPOLOGY_TEMPLATE: &str = "maistra/partner-handoff.toml.j2";
pub(crate) const CERT_TEMPLATE: &str = "maistra/partner-root-cert.pem.j2";

#[derive(Serialize)]
struct HandoffCluster {
    name: String,
    platform: &'static str,
    /// `{ region, zone, subzone }` as declared; empty when not declared.
    locality: BTreeMap<&'static str, String>,
    managed: bool,
}

#[derive(Serialize)]
struct HandoffMesh {
    name: String,
    cluster: String,
    namespace: String,
    trust_domain: String,
    version: String,
    /// File name next to the hand-off; empty when the mesh has no root certificate.
    root_cert: String,
    /// The `ingress` inline table: what the other side of the hand-off dials.
    ingress: Value,
    /// Gateway names declared for the peers of the hand-off (by peer mesh name).
    gateways: BTreeMap<String, Value>,
}

/// One `[[exports]]` (`peer` is `to`) or `[[imports]]` (`peer` is `from`) block.
#[derive(Serialize)]
struct Block {
    mesh: String,
    peer: String,
    services: Vec<String>,
}

pub(crate) fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let partners = federation.mesh_ids().filter(|m| federation.is_partner(*m));
    partners.flat_map(|partner| handoff(federation, partner)).collect()
}

/// The topology and the certificate files of one partner's hand-off.
fn handoff(federation: &Federation, partner: MeshId) -> Vec<PlannedFile> {
    let partner_name = &federation.mesh(partner).name.value;
    let ours: Vec<MeshId> = federation.peers_of(partner).into_iter().filter(|m| !federation.is_partner(*m)).collect();
    if ours.is_empty() {
        return Vec::new(); // nothing of ours to peer with: nothing to hand over
    }
    let dir = format!("partners/{partner_name}");
    let mut files = Vec::new();
    for &mesh in std::iter::once(&partner).chain(&ours) {
        if let Some(pem) = certificate(federation, mesh) {
            files.push(PlannedFile {
                path: format!("{dir}/{}", cert_file(federation, mesh)),
                cluster: None,
                template: CERT_TEMPLATE,
                context: json!({ "mesh": federation.mesh(mesh).name.value, "pem": pem }),
                object: None,
            });
        }
    }
    files.push(PlannedFile {
        path: format!("{dir}/federation.toml"),
        cluster: None,
        template: TOPOLOGY_TEMPLATE,
        context: topology(federation, partner, &ours),
        object: None,
    });
    files
}

fn topology(federation: &Federation, partner: MeshId, ours: &[MeshId]) -> Value {
    let mut clusters: Vec<ClusterId> = vec![federation.mesh(partner).cluster];
    for &mesh in ours {
        let cluster = federation.mesh(mesh).cluster;
        if !clusters.contains(&cluster) {
            clusters.push(cluster);
        }
    }
    let first = clusters[0];
    let clusters: Vec<HandoffCluster> = clusters.iter().map(|c| cluster(federation, *c, *c == first)).collect();
    let mut meshes = vec![managed_mesh(federation, partner, ours)];
    meshes.extend(ours.iter().map(|&m| our_mesh(federation, m, partner)));
    let partner_name = federation.mesh(partner).name.value.clone();
    let name = |m: MeshId| federation.mesh(m).name.value.clone();
    let (mut exports, mut imports) = (Vec::new(), Vec::new());
    for &mesh in ours {
        let we_import = imported_from(federation, mesh, partner);
        let we_export = exported_to(federation, mesh, partner);
        // Their side: export what we import, import what we export.
        exports.push(Block { mesh: partner_name.clone(), peer: name(mesh), services: we_import.clone() });
        imports.push(Block { mesh: partner_name.clone(), peer: name(mesh), services: we_export.clone() });
        // Our side, in their topology: what their checker verifies their rules against.
        exports.push(Block { mesh: name(mesh), peer: partner_name.clone(), services: we_export });
        imports.push(Block { mesh: name(mesh), peer: partner_name.clone(), services: we_import });
    }
    exports.retain(|b| !b.services.is_empty());
    imports.retain(|b| !b.services.is_empty());
    let peerings: Vec<[String; 2]> = ours.iter().map(|&m| [partner_name.clone(), name(m)]).collect();
    json!({
        "federation": federation.name.value,
        "partner": partner_name,
        "clusters": clusters,
        "meshes": meshes,
        "peerings": peerings,
        "exports": exports,
        "imports": imports,
    })
}

fn cluster(federation: &Federation, id: ClusterId, managed: bool) -> HandoffCluster {
    let cluster = federation.cluster(id);
    let mut locality = BTreeMap::new();
    if let Some(l) = &cluster.locality {
        let sides = [("region", &l.value.region), ("zone", &l.value.zone), ("subzone", &l.value.subzone)];
        for (key, value) in sides {
            if let Some(value) = value {
                locality.insert(key, value.value.clone());
            }
        }
    }
    HandoffCluster { name: cluster.name.value.clone(), platform: cluster.platform.value.name(), locality, managed }
}

/// The partner's mesh, managed in its own topology: reached by each of our meshes where our
/// topology says they dial it.
fn managed_mesh(federation: &Federation, partner: MeshId, ours: &[MeshId]) -> HandoffMesh {
    let peers: Vec<String> = ours.iter().map(|&m| federation.mesh(m).name.value.clone()).collect();
    mesh_for(federation, partner, &peers)
}

/// One of our meshes, on a `managed = false` cluster in their topology: what the partner dials.
fn our_mesh(federation: &Federation, mesh: MeshId, partner: MeshId) -> HandoffMesh {
    mesh_for(federation, mesh, &[federation.mesh(partner).name.value.clone()])
}

/// `mesh` as the given peers see it: its identity and, per peer, the ingress they dial and the
/// gateway names declared for them.
fn mesh_for(federation: &Federation, id: MeshId, peers: &[String]) -> HandoffMesh {
    let mesh = federation.mesh(id);
    let cluster = &federation.cluster_of(id).name.value;
    let (mut addresses, mut node_ports) = (serde_json::Map::new(), serde_json::Map::new());
    let mut gateways = BTreeMap::new();
    for peer in peers {
        let gateway = mesh.ingress_gateway(peer).value;
        let endpoint = mesh.ingress.endpoint_for(peer, &mesh.name.value, &gateway, cluster);
        let list: Vec<String> = endpoint.addresses.into_iter().map(|a| a.value).collect();
        addresses.insert(peer.clone(), json!(list));
        let (service, discovery) = endpoint.ports.unwrap_or((SERVICE_PORT, DISCOVERY_PORT));
        node_ports.insert(peer.clone(), json!({ "service": service, "discovery": discovery }));
        if let Some(names) = mesh.gateway_overrides.get(peer) {
            let mut entry = serde_json::Map::new();
            if let Some(ingress) = &names.ingress {
                entry.insert("ingress".into(), json!(ingress.value));
            }
            if let Some(egress) = &names.egress {
                entry.insert("egress".into(), json!(egress.value));
            }
            gateways.insert(peer.clone(), Value::Object(entry));
        }
    }
    let ingress = match &mesh.ingress.exposure {
        Exposure::LoadBalancer { .. } => json!({ "addresses": addresses }),
        Exposure::NodePort { nodes, .. } => {
            let nodes: Vec<&str> = nodes.iter().map(|n| n.value.as_str()).collect();
            json!({ "type": "NodePort", "nodes": nodes, "node_ports": node_ports })
        }
    };
    let root_cert = if certificate(federation, id).is_some() { cert_file(federation, id) } else { String::new() };
    HandoffMesh {
        name: mesh.name.value.clone(),
        cluster: cluster.clone(),
        namespace: mesh.namespace.value.clone(),
        trust_domain: mesh.trust_domain.value.clone(),
        version: mesh.version.value.to_string(),
        root_cert,
        ingress,
        gateways,
    }
}

/// The mesh's root certificates, normalised; `None` without a readable, valid `root_cert`.
fn certificate(federation: &Federation, mesh: MeshId) -> Option<String> {
    federation.mesh(mesh).root_cert.as_ref()?.certificates.clone()
}

fn cert_file(federation: &Federation, mesh: MeshId) -> String {
    format!("{}-root-cert.pem", federation.mesh(mesh).name.value)
}

/// The names `mesh` exports to `partner`, first match wins: what the partner's import rules must
/// match. Without the effective evaluation (too many rules), the rules' own names.
fn exported_to(federation: &Federation, mesh: MeshId, partner: MeshId) -> Vec<String> {
    let names = match Exports::of(federation, mesh, partner) {
        Some(exports) => exports.names(),
        None => federation.export_rules(mesh, partner).flat_map(|r| r.exported_names()).collect(),
    };
    minimal(names.iter().map(|n| shown(&n.name)).collect())
}

/// The services `mesh` imports from `partner` (its import rules' selectors): what the partner
/// must export.
fn imported_from(federation: &Federation, mesh: MeshId, partner: MeshId) -> Vec<String> {
    let blocks = federation.imports_of(mesh).filter(|(_, b)| b.from.id == partner);
    let rules = blocks.flat_map(|(_, b)| b.rules.iter().filter(|r| r.label_selector.is_none()));
    minimal(rules.map(|r| r.service.to_string()).collect())
}

/// The patterns no other one covers, in order: a rule list where no rule hides a later one
/// (`bookinfo/*` makes `bookinfo/ratings` redundant), so their checker has nothing to warn about.
fn minimal(patterns: BTreeSet<String>) -> Vec<String> {
    let parsed: Vec<(String, Option<ServicePattern>)> =
        patterns.into_iter().map(|p| (p.clone(), ServicePattern::parse(&p, Default::default()))).collect();
    let covers = |general: &ServicePattern, specific: &ServicePattern| {
        let side = |g: &Pattern, s: &Pattern| matches!(g, Pattern::Any) || g == s;
        side(&general.namespace, &specific.namespace) && side(&general.name, &specific.name)
    };
    let covered = |text: &str, pattern: &ServicePattern| {
        parsed.iter().any(|(other, p)| other != text && p.as_ref().is_some_and(|p| covers(p, pattern)))
    };
    parsed.iter().filter(|(text, p)| p.as_ref().is_none_or(|p| !covered(text, p))).map(|(t, _)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use crate::compile::{Options, prepare_with};
    use crate::render::Rendering;

    /// The loader refuses quotes, line breaks and brackets in every name that reaches the
    /// hand-off; were one to reach it anyway (planted here in the checked model, behind the
    /// checker's back), the `toml` filter escapes it: the file parses to exactly the planted
    /// value and nothing more.
    #[test]
    fn planted_hostile_values_stay_values_in_the_toml() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("certs")).expect("certs");
        std::fs::copy(crate::testing::repo("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem"))
            .expect("cert");
        let topology = dir.path().join("topology.toml");
        std::fs::copy(crate::testing::repo("tests/ui/clean-partner.toml"), &topology).expect("topology");
        let mut prepared = prepare_with(&topology, None, &Options::default()).expect("prepares");
        let hostile = "x\"]]\n[[meshes]]\nname = \"evil\u{7f}";
        let federation = &mut prepared.federation;
        let red = federation.mesh_ids().find(|m| federation.mesh(*m).name.value == "red").expect("red");
        federation.name.value = hostile.to_string();
        federation.meshes[red.0].trust_domain.value = hostile.to_string();
        federation.meshes[red.0].namespace.value = hostile.to_string();
        let planned: Vec<_> =
            super::plan(federation).into_iter().filter(|f| f.path == "partners/red/federation.toml").collect();
        let nothing = crate::render::trace::Nothing;
        let mut rendering = Rendering::new(federation, &prepared.loaded.source, &prepared.templates, &nothing);
        rendering.mark_selected(&planned);
        let chunk = rendering.renderer().render(&planned);
        let files = rendering.merge(chunk);
        rendering.finish().expect("renders");
        let handoff = &files[0];
        let parsed: toml::Table = toml::from_str(&handoff.content).expect("still TOML");
        assert_eq!(parsed["federation"]["name"].as_str(), Some(hostile));
        let meshes = parsed["meshes"].as_array().expect("meshes");
        assert_eq!(meshes.len(), 2, "no mesh injected:\n{}", handoff.content);
        assert_eq!(meshes[0]["trust_domain"].as_str(), Some(hostile));
        assert_eq!(meshes[0]["namespace"].as_str(), Some(hostile));
        let top: Vec<&String> = parsed.keys().collect();
        assert_eq!(top, ["clusters", "exports", "federation", "imports", "meshes", "peerings"], "no table injected");
    }
}
