//! One direction of an OSSM 2 peering, from `mesh`'s ServiceMeshPeer for `peer`
//! (`status.discoveryStatus`, written by every istiod pod of `mesh`): an `active` pod's `watch` is
//! our istiod watching the peer, a pod under `inactive` is one whose watch is down, and `remotes`
//! are the peer's istiod pods connected to us (the controller drops a remote five minutes after it
//! disconnects). `lastFullSync` is refreshed at every 60 s resync while connected.

use serde_json::Value;

use super::clock::{RESYNC_SECONDS, span};
use super::expected::Placed;
use super::fields::{flag, list, text};
use super::judge::{Judge, Verdict};
use crate::model::{Federation, MeshId};
use crate::plan::maistra::DISCOVERY_PORT;
use crate::plan::maistra::peer::client_id;

pub(crate) fn judge(cx: &Judge, mesh: MeshId, peer: MeshId, objects: &[Placed]) -> Verdict {
    let Some(smp) = objects.iter().find(|p| p.key.kind == "ServiceMeshPeer").and_then(|p| cx.object(p)) else {
        return Verdict::not_checked(vec!["no ServiceMeshPeer to read".into()]);
    };
    let names = Names::of(cx.fed, mesh, peer);
    let active = list(smp, &["status", "discoveryStatus", "active"]);
    let inactive = list(smp, &["status", "discoveryStatus", "inactive"]);
    let mut observed = Vec::new();
    for pod in active {
        observed.push(watching(cx, pod, &names.peer, true));
    }
    for pod in inactive {
        observed.push(watching(cx, pod, &names.peer, false));
    }
    let remotes: Vec<&Value> = active.iter().chain(inactive).flat_map(|p| list(p, &["remotes"])).collect();
    observed.extend(remotes.iter().map(|r| remote(cx, r, &names.peer)));
    if active.is_empty() && inactive.is_empty() {
        let message = format!("no istiod of `{}` has reported on its ServiceMeshPeer `{}`", names.mesh, names.peer);
        return Verdict::down(observed, "fedc::status::no-status", message, names.no_status());
    }
    if active.is_empty() {
        let last = inactive.iter().filter_map(|p| text(p, &["watch", "lastDisconnectStatus"])).next_back();
        let message = match &last {
            Some(status) => format!("`{}` is not watching `{}`: last disconnect `{status}`", names.mesh, names.peer),
            None => format!("`{}` is not watching `{}`", names.mesh, names.peer),
        };
        return Verdict::down(
            observed,
            "fedc::status::peer-disconnected",
            message,
            names.disconnected(last.as_deref()),
        );
    }
    let synced: Vec<Option<String>> = active.iter().map(|p| text(p, &["watch", "lastFullSync"])).collect();
    if synced.iter().all(|s| s.as_deref().is_none_or(|t| cx.clock.is_stale(t))) {
        let when = synced.iter().flatten().max().cloned();
        let message = stale_message(cx, &names.mesh, &names.peer, when.as_deref());
        return Verdict::down(observed, "fedc::status::sync-stale", message, names.stale(&names.mesh));
    }
    let connected: Vec<&&Value> = remotes.iter().filter(|r| flag(r, &["connected"])).collect();
    if connected.is_empty() {
        let message = format!("`{}`'s istiod is not connected to `{}`", names.peer, names.mesh);
        return Verdict::down(observed, "fedc::status::peer-not-watching", message, names.not_watching());
    }
    let sent: Vec<Option<String>> = connected.iter().map(|r| text(r, &["lastFullSync"])).collect();
    if sent.iter().all(|s| s.as_deref().is_none_or(|t| cx.clock.is_stale(t))) {
        let when = sent.iter().flatten().max().cloned();
        let message = stale_message(cx, &names.peer, &names.mesh, when.as_deref());
        return Verdict::down(observed, "fedc::status::sync-stale", message, names.stale(&names.peer));
    }
    if !inactive.is_empty() {
        let message = format!(
            "{} of {} istiod pods of `{}` are not watching `{}`",
            inactive.len(),
            active.len() + inactive.len(),
            names.mesh,
            names.peer
        );
        let help = format!(
            "workloads whose sidecars are served by those pods do not see `{}`'s services: {}",
            names.peer,
            names.disconnected(None)
        );
        return Verdict::degraded(observed, "fedc::status::pods-inactive", message, help);
    }
    Verdict::up(observed)
}

/// `istiod-red-… watches green since … (3m ago), last full sync 17s ago`.
fn watching(cx: &Judge, pod: &Value, peer: &str, active: bool) -> String {
    let name = text(pod, &["pod"]).unwrap_or_else(|| "an istiod pod".into());
    let since = |field: &str| text(pod, &["watch", field]).map(|t| format!("{t} ({})", ago(cx, &t)));
    let mut line = if active {
        format!("istiod pod `{name}` watches `{peer}`")
    } else {
        format!("istiod pod `{name}` is not watching `{peer}`")
    };
    if let Some(when) = since("lastConnected") {
        line.push_str(&format!(", last connected {when}"));
    }
    if let Some(when) = since("lastFullSync") {
        line.push_str(&format!(", last full sync {when}"));
    }
    if let Some(status) = text(pod, &["watch", "lastDisconnectStatus"]) {
        let at = since("lastDisconnect").map(|w| format!(" at {w}")).unwrap_or_default();
        line.push_str(&format!(", last disconnect `{status}`{at}"));
    }
    line
}

/// `green's istiod connected from 10.128.2.149 since …, last full sync …`.
fn remote(cx: &Judge, remote: &Value, peer: &str) -> String {
    let source = text(remote, &["source"]).unwrap_or_else(|| "an unknown address".into());
    let since = |field: &str| text(remote, &[field]).map(|t| format!("{t} ({})", ago(cx, &t)));
    let mut line = match flag(remote, &["connected"]) {
        true => format!("`{peer}`'s istiod connected from {source}"),
        false => format!("`{peer}`'s istiod from {source} disconnected"),
    };
    for (field, words) in
        [("lastConnected", "last connected"), ("lastFullSync", "last full sync"), ("lastDisconnect", "disconnected at")]
    {
        if let Some(when) = since(field) {
            line.push_str(&format!(", {words} {when}"));
        }
    }
    line
}

fn ago(cx: &Judge, time: &str) -> String {
    match cx.clock.age(time) {
        Some(age) if age >= 0 => format!("{} ago", span(age)),
        Some(age) => span(age),
        None => "not a time".into(),
    }
}

fn stale_message(cx: &Judge, watcher: &str, watched: &str, when: Option<&str>) -> String {
    match when {
        Some(when) => format!(
            "`{watcher}`'s istiod last finished a full sync of `{watched}` at {when} ({}; stale after {})",
            ago(cx, when),
            span(cx.clock.stale_after)
        ),
        None => format!("`{watcher}`'s istiod has never finished a full sync of `{watched}`"),
    }
}

/// The names a help line for one direction needs.
struct Names {
    mesh: String,
    peer: String,
    mesh_ns: String,
    peer_ns: String,
    cluster: String,
    peer_cluster: String,
    /// Our egress gateway for the peer, the peer's ingress gateway for us, and the reverse pair.
    egress: String,
    peer_ingress: String,
    ingress: String,
    peer_egress: String,
    /// Where we dial the peer's ingress (`address:discovery port`).
    dialled: String,
    /// The identities each side accepts discovery from.
    we_accept: String,
    peer_accepts: String,
    peer_trust_domain: String,
}

impl Names {
    fn of(fed: &Federation, mesh_id: MeshId, peer_id: MeshId) -> Names {
        let (mesh, peer) = (fed.mesh(mesh_id), fed.mesh(peer_id));
        let (m, p) = (mesh.name.value.clone(), peer.name.value.clone());
        let peer_cluster = fed.cluster_of(peer_id).name.value.clone();
        let peer_ingress = peer.ingress_gateway(&m).value;
        let endpoint = peer.ingress.endpoint_for(&m, &p, &peer_ingress, &peer_cluster);
        let port = endpoint.ports.map_or(DISCOVERY_PORT, |(_, discovery)| discovery);
        let addresses: Vec<String> = endpoint.addresses.iter().map(|a| format!("{}:{port}", a.value)).collect();
        Names {
            mesh_ns: mesh.namespace.value.clone(),
            peer_ns: peer.namespace.value.clone(),
            cluster: fed.cluster_of(mesh_id).name.value.clone(),
            peer_cluster,
            egress: mesh.egress_gateway(&p).value,
            ingress: mesh.ingress_gateway(&p).value,
            peer_egress: peer.egress_gateway(&m).value,
            peer_ingress,
            dialled: if addresses.is_empty() { "(no address in the topology)".into() } else { addresses.join(", ") },
            we_accept: client_id(fed, mesh_id, peer_id),
            peer_accepts: client_id(fed, peer_id, mesh_id),
            peer_trust_domain: peer.trust_domain.value.clone(),
            mesh: m,
            peer: p,
        }
    }

    fn no_status(&self) -> String {
        format!(
            "is istiod running in `{}` on `{}` (its ServiceMeshControlPlane ready, version v2.1 or later)? It only reads ServiceMeshPeers in its own namespace",
            self.mesh_ns, self.cluster
        )
    }

    /// What to look at for a watch that is down, by the last disconnect status.
    fn disconnected(&self, status: Option<&str>) -> String {
        let status = status.unwrap_or("").to_ascii_lowercase();
        let path = format!(
            "`{}`'s egress gateway `{}` (`{}` on `{}`) dials `{}`'s ingress gateway `{}` (`{}` on `{}`) at {}",
            self.mesh,
            self.egress,
            self.mesh_ns,
            self.cluster,
            self.peer,
            self.peer_ingress,
            self.peer_ns,
            self.peer_cluster,
            self.dialled
        );
        if status.contains("503") || status.contains("unavailable") || status.contains("connection") {
            format!(
                "nothing healthy answered: {path}; check that both gateways run, that this is the ingress Service's external address and that the port is open between the clusters, then read both gateways' access logs"
            )
        } else if ["401", "403", "rbac", "denied", "forbidden"].iter().any(|w| status.contains(w)) {
            format!(
                "`{}` refused the call: its ServiceMeshPeer `{}` must have clientID `{}` and trust `{}`'s root (its ConfigMap `{}-ca-root-cert`); is `{}`'s cluster directory synced?",
                self.peer, self.mesh, self.peer_accepts, self.mesh, self.mesh, self.peer_cluster
            )
        } else if status.contains("404") {
            format!(
                "`{}`'s istiod does not know `{}`: it needs a ServiceMeshPeer named `{}` in `{}` on `{}`",
                self.peer, self.mesh, self.mesh, self.peer_ns, self.peer_cluster
            )
        } else if ["certificate", "x509", "tls", "handshake"].iter().any(|w| status.contains(w)) {
            format!(
                "mTLS with `{}` failed: ConfigMap `{}-ca-root-cert` in `{}` must hold `{}`'s root certificate, whose trust domain is `{}`",
                self.peer, self.peer, self.mesh_ns, self.peer, self.peer_trust_domain
            )
        } else {
            format!(
                "read istiod's log in `{}` on `{}`, then the access logs along the way: {path}",
                self.mesh_ns, self.cluster
            )
        }
    }

    fn not_watching(&self) -> String {
        format!(
            "look at the other direction (`{} → {}`): `{}` dials `{}`'s ingress gateway `{}` through its egress gateway `{}`, and `{}` accepts discovery only from `{}`",
            self.peer, self.mesh, self.peer, self.mesh, self.ingress, self.peer_egress, self.mesh, self.we_accept
        )
    }

    fn stale(&self, watcher: &str) -> String {
        format!(
            "a connected istiod re-reads the peer every {RESYNC_SECONDS} s; a full sync this old means its watch is stuck: read istiod's log (`{watcher}`'s control-plane namespace); restarting istiod reconnects"
        )
    }
}
