//! Upstream Istio (`istio`) and OpenShift Service Mesh 3 (`ossm3`): one mesh across clusters on
//! different networks, a control plane per cluster (multi-primary). Per member cluster:
//!
//! | object | `istio` | `ossm3` |
//! |---|---|---|
//! | Namespace with `topology.istio.io/network` | synced | synced |
//! | control plane (meshID, clusterName, network) | `installer/<c>/control-plane.yaml` (IstioOperator) | Sail `Istio`, synced |
//! | east-west gateway | `installer/<c>/eastwest-gateway.yaml` (IstioOperator) | pre-rendered objects, synced |
//! | `cross-network-gateway` Gateway | synced | synced |
//! | remote secrets | ExternalSecret per other cluster (when a store is set), never the Secret | same |
//! | what the operator runs by hand | `installer/<c>/operator-steps.md` (ASM: `asmcli install`) | same |
//!
//! Both flavours take the gateway's labels, ports and network view from [`eastwest`], so they agree.
//! See ../shared/reference/istio-multicluster.md (Parts A, A-Sail) and docs/targets.md.

mod asm;
pub(crate) mod eastwest;
mod gateway_objects;
mod identity;
mod installer;
pub(crate) mod remote_secrets;
mod runbook;
mod sail;
pub(crate) mod synced;

use super::PlannedFile;
use crate::model::{Federation, IstioMesh, Member, Mesh, MeshId, MeshTarget};

/// Everything one member cluster of an `istio`/`ossm3` mesh needs.
pub(crate) struct MemberView<'a> {
    pub(crate) federation: &'a Federation,
    pub(crate) mesh: &'a Mesh,
    pub(crate) mesh_id: MeshId,
    pub(crate) istio: &'a IstioMesh,
    pub(crate) member: &'a Member,
    /// The fedc cluster name (directory, kube context).
    pub(crate) cluster: &'a str,
    pub(crate) network: &'a str,
}

pub(crate) fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let mut files = Vec::new();
    for mesh_id in federation.mesh_ids() {
        let mesh = federation.mesh(mesh_id);
        let Some(istio) = &mesh.istio else { continue };
        for member in &istio.members {
            let cluster = federation.cluster(member.cluster);
            let view = MemberView {
                federation,
                mesh,
                mesh_id,
                istio,
                member,
                cluster: &cluster.name.value,
                network: &cluster.network.value,
            };
            files.push(synced::namespace(&view));
            files.push(synced::cross_network_gateway(&view));
            files.extend(remote_secrets::plan(&view));
            files.push(runbook::plan(&view));
            match mesh.target.value {
                MeshTarget::Ossm3 => {
                    files.extend(sail::plan(&view));
                    files.extend(gateway_objects::plan(&view));
                }
                _ => files.extend(installer::istio_operators(&view)),
            }
        }
    }
    files.extend(super::federation_istio::plan(federation));
    files
}

impl MemberView<'_> {
    /// The other clusters of the mesh: the ones this cluster needs a remote secret for.
    pub(crate) fn remotes(&self) -> impl Iterator<Item = &Member> {
        self.istio.members.iter().filter(|m| m.cluster != self.member.cluster)
    }

    pub(crate) fn namespace(&self) -> &str {
        &self.mesh.namespace.value
    }

    /// The kubeconfig context of a member cluster (`context`, by default its name).
    pub(crate) fn context_of(&self, member: &Member) -> &str {
        &self.federation.cluster(member.cluster).context.value
    }

    /// The ID this cluster's istiod registers `remote` under: its remote secret's name suffix and
    /// data key. The remote's `clusterName`, as the upstream guide passes it; for Anthos Service
    /// Mesh what `asmcli create-mesh` derives from the remote's kube context, so that running it
    /// as well replaces fedc's Secret instead of registering the cluster twice.
    pub(crate) fn remote_id(&self, remote: &Member) -> String {
        match self.istio.asm {
            Some(_) => crate::model::Asm::secret_id(self.context_of(remote)),
            None => remote.cluster_name.value.clone(),
        }
    }
}
