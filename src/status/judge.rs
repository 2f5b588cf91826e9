//! Compares each element's expected objects with what was read: first whether its cluster was
//! read and its objects exist, then what their status says (`peering`, `exports`, `imports`,
//! `failover`, `istio`). Also notes what was read that the topology does not explain.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::clock::Clock;
use super::expected::{Element, Placed, What};
use super::read::Snapshots;
use super::snapshot::{Key, Snapshot};
use super::{Entry, State};
use crate::check::hostnames::RuleHost;
use crate::diagnostic::{Code, Diagnostic, codes};
use crate::model::Federation;
use crate::plan::istio::eastwest;
use crate::source::Span;

/// What a judge needs: the federation, what was read, and the time.
pub(crate) struct Judge<'a> {
    pub(crate) fed: &'a Federation,
    pub(crate) read: &'a Snapshots,
    pub(crate) clock: Clock,
    /// Per (import block, rule): the local `namespace/name` of the failovers that go through it
    /// (`check::effective::failover`), which the planner imports as local.
    pub(crate) failing_over: BTreeMap<(usize, usize), BTreeSet<(String, String)>>,
    /// Per import block, the hostnames its rules give (`check::hostnames::of_block`), computed on
    /// first use: every rule of a block is judged against the same evaluation.
    import_hosts: RefCell<BTreeMap<usize, Rc<Vec<RuleHost>>>>,
}

/// What a judge found: the state, the facts read, and for `Down`/`Degraded` the finding, with
/// other places of the topology it involves.
pub(crate) struct Verdict {
    pub(crate) state: State,
    pub(crate) observed: Vec<String>,
    pub(crate) finding: Option<(Code, String, String)>,
    pub(crate) also: Vec<(Span, String)>,
}

impl Verdict {
    pub(crate) fn up(observed: Vec<String>) -> Verdict {
        Verdict { state: State::Up, observed, finding: None, also: Vec::new() }
    }

    pub(crate) fn down(observed: Vec<String>, code: Code, message: String, help: String) -> Verdict {
        Verdict { state: State::Down, observed, finding: Some((code, message, help)), also: Vec::new() }
    }

    pub(crate) fn degraded(observed: Vec<String>, code: Code, message: String, help: String) -> Verdict {
        Verdict { state: State::Degraded, observed, finding: Some((code, message, help)), also: Vec::new() }
    }

    pub(crate) fn not_checked(observed: Vec<String>) -> Verdict {
        Verdict { state: State::NotChecked, observed, finding: None, also: Vec::new() }
    }

    /// Points the finding at another place of the topology too.
    pub(crate) fn also(mut self, span: Span, text: String) -> Verdict {
        self.also.push((span, text));
        self
    }
}

impl<'a> Judge<'a> {
    pub(crate) fn new(fed: &'a Federation, read: &'a Snapshots, clock: Clock) -> Judge<'a> {
        let mut resolver = crate::check::effective::failover::Resolver::new(fed);
        let mut failing_over: BTreeMap<(usize, usize), BTreeSet<(String, String)>> = BTreeMap::new();
        for failover in &fed.failovers {
            let local = (failover.service.namespace.clone(), failover.service.name.clone());
            for source in resolver.sources(failover) {
                failing_over.entry((source.block, source.rule)).or_default().insert(local.clone());
            }
        }
        Judge { fed, read, clock, failing_over, import_hosts: RefCell::default() }
    }

    /// The hostnames the rules of import block `index` give.
    pub(crate) fn import_hosts(&self, index: usize) -> Rc<Vec<RuleHost>> {
        let mut cache = self.import_hosts.borrow_mut();
        let hosts = cache.entry(index).or_insert_with(|| {
            let block = &self.fed.imports[index];
            Rc::new(crate::check::hostnames::of_block(self.fed, index, block, &BTreeSet::new()).0)
        });
        Rc::clone(hosts)
    }

    /// The snapshot of `cluster`, when it was read.
    pub(crate) fn cluster(&self, cluster: &str) -> Option<&'a Snapshot> {
        self.read.clusters.get(cluster)
    }

    /// The object `placed`, when its cluster was read and holds it.
    pub(crate) fn object(&self, placed: &Placed) -> Option<&'a serde_json::Value> {
        self.cluster(&placed.cluster)?.get(&placed.key)
    }

    pub(crate) fn entry(&self, element: &Element) -> Entry {
        let verdict = self.verdict(element);
        let finding = verdict.finding.map(|(code, message, help)| {
            // The code's severity is the state's: `down` codes are errors, `degraded` ones warnings.
            let diagnostic = Diagnostic::new(code, message);
            let labelled = diagnostic.label(element.span.clone(), element.title.clone());
            verdict.also.into_iter().fold(labelled, |d, (span, text)| d.label(span, text)).help(help)
        });
        Entry {
            group: element.group,
            title: element.title.clone(),
            span: element.span.clone(),
            state: verdict.state,
            observed: verdict.observed,
            finding,
        }
    }

    fn verdict(&self, element: &Element) -> Verdict {
        if let What::NotChecked(why) = &element.what {
            return Verdict::not_checked(vec![why.clone()]);
        }
        let unread: BTreeSet<&str> =
            element.objects.iter().map(|p| p.cluster.as_str()).filter(|c| self.cluster(c).is_none()).collect();
        if !unread.is_empty() {
            let clusters = unread.into_iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let observed = vec![format!("cluster {clusters} could not be read")];
            return Verdict { state: State::Unknown, observed, finding: None, also: Vec::new() };
        }
        let (missing, uncollected) = self.presence(&element.objects);
        if !missing.is_empty() {
            return missing_verdict(self.fed, &missing, &uncollected);
        }
        let mut verdict = match &element.what {
            What::Peer { mesh, peer } => super::peering::judge(self, *mesh, *peer, &element.objects),
            What::Export { mesh, peer, rule } => super::exports::judge(self, *mesh, *peer, *rule, &element.objects),
            What::Import { block, rule } => super::imports::judge(self, *block, *rule, &element.objects),
            What::Failover { index } => super::failover::judge(self, *index, &element.objects, &uncollected),
            What::Network { network } => super::istio::network(self, network, &element.objects, &uncollected),
            What::EastWest { network, address } => {
                super::istio::east_west(self, network, address.as_deref(), &element.objects, &uncollected)
            }
            What::Present => present(&element.objects, &uncollected),
            What::NotChecked(_) => Verdict::not_checked(Vec::new()),
        };
        verdict.observed.extend(uncollected.iter().map(|p| not_collected(p)));
        verdict
    }

    /// The objects that are missing, and those whose kind was not read at all.
    fn presence<'e>(&self, objects: &'e [Placed]) -> (Vec<&'e Placed>, Vec<&'e Placed>) {
        let (mut missing, mut uncollected) = (Vec::new(), Vec::new());
        for placed in objects {
            let Some(snapshot) = self.cluster(&placed.cluster) else { continue };
            if !snapshot.has_kind(&placed.key) {
                uncollected.push(placed);
            } else if snapshot.get(&placed.key).is_none() {
                missing.push(placed);
            }
        }
        (missing, uncollected)
    }
}

pub(crate) fn not_collected(placed: &Placed) -> String {
    format!(
        "not checked: no {} was read from `{}` (see docs/status.md for what to collect)",
        placed.key.kind, placed.cluster
    )
}

/// Presence is all there is to check.
fn present(objects: &[Placed], uncollected: &[&Placed]) -> Verdict {
    let checked = objects.len() - uncollected.len();
    if checked == 0 {
        return Verdict::not_checked(Vec::new());
    }
    let shown: Vec<String> = objects.iter().filter(|p| !uncollected.contains(p)).take(4).map(on).collect();
    let more = if checked > shown.len() { format!(" and {} more", checked - shown.len()) } else { String::new() };
    Verdict::up(vec![format!("present: {}{more}", shown.join(", "))])
}

/// `ServiceMeshPeer red-system/green on east`.
pub(crate) fn on(placed: &Placed) -> String {
    format!("{} on `{}`", placed.key.label(), placed.cluster)
}

fn missing_verdict(fed: &Federation, missing: &[&Placed], uncollected: &[&Placed]) -> Verdict {
    let mut observed: Vec<String> = missing.iter().map(|p| format!("missing: {}", on(p))).collect();
    observed.extend(uncollected.iter().map(|p| not_collected(p)));
    let first = missing[0];
    let message = match missing.len() {
        1 => format!("{} is not in the cluster", on(first)),
        n => format!("{} and {} more objects fedc generates are not in the cluster", on(first), n - 1),
    };
    Verdict::down(observed, codes::status::OBJECT_MISSING, message, missing_help(fed, first))
}

/// How a missing object gets there: synced from the cluster directory, installed by the
/// operator steps, or (remote secrets) applied by hand.
fn missing_help(fed: &Federation, placed: &Placed) -> String {
    let cluster = &placed.cluster;
    let steps = format!("installer/{cluster}/operator-steps.md");
    match (placed.key.group.as_str(), placed.key.kind.as_str(), placed.key.name.as_str()) {
        ("", "Secret", name) => format!(
            "istiod on `{cluster}` reads remote secrets labelled `istio/multiCluster: \"true\"`: apply `{name}` as {steps} says (`istioctl create-remote-secret`), or check that its ExternalSecret `{name}` synced and External Secrets Operator could fetch it"
        ),
        ("", "Service", eastwest::NAME) if is_installer_cluster(fed, cluster) => format!(
            "the `istio` east-west gateway is installed by hand: `istioctl install -f installer/{cluster}/eastwest-gateway.yaml` ({steps})"
        ),
        _ => format!(
            "fedc writes it to clusters/{cluster}/: is that directory committed and synced (its Argo CD Application or Flux Kustomization), and did the sync succeed?"
        ),
    }
}

/// Whether a cluster runs an `istio` (installer, not synced) mesh.
fn is_installer_cluster(fed: &Federation, cluster: &str) -> bool {
    fed.meshes.iter().any(|m| {
        m.target.value == crate::model::MeshTarget::Istio
            && m.istio.iter().flat_map(|i| &i.members).any(|member| fed.cluster(member.cluster).name.value == cluster)
    })
}

/// Warnings about what was read: `--from` files for clusters the topology does not have, and
/// federation objects in our OSSM 2 control-plane namespaces that fedc does not generate.
pub(crate) fn notes(fed: &Federation, read: &Snapshots, elements: &[Element]) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let names = fed.clusters.iter().map(|c| c.name.value.as_str());
    for stranger in &read.strangers {
        notes.push(
            Diagnostic::new(
                codes::status::UNKNOWN_CLUSTER,
                format!("--from holds `{stranger}.yaml`, but the topology has no cluster `{stranger}`"),
            )
            .help(crate::suggest::unknown_help("cluster", stranger, names.clone())),
        );
    }
    let generated: BTreeSet<&Placed> = elements.iter().flat_map(|e| &e.objects).collect();
    for id in fed.mesh_ids().filter(|id| fed.mesh(*id).istio.is_none() && !fed.is_partner(*id)) {
        let (mesh, cluster) = (fed.mesh(id), &fed.cluster_of(id).name.value);
        let Some(snapshot) = read.clusters.get(cluster) else { continue };
        for key in snapshot
            .objects
            .keys()
            .filter(|k| k.group == "federation.maistra.io" && k.namespace == mesh.namespace.value)
        {
            let placed = Placed { cluster: cluster.clone(), key: key.clone() };
            if !generated.contains(&placed) {
                notes.push(unexpected(&placed, mesh.name.span.clone()));
            }
        }
    }
    notes
}

fn unexpected(placed: &Placed, span: Span) -> Diagnostic {
    let Key { kind, name, .. } = &placed.key;
    Diagnostic::new(
        codes::status::UNEXPECTED_OBJECT,
        format!("{} is not generated by fedc: the controller acts on it all the same", on(placed)),
    )
    .label(span, "the mesh whose namespace holds it")
    .help(format!("a {kind} named `{name}` for a peer the topology does not have: left over from a removed peering (pruning off?) or applied by hand; delete it, or describe the peer in the topology"))
}
