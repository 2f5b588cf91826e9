//! Every name that becomes an object name, namespace, label value or DNS name must be valid for
//! Kubernetes, including the ones fedc derives (gateway service accounts, CA ConfigMaps, the
//! peer's network and imported domain). A derived name is only checked when the name it comes from
//! is valid, so one bad name gives one finding.

use super::Rule;
use crate::check::Context;
use crate::check::kubernetes::{is_dns1123_label, label_finding, object_name_finding, subdomain_finding};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ExportRule, Federation, Located, MeshId, Pattern, ServiceAlias, ServicePattern};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { run };

/// Longest mesh name whose derived names fit: peers name gateways `ingress-<mesh>` (a Service
/// name, a 63-character DNS label) and the controller puts its endpoints on `network-<mesh>` (a
/// 63-character label value). Other derived names are longer limits (the egress service account
/// `egress-<mesh>-service-account` is a ServiceAccount name, a 253-character DNS subdomain).
pub(crate) const MESH_NAME_MAX: usize = 63 - "ingress-".len();

/// A valid mesh name too long for the names derived from it: one finding on the mesh name, not
/// one per derived name and peer.
fn too_long_mesh_name(name: &Located<String>) -> Option<Diagnostic> {
    (is_dns1123_label(&name.value) && name.value.len() > MESH_NAME_MAX).then(|| {
        Diagnostic::new(codes::name::INVALID, format!("mesh name `{}` is too long", name.value))
            .label(name.span.clone(), format!("{} characters, at most {MESH_NAME_MAX} allowed", name.value.len()))
            .help(format!(
                "peers derive `ingress-<mesh>` (a Service name) and `network-<mesh>` (a label value), at most 63 characters: shorten the name to {MESH_NAME_MAX}"
            ))
    })
}

/// Whether names derived from a mesh name are reported on their own (not when the mesh name
/// already has a finding).
fn derives_valid(mesh_name: &str) -> bool {
    is_dns1123_label(mesh_name) && mesh_name.len() <= MESH_NAME_MAX
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    label(out, &fed.name, "federation name", "names the Argo CD ApplicationSet and Flux Kustomizations");
    for cluster in &fed.clusters {
        let role = "becomes the directory `clusters/<cluster>` and the Argo CD destination";
        label(out, &cluster.name, "cluster name", role);
    }
    for mesh in &fed.meshes {
        label(out, &mesh.name, "mesh name", "names the SMCP, and peers' ServiceMeshPeer, export and import sets");
        out.extend(too_long_mesh_name(&mesh.name));
        // Defaults derive from the mesh name: when it is invalid, they are too, for the same reason.
        let derived = |value: &Located<String>| value.span == mesh.name.span && !derives_valid(&mesh.name.value);
        if !derived(&mesh.namespace) {
            let role = "is the namespace of every federation object of the mesh";
            label(out, &mesh.namespace, "control-plane namespace", role);
        }
        if !derived(&mesh.trust_domain) {
            subdomain(out, &mesh.trust_domain, "trust domain", "is the SPIFFE trust domain of the mesh");
        }
    }
    for id in fed.mesh_ids() {
        peer_names(out, fed, id);
    }
    exports(out, fed);
    imports(out, fed);
    for failover in &fed.failovers {
        let s = &failover.service;
        pattern(out, &Pattern::Exact(s.namespace.clone()), &s.span, "namespace");
        pattern(out, &Pattern::Exact(s.name.clone()), &s.span, "service name");
        if is_dns1123_label(&s.name) {
            let rule_name = Located::new(format!("{}-failover", s.name), s.span.clone());
            label(out, &rule_name, "DestinationRule name", "names the failover DestinationRule");
        }
    }
}

/// Names `mesh` derives for each of its peers.
fn peer_names(out: &mut Vec<Diagnostic>, fed: &Federation, id: MeshId) {
    let mesh = fed.mesh(id);
    for peer in fed.peers_of(id) {
        let peer_name = &fed.mesh(peer).name.value;
        let ingress = mesh.ingress_gateway(peer_name);
        let egress = mesh.egress_gateway(peer_name);
        // Default gateway names derive from the peer's name, reported on its own when invalid.
        let derived = |gateway: &Located<String>| gateway.span == mesh.name.span && !derives_valid(peer_name);
        if !derived(&ingress) {
            label(out, &ingress, "ingress gateway name", "names a gateway Deployment and Service");
        }
        if derived(&egress) {
            continue;
        }
        label(out, &egress, "egress gateway name", "names a gateway Deployment and Service");
        if is_dns1123_label(&egress.value) {
            // A ServiceAccount name is a DNS-1123 subdomain (253), not a label.
            let account = Located::new(format!("{}-service-account", egress.value), egress.span.clone());
            let role = "is the ServiceAccount peers trust as `clientID`";
            out.extend(object_name_finding(&account, "egress gateway service account", role));
        }
        if !derives_valid(peer_name) {
            continue;
        }
        let at = fed.mesh(peer).name.span.clone();
        // `network-<peer>` (a label value) and `<peer>-imports` (a DNS label) have the same length.
        let network = Located::new(format!("network-{peer_name}"), at.clone());
        label(out, &network, "peer network", "is the network the controller puts the peer's endpoints on");
        let ca = Located::new(format!("{peer_name}-ca-root-cert"), at);
        out.extend(object_name_finding(&ca, "CA ConfigMap name", "holds the root certificate of the peer"));
    }
}

fn exports(out: &mut Vec<Diagnostic>, fed: &Federation) {
    for block in &fed.exports {
        for rule in &block.rules {
            match rule {
                ExportRule::Name { service, alias, .. } => service_names(out, service, alias.as_ref()),
                ExportRule::Labels(labels) => {
                    pattern(out, &labels.namespace.value, &labels.namespace.span, "namespace");
                    for alias in &labels.aliases {
                        service_names(out, &alias.service, Some(&alias.alias));
                    }
                }
            }
        }
    }
}

fn imports(out: &mut Vec<Diagnostic>, fed: &Federation) {
    for block in &fed.imports {
        for rule in &block.rules {
            service_names(out, &rule.service, rule.alias.as_ref());
            if let Some(suffix) = &rule.domain_suffix {
                subdomain(out, suffix, "domain suffix", "ends the imported service's hostname");
            }
        }
        if let Some(suffix) = &block.domain_suffix {
            subdomain(out, suffix, "domain suffix", "ends the imported services' hostnames");
        }
    }
}

fn service_names(out: &mut Vec<Diagnostic>, service: &ServicePattern, alias: Option<&ServiceAlias>) {
    pattern(out, &service.namespace, &service.span, "namespace");
    pattern(out, &service.name, &service.span, "service name");
    if let Some(alias) = alias {
        pattern(out, &alias.namespace, &alias.span, "alias namespace");
        pattern(out, &alias.name, &alias.span, "alias name");
    }
}

fn pattern(out: &mut Vec<Diagnostic>, pattern: &Pattern, span: &Span, what: &str) {
    if let Pattern::Exact(name) = pattern {
        label(out, &Located::new(name.clone(), span.clone()), what, "is a Kubernetes Service name or namespace");
    }
}

fn label(out: &mut Vec<Diagnostic>, name: &Located<String>, what: &str, role: &str) {
    out.extend(label_finding(name, what, role));
}

fn subdomain(out: &mut Vec<Diagnostic>, name: &Located<String>, what: &str, role: &str) {
    out.extend(subdomain_finding(name, what, role));
}
