//! What makes a cluster's control plane part of its mesh: the same values for the `istio`
//! installer input (IstioOperator) and the `ossm3` Sail `Istio` resource, so the two stay equal.

use serde::Serialize;

use super::MemberView;
use crate::plan::federation_istio::trust::{self, Trust};

/// Flattened into each control-plane template context.
#[derive(Serialize)]
pub(crate) struct MeshIdentity<'a> {
    trust_domain: &'a str,
    mesh_id: &'a str,
    cluster_name: &'a str,
    network: &'a str,
    cert_provider: &'a str,
    trust: Trust,
}

impl<'a> MeshIdentity<'a> {
    pub(crate) fn of(view: &MemberView<'a>) -> MeshIdentity<'a> {
        MeshIdentity {
            trust_domain: view.mesh.trust_domain.as_str(),
            mesh_id: view.istio.mesh_id.as_str(),
            cluster_name: view.member.cluster_name.as_str(),
            network: view.network,
            cert_provider: view.istio.cert_provider.as_str(),
            trust: trust::of(view.federation, view.mesh_id),
        }
    }
}
