use std::collections::BTreeMap;

use toml::Spanned;

use super::{Resolver, located, located_or};
use crate::diagnostic::Diagnostic;
use crate::load::{IngressDef, MeshDef, Text};
use crate::model::{Cluster, ClusterId, Exposure, GatewayOverride, Ingress, Located, Mesh, NodePorts, SmcpVersion};
use crate::source::Span;

impl Resolver<'_> {
    /// Meshes whose cluster is unknown are reported and left out; the others keep file order.
    pub(super) fn meshes(&mut self, defs: &[Spanned<MeshDef>], clusters: &[Cluster]) -> Vec<Mesh> {
        let mut meshes = Vec::new();
        for def in defs {
            let def = def.get_ref();
            let on = self.mesh_clusters(def);
            let index = on.as_ref().map(|_| meshes.len());
            self.meshes.insert(def.name.get_ref(), index);
            if let Some(on) = on {
                meshes.push(self.mesh(def, &on, clusters));
            }
        }
        for mesh in defs {
            self.check_peer_keys(mesh.get_ref());
        }
        meshes
    }

    fn mesh(&mut self, def: &MeshDef, on: &[(ClusterId, Span)], clusters: &[Cluster]) -> Mesh {
        let name = located(&def.name);
        let at = name.span.clone();
        let mesh = name.value.clone();
        let cluster = on[0].0;
        let target = self.mesh_target(def);
        let names: Vec<String> = clusters.iter().map(|c| c.name.value.clone()).collect();
        let istio = self.istio_mesh(def, target.value, on, &names);
        let ossm2 = istio.is_none();
        Mesh {
            cluster,
            namespace: located_or(
                def.namespace.as_ref(),
                || if ossm2 { format!("{mesh}-system") } else { "istio-system".into() },
                at.clone(),
            ),
            trust_domain: located_or(def.trust_domain.as_ref(), || default_trust_domain(def), at.clone()),
            version: match ossm2 {
                true => self.version(def.version.as_ref(), at.clone()),
                false => Located::new(SmcpVersion::LATEST, at.clone()),
            },
            root_cert: def.root_cert.as_ref().map(|path| self.root_cert(path)),
            ingress: match ossm2 {
                true => self.ingress(def.ingress.as_ref(), at, &clusters[cluster.0]),
                false => {
                    Ingress { exposure: Exposure::LoadBalancer { pattern: None, addresses: BTreeMap::new() }, span: at }
                }
            },
            target,
            istio,
            members: def.members.as_ref().map(|m| Located::new(m.get_ref().iter().map(located).collect(), m.span())),
            gateway_overrides: def
                .gateways
                .iter()
                .map(|(peer, def)| {
                    let names = def.get_ref();
                    let gateway = GatewayOverride {
                        ingress: names.ingress.as_ref().map(located),
                        egress: names.egress.as_ref().map(located),
                        span: def.span(),
                    };
                    (peer.clone(), gateway)
                })
                .collect(),
            name,
        }
    }

    fn version(&mut self, text: Option<&Text>, at: Span) -> Located<SmcpVersion> {
        let Some(text) = text else { return Located::new(SmcpVersion::LATEST, at) };
        match SmcpVersion::parse(text.get_ref()) {
            Some(version) => Located::new(version, text.span()),
            None => {
                self.report(
                    Diagnostic::error(
                        "fedc::mesh::invalid-version",
                        format!("`{}` is not a control-plane version", text.get_ref()),
                    )
                    .label(text.span(), "expected `v<major>.<minor>`")
                    .help(format!("write the SMCP version like `{}`", SmcpVersion::LATEST)),
                );
                Located::new(SmcpVersion::LATEST, text.span())
            }
        }
    }

    fn ingress(&mut self, def: Option<&Spanned<IngressDef>>, at: Span, cluster: &Cluster) -> Ingress {
        let Some(def) = def else {
            let exposure = Exposure::LoadBalancer { pattern: None, addresses: BTreeMap::new() };
            return Ingress { exposure, span: at };
        };
        let span = def.span();
        let def = def.get_ref();
        let kind = def.kind.as_ref().map_or("LoadBalancer", |k| k.get_ref().as_str());
        self.misplaced_ingress_settings(def, kind);
        let exposure = match kind {
            "NodePort" => Exposure::NodePort {
                nodes: def.nodes.iter().map(located).collect(),
                ports: def
                    .node_ports
                    .iter()
                    .map(|(peer, ports)| {
                        let p = ports.get_ref();
                        let port = |v: &Spanned<i64>| Located::new(*v.get_ref(), v.span());
                        let ports =
                            NodePorts { service: port(&p.service), discovery: port(&p.discovery), span: ports.span() };
                        (peer.clone(), ports)
                    })
                    .collect(),
            },
            other => {
                if other != "LoadBalancer" {
                    let kind_span = def.kind.as_ref().map_or(span.clone(), |k| k.span());
                    self.report(
                        Diagnostic::error("fedc::ingress::unknown-type", format!("unknown ingress type `{other}`"))
                            .label(kind_span, "expected `LoadBalancer` or `NodePort`")
                            .help(format!(
                                "cluster `{}` exposes federation ingress through a Service of one of these types",
                                cluster.name.value
                            )),
                    );
                }
                Exposure::LoadBalancer {
                    pattern: def.address.as_ref().map(located),
                    addresses: def
                        .addresses
                        .iter()
                        .map(|(peer, list)| {
                            let addresses = Located::new(list.get_ref().iter().map(located).collect(), list.span());
                            (peer.clone(), addresses)
                        })
                        .collect(),
                }
            }
        };
        Ingress { exposure, span }
    }

    /// Settings of the other Service type would be dropped without a word: refuse them.
    fn misplaced_ingress_settings(&mut self, def: &IngressDef, kind: &str) {
        let node_port = kind == "NodePort";
        let mut misplaced: Vec<(&str, Span)> = Vec::new();
        if node_port {
            misplaced.extend(def.address.as_ref().map(|a| ("address", a.span())));
            misplaced.extend(def.addresses.values().next().map(|a| ("addresses", a.span())));
        } else {
            misplaced.extend(def.nodes.first().map(|n| ("nodes", n.span())));
            misplaced.extend(def.node_ports.values().next().map(|p| ("node_ports", p.span())));
        }
        let (belongs, other) = if node_port { ("LoadBalancer", "NodePort") } else { ("NodePort", "LoadBalancer") };
        for (key, span) in misplaced {
            self.report(
                Diagnostic::error(
                    "fedc::ingress::misplaced-setting",
                    format!("`{key}` is a {belongs} setting, but this ingress is {other}"),
                )
                .label(span, format!("ignored for a {other} ingress"))
                .help(format!("remove `{key}`, or set `type = \"{belongs}\"`")),
            );
        }
    }

    /// Per-peer tables (`gateways`, `ingress.addresses`, `ingress.node_ports`) must name meshes.
    fn check_peer_keys(&mut self, def: &MeshDef) {
        let mut keyed: Vec<(&String, Span)> = def.gateways.iter().map(|(k, v)| (k, v.span())).collect();
        if let Some(ingress) = &def.ingress {
            let ingress = ingress.get_ref();
            keyed.extend(ingress.addresses.iter().map(|(k, v)| (k, v.span())));
            keyed.extend(ingress.node_ports.iter().map(|(k, v)| (k, v.span())));
        }
        for (peer, span) in keyed {
            let name = Spanned::new(span, peer.clone());
            if let Err(Some(finding)) = self.meshes.find(&name, "fedc::mesh::unknown-peer", "per-peer setting") {
                self.report(finding);
            }
        }
    }
}

/// `<mesh>.local`; for Anthos Service Mesh the fleet's workload identity pool, as asmcli sets it
/// (the domain Mesh CA and CA Service issue certificates for).
fn default_trust_domain(def: &MeshDef) -> String {
    match &def.asm {
        Some(asm) => format!("{}.svc.id.goog", asm.get_ref().fleet_id.get_ref()),
        None => format!("{}.local", def.name.get_ref()),
    }
}
