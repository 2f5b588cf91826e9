//! Every name that becomes an object name, namespace, label value or DNS name must be valid for
//! Kubernetes, including the ones fedc derives (gateway service accounts, CA ConfigMaps).

use super::Rule;
use crate::check::Context;
use crate::check::kubernetes::{is_dns1123_label, is_dns1123_subdomain, label_problem};
use crate::diagnostic::Diagnostic;
use crate::model::{ExportRule, Located, Pattern, ServiceAlias, ServicePattern};
use crate::source::Span;

pub const RULE: Rule = Rule { name: "kubernetes-names", run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    label(out, &fed.name, "federation name", "names the Argo CD ApplicationSet and Flux Kustomizations");
    for cluster in &fed.clusters {
        label(
            out,
            &cluster.name,
            "cluster name",
            "becomes the directory `clusters/<cluster>` and the Argo CD destination",
        );
    }
    for mesh in &fed.meshes {
        label(out, &mesh.name, "mesh name", "names the SMCP, and peers' ServiceMeshPeer, export and import sets");
        label(
            out,
            &mesh.namespace,
            "control-plane namespace",
            "is the namespace of every federation object of the mesh",
        );
        subdomain(out, &mesh.trust_domain, "trust domain", "is the SPIFFE trust domain of the mesh");
    }
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        for peer in fed.peers_of(id) {
            let peer_name = &fed.mesh(peer).name.value;
            let ingress = mesh.ingress_gateway(peer_name);
            let egress = mesh.egress_gateway(peer_name);
            label(out, &ingress, "ingress gateway name", "names a gateway Deployment and Service");
            label(out, &egress, "egress gateway name", "names a gateway Deployment and Service");
            let account = Located::new(format!("{}-service-account", egress.value), egress.span.clone());
            label(out, &account, "egress gateway service account", "is the ServiceAccount peers trust as `clientID`");
            let ca = Located::new(format!("{peer_name}-ca-root-cert"), mesh.name.span.clone());
            subdomain(out, &ca, "CA ConfigMap name", "holds the root certificate of the peer");
        }
    }
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
    for failover in &fed.failovers {
        let s = &failover.service;
        pattern(out, &Pattern::Exact(s.namespace.clone()), &s.span, "namespace");
        pattern(out, &Pattern::Exact(s.name.clone()), &s.span, "service name");
        let rule_name = Located::new(format!("{}-failover", s.name), s.span.clone());
        label(out, &rule_name, "DestinationRule name", "names the failover DestinationRule");
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
    if !is_dns1123_label(&name.value) {
        out.push(
            Diagnostic::error("fedc::name::invalid", format!("{what} `{}` is not a valid Kubernetes name", name.value))
                .label(name.span.clone(), label_problem(&name.value))
                .help(format!("the {what} {role}; it must be a DNS-1123 label")),
        );
    }
}

fn subdomain(out: &mut Vec<Diagnostic>, name: &Located<String>, what: &str, role: &str) {
    if !is_dns1123_subdomain(&name.value) {
        out.push(
            Diagnostic::error("fedc::name::invalid", format!("{what} `{}` is not a valid DNS name", name.value))
                .label(name.span.clone(), "use dot-separated lower-case labels of letters, digits and `-`")
                .help(format!("the {what} {role}; it must be a DNS-1123 subdomain")),
        );
    }
}
