//! Platform and control-plane limits: federation is unsupported on OpenShift Dedicated and Azure
//! Red Hat OpenShift, needs SMCP v2.1 or later, and ends with v2.6 (OSSM 3 has no federation).
//! v2.1 and v2.2 control planes are no longer supported by current operators.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Mesh, Platform, SmcpVersion};

pub(crate) const RULE: Rule = Rule { run };

/// The namespace the OSSM operator runs in; the SMCP webhook refuses control planes there.
const OPERATOR_NAMESPACE: &str = "openshift-operators";

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (index, cluster) in cx.federation.clusters.iter().enumerate() {
        if only_istio_meshes(cx, index) {
            continue; // no OpenShift Service Mesh 2 federation runs here
        }
        let platform = cluster.platform.value;
        if matches!(platform, Platform::OpenshiftDedicated | Platform::Aro) {
            out.push(
                Diagnostic::new(
                    codes::cluster::UNSUPPORTED_PLATFORM,
                    format!("cluster `{}` runs on `{}`, where service mesh federation is unsupported", cluster.name.value, platform.name()),
                )
                .label(cluster.platform.span.clone(), "OpenShift Service Mesh does not support federation here")
                .help("run the meshes of this cluster on a platform that supports federation (e.g. `aws`, `gcp`, `baremetal`)"),
            );
        }
    }
    for mesh in &cx.federation.meshes {
        out.extend(version_finding(mesh));
        if mesh.namespace.value == OPERATOR_NAMESPACE {
            out.push(
                Diagnostic::new(
                    codes::mesh::OPERATOR_NAMESPACE,
                    format!("mesh `{}` is placed in the operator's namespace", mesh.name.value),
                )
                .label(mesh.namespace.span.clone(), "the SMCP webhook refuses control planes here")
                .help("choose another `namespace`, e.g. the default `<mesh>-system`"),
            );
        }
    }
}

/// Whether the cluster hosts `istio`/`ossm3` mesh members and no `ossm2` mesh.
fn only_istio_meshes(cx: &Context, cluster: usize) -> bool {
    let meshes = &cx.federation.meshes;
    let member = |m: &&Mesh| m.istio.as_ref().is_some_and(|i| i.members.iter().any(|x| x.cluster.0 == cluster));
    meshes.iter().any(|m| member(&m)) && !meshes.iter().any(|m| m.istio.is_none() && m.cluster.0 == cluster)
}

fn version_finding(mesh: &Mesh) -> Option<Diagnostic> {
    let version = mesh.version.value;
    let at = mesh.version.span.clone();
    let name = &mesh.name.value;
    if version < SmcpVersion::FEDERATION_MIN {
        return Some(
            Diagnostic::new(
                codes::mesh::UNSUPPORTED_VERSION,
                format!("mesh `{name}` uses SMCP {version}, which has no federation"),
            )
            .label(at, format!("federation needs {} or later", SmcpVersion::FEDERATION_MIN))
            .help(format!("set `version` to a supported release, e.g. `{}`", SmcpVersion::LATEST)),
        );
    }
    if version > SmcpVersion::LATEST {
        return Some(
            Diagnostic::new(
                codes::mesh::UNSUPPORTED_VERSION,
                format!("mesh `{name}` uses SMCP {version}, which has no federation"),
            )
            .label(
                at,
                format!("OpenShift Service Mesh 2 ends with {}; version 3 replaces federation", SmcpVersion::LATEST),
            )
            .help(format!(
                "set `version` to {} at most: fedc compiles for OpenShift Service Mesh 2.x",
                SmcpVersion::LATEST
            )),
        );
    }
    if version <= (SmcpVersion { major: 2, minor: 2 }) {
        return Some(
            Diagnostic::new(
                codes::mesh::DEPRECATED_VERSION,
                format!("mesh `{name}` uses SMCP {version}, no longer supported"),
            )
            .label(at, "current operators no longer support this control-plane version")
            .help(format!("upgrade to a supported release, e.g. `{}`", SmcpVersion::LATEST)),
        );
    }
    None
}
