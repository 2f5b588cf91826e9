//! `--target`: read a topology as if every mesh were written for another target. This is the
//! migration view (`fedc diff federation.toml --target ossm3 --out rendered/`): the same clusters,
//! meshes, peerings, exports, imports and failovers, compiled for the other product.
//!
//! Settings only the mesh's written target understands are dropped rather than refused, because
//! the topology was written for that target: moving to `istio`/`ossm3` drops the OSSM 2 `ingress`,
//! `gateways` and SMCP `version` (the target's default version applies); moving to `ossm2` drops
//! the Istio-only settings. A mesh already written for the requested target is left as it is.
//! Overlays that select a kind only the other product has (`ServiceMeshControlPlane`, the Sail
//! `Istio`…) would match nothing and are dropped too; every other overlay still applies.

use toml::Spanned;

use super::{MeshDef, Topology};
use crate::model::MeshTarget;

pub(crate) fn retarget(topology: &mut Topology, target: MeshTarget) {
    for mesh in &mut topology.meshes {
        retarget_mesh(mesh.get_mut(), target);
    }
    let foreign: &[&str] = if target == MeshTarget::Ossm2 { &ISTIO_ONLY } else { &OSSM2_ONLY };
    topology.overlays.retain(|o| o.get_ref().kind.as_ref().is_none_or(|k| !foreign.contains(&k.get_ref().as_str())));
}

/// Kinds only the `ossm2` target renders.
const OSSM2_ONLY: [&str; 4] =
    ["ServiceMeshControlPlane", "ServiceMeshPeer", "ExportedServiceSet", "ImportedServiceSet"];
/// Kinds only the `istio`/`ossm3` targets render.
const ISTIO_ONLY: [&str; 6] = ["Istio", "IstioCNI", "IstioOperator", "ServiceEntry", "WorkloadEntry", "ExternalSecret"];

fn retarget_mesh(mesh: &mut MeshDef, target: MeshTarget) {
    let written = mesh.target.as_ref().and_then(|t| MeshTarget::parse(t.get_ref())).unwrap_or(MeshTarget::Ossm2);
    if written == target {
        return;
    }
    // The written target's span stands for the override, so findings still point into the file.
    let at = mesh.target.as_ref().map_or(mesh.name.span(), Spanned::span);
    mesh.target = Some(Spanned::new(at, target.name().to_string()));
    let istio_family = |t: MeshTarget| t != MeshTarget::Ossm2;
    if istio_family(written) && istio_family(target) {
        // `istio` and `ossm3` spell versions differently (`1.30.3`, `v1.30.3`).
        mesh.version = None;
        if target == MeshTarget::Ossm3 {
            mesh.revision = None;
            mesh.asm = None;
        }
        return;
    }
    mesh.version = None;
    if target == MeshTarget::Ossm2 {
        mesh.mesh_id = None;
        mesh.cluster_names.clear();
        mesh.revision = None;
        mesh.cert_provider = None;
        mesh.remote_secrets = None;
        mesh.asm = None;
    } else {
        mesh.ingress = None;
        mesh.gateways.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::retarget;
    use crate::model::MeshTarget;

    fn topology(text: &str) -> super::Topology {
        toml::from_str(text).expect("topology")
    }

    const OSSM2: &str = r#"
[federation]
name = "f"
[[meshes]]
name = "red"
cluster = "east"
version = "v2.5"
ingress = { address = "{gateway}.example.com" }
gateways = { green = { ingress = "in" } }
[[overlays]]
kind = "ServiceMeshControlPlane"
patch = []
[[overlays]]
kind = "Deployment"
patch = []
"#;

    #[test]
    fn moving_to_ossm3_drops_what_only_ossm2_has() {
        let mut t = topology(OSSM2);
        retarget(&mut t, MeshTarget::Ossm3);
        let mesh = t.meshes[0].get_ref();
        assert_eq!(mesh.target.as_ref().map(|t| t.get_ref().as_str()), Some("ossm3"));
        assert!(mesh.version.is_none() && mesh.ingress.is_none() && mesh.gateways.is_empty());
        let kinds: Vec<_> =
            t.overlays.iter().filter_map(|o| o.get_ref().kind.as_ref().map(|k| k.get_ref().clone())).collect();
        assert_eq!(kinds, ["Deployment"], "the SMCP overlay would match nothing");
    }

    #[test]
    fn a_mesh_already_on_the_target_is_left_alone() {
        let mut t = topology(OSSM2);
        retarget(&mut t, MeshTarget::Ossm2);
        let mesh = t.meshes[0].get_ref();
        assert!(mesh.target.is_none() && mesh.version.is_some() && mesh.ingress.is_some());
        assert_eq!(t.overlays.len(), 2);
    }
}
