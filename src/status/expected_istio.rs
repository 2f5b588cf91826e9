//! Expected state of `istio`/`ossm3` meshes. Without a data plane, what a cluster's objects can
//! tell is: the control-plane namespace's network label, the east-west gateway Service's external
//! address (against `eastwest_address`) and network label, the remote secrets by name, and the
//! federation objects fedc generates (Gateways, ServiceEntries, WorkloadEntries, DestinationRules)
//! by presence. Everything else needs traffic: see `NEEDS_DATA_PLANE`.

use super::expected::{Element, Group, Placed, What, placed};
use super::snapshot::Key;
use crate::check::effective::listed::{self as imports, Imported};
use crate::model::{Federation, MeshId};
use crate::plan::federation_istio::{exporter, importer};
use crate::plan::istio::eastwest::{self, NETWORK_LABEL};
use crate::plan::istio::{MemberView, remote_secrets, synced};

/// What `fedc status` cannot tell for `istio`/`ossm3` meshes from objects alone.
pub(crate) const NEEDS_DATA_PLANE: &[&str] = &[
    "whether istiod on each cluster can use its remote secrets to reach the other clusters' API servers (`istioctl remote-clusters`); fedc checks the Secrets by name and never reads them",
    "whether traffic crosses the east-west gateways (mTLS on port 15443) and imported services have healthy endpoints (`istioctl proxy-config endpoints`)",
    "whether an `eastwest_address` written as a DNS name resolves to the gateway's address",
];

/// What the `istio`/`ossm3` planner produces once for the whole federation.
pub(crate) struct IstioPlan {
    imported: Vec<Imported>,
    sources: importer::Sources,
}

impl IstioPlan {
    pub(crate) fn new(fed: &Federation) -> IstioPlan {
        IstioPlan { imported: imports::imported(fed).0, sources: importer::failover_sources(fed) }
    }
}

/// `mesh`'s side of a peering with `peer`: the `istio-remote` Gateways for the peer's networks.
pub(crate) fn peering(fed: &Federation, plan: &IstioPlan, mesh: MeshId, peer: MeshId) -> (What, Vec<Placed>) {
    // The planner writes these Gateways only for a mesh that imports from the peer.
    let imports = plan.imported.iter().any(|s| s.importer == mesh && s.exporter == peer);
    let objects = if imports { placed(importer::remote_gateways(fed, mesh, peer)) } else { Vec::new() };
    if objects.is_empty() {
        let why = format!(
            "`{}` imports nothing from `{}`, so fedc generates nothing for this direction",
            mesh_name(fed, mesh),
            mesh_name(fed, peer)
        );
        return (What::NotChecked(why), objects);
    }
    (What::Present, objects)
}

/// The ServiceEntries and WorkloadEntries of the services rule `rule` of block `block` imports.
pub(crate) fn import(fed: &Federation, plan: &IstioPlan, block: usize, rule: usize) -> (What, Vec<Placed>) {
    let services = plan.imported.iter().filter(|s| s.block == block && s.rule == rule);
    let mut objects: Vec<Placed> =
        services.flat_map(|s| placed(importer::service_objects(fed, s, &plan.sources))).collect();
    objects.sort();
    objects.dedup();
    if objects.is_empty() {
        return (What::NotChecked("the rule imports no service fedc can list".into()), objects);
    }
    (What::Present, objects)
}

/// Per member cluster of every `istio`/`ossm3` mesh: network label, east-west gateway, remote secrets.
pub(crate) fn elements(fed: &Federation, plan: &IstioPlan) -> Vec<Element> {
    let exposed = placed(exporter::plan(fed, &plan.imported));
    let mut elements = Vec::new();
    for mesh_id in fed.mesh_ids() {
        let mesh = fed.mesh(mesh_id);
        let Some(istio) = &mesh.istio else { continue };
        for member in &istio.members {
            let cluster = fed.cluster(member.cluster);
            let view = MemberView {
                federation: fed,
                mesh,
                mesh_id,
                istio,
                member,
                cluster: &cluster.name.value,
                network: &cluster.network.value,
            };
            let at = |title: &str| format!("{}: {title} ({})", cluster.name.value, mesh.name.value);
            let network = cluster.network.value.clone();
            elements.push(Element {
                what: What::Network { network: network.clone() },
                group: Group::Clusters,
                title: at(&format!("`{NETWORK_LABEL}` of namespace {}", mesh.namespace.value)),
                span: cluster.network.span.clone(),
                objects: placed([synced::namespace(&view)]),
            });
            let service = Placed {
                cluster: cluster.name.value.clone(),
                key: Key::new("", "Service", &mesh.namespace.value, eastwest::NAME),
            };
            let mut exposure = vec![service];
            exposure.extend(placed([synced::cross_network_gateway(&view)]));
            exposure.extend(exposed.iter().filter(|p| p.cluster == cluster.name.value).cloned());
            elements.push(Element {
                what: What::EastWest { network, address: cluster.eastwest_address.as_ref().map(|a| a.value.clone()) },
                group: Group::Clusters,
                title: at(&format!("east-west gateway {}", eastwest::NAME)),
                span: cluster.eastwest_address.as_ref().map_or(&cluster.name.span, |a| &a.span).clone(),
                objects: exposure,
            });
            for remote in view.remotes() {
                // The name `build` and the runbook give it (for ASM: the kube context, as asmcli names it).
                let name = remote_secrets::secret_name(&view.remote_id(remote));
                let key = Key::new("", "Secret", &mesh.namespace.value, &name);
                elements.push(Element {
                    what: What::Present,
                    group: Group::Clusters,
                    title: at(&format!("remote secret {name}")),
                    span: remote.span.clone(),
                    objects: vec![Placed { cluster: cluster.name.value.clone(), key }],
                });
            }
        }
    }
    elements
}

fn mesh_name(fed: &Federation, id: MeshId) -> &str {
    &fed.mesh(id).name.value
}
