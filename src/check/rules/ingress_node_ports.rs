//! NodePort ingress: peers dial node addresses on the ports of the gateway dedicated to them, so
//! there must be nodes, ports for every peer, inside the cluster's NodePort range, and no port
//! used twice on a cluster (Kubernetes allocates each node port once per cluster).

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ClusterId, Exposure, Federation, Located, Mesh, MeshId, NodePorts};

pub(crate) const RULE: Rule = Rule { run };

/// A node port and the gateway it belongs to.
#[derive(Clone, Copy)]
struct PortUse<'a> {
    mesh: &'a Mesh,
    kind: &'static str,
    port: &'a Located<i64>,
}

const RANGE: std::ops::RangeInclusive<i64> = 30000..=32767;

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let mut per_cluster: Vec<((ClusterId, i64), PortUse)> = Vec::new();
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        let Exposure::NodePort { nodes, ports } = &mesh.ingress.exposure else { continue };
        if nodes.is_empty() {
            out.push(
                Diagnostic::new(
                    codes::ingress::NO_NODES,
                    format!("NodePort ingress of mesh `{}` lists no nodes", mesh.name.value),
                )
                .label(mesh.ingress.span.clone(), "peers have no address to dial")
                .help("list the addresses of nodes peers can reach in `nodes = [\"…\"]`"),
            );
        }
        missing_ports(out, fed, id, ports);
        for (peer, pair) in ports {
            for (kind, port) in [("service", &pair.service), ("discovery", &pair.discovery)] {
                out.extend(range_finding(mesh, peer, kind, port));
                per_cluster.push(((mesh.cluster, port.value), PortUse { mesh, kind, port }));
            }
        }
    }
    for (first, again) in repeats(per_cluster) {
        let cluster = &fed.cluster(again.mesh.cluster).name.value;
        out.push(
            Diagnostic::new(
                codes::ingress::DUPLICATE_NODE_PORT,
                format!("node port {} is used twice on cluster `{cluster}`", again.port.value),
            )
            .label(again.port.span.clone(), format!("{} port of a `{}` gateway", again.kind, again.mesh.name.value))
            .label(
                first.port.span.clone(),
                format!("already the {} port of a `{}` gateway", first.kind, first.mesh.name.value),
            )
            .help("give every gateway port on a cluster its own node port"),
        );
    }
}

fn missing_ports(out: &mut Vec<Diagnostic>, fed: &Federation, id: MeshId, ports: &BTreeMap<String, NodePorts>) {
    let mesh = fed.mesh(id);
    for peer in fed.peers_of(id) {
        let peer = &fed.mesh(peer).name.value;
        if ports.contains_key(peer) {
            continue;
        }
        out.push(
            Diagnostic::new(
                codes::ingress::MISSING_NODE_PORTS,
                format!("NodePort ingress of mesh `{}` has no node ports for peer `{peer}`", mesh.name.value),
            )
            .label(mesh.ingress.span.clone(), format!("no `node_ports.{peer}` entry"))
            .help(format!(
                "add `{peer} = {{ service = <port>, discovery = <port> }}` to `node_ports`, ports from 30000 to 32767"
            )),
        );
    }
}

fn range_finding(mesh: &Mesh, peer: &str, kind: &str, port: &Located<i64>) -> Option<Diagnostic> {
    if RANGE.contains(&port.value) {
        return None;
    }
    Some(
        Diagnostic::new(codes::ingress::NODE_PORT_RANGE, format!("node port {} is outside 30000–32767", port.value))
            .label(port.span.clone(), format!("{kind} port of the `{}` gateway for `{peer}`", mesh.name.value))
            .help("pick a port from the default NodePort range 30000–32767"),
    )
}
