//! `fedc status`: after a rollout, whether the federation the topology describes is up, element by
//! element. `expected` lists what the topology says and which generated objects show it (asked of
//! the planner), `read` gets those objects from the clusters (`kubectl get`, or `--from` files)
//! into `snapshot`s, `judge` compares (one file per kind of element: `peering`, `exports`,
//! `imports`, `failover`, `istio`), and `report::status` renders the outcome. Nothing here writes
//! to a cluster. See docs/status.md.

pub(crate) mod clock;
pub(crate) mod expected;
mod expected_istio;
mod exports;
mod failover;
mod fields;
mod imports;
mod istio;
pub(crate) mod judge;
pub(crate) mod kubectl;
mod peering;
pub(crate) mod read;
pub(crate) mod snapshot;

use crate::diagnostic::Diagnostic;
use crate::source::Span;

pub(crate) use expected::Group;

/// How an element stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum State {
    Up,
    /// Up, with something to look at (a warning).
    Degraded,
    /// Not up (an error).
    Down,
    /// Its cluster could not be read.
    Unknown,
    /// Nothing read can tell, or it is not ours; the entry says why.
    NotChecked,
}

impl State {
    pub(crate) fn name(self) -> &'static str {
        match self {
            State::Up => "up",
            State::Degraded => "degraded",
            State::Down => "down",
            State::Unknown => "unknown",
            State::NotChecked => "not checked",
        }
    }
}

/// One element of the topology and how it stands.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) group: Group,
    pub(crate) title: String,
    /// The topology line the element comes from.
    pub(crate) span: Span,
    pub(crate) state: State,
    /// What was read, one fact per line (cluster text: rendered through `inert`).
    pub(crate) observed: Vec<String>,
    /// For `Down` and `Degraded`: the code, what is wrong and what to look at next.
    pub(crate) finding: Option<Diagnostic>,
}

/// A cluster whose status could not be read: the reason for exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) cluster: String,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

/// Everything `fedc status` reports.
#[derive(Debug, Clone)]
pub(crate) struct Status {
    pub(crate) federation: String,
    /// `kubectl (live)` or `files in DIR`.
    pub(crate) source: String,
    /// When the status was judged (RFC 3339), and after how long a full sync is stale.
    pub(crate) now: String,
    pub(crate) stale_after_seconds: i64,
    pub(crate) entries: Vec<Entry>,
    /// Warnings about what was read rather than about an element (a file for an unknown cluster,
    /// an object fedc does not generate).
    pub(crate) notes: Vec<Diagnostic>,
    pub(crate) problems: Vec<Problem>,
    /// Checks that need a live data plane and are not made.
    pub(crate) not_checked: Vec<String>,
}

/// Counts per state, and notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) up: usize,
    pub(crate) degraded: usize,
    pub(crate) down: usize,
    pub(crate) unknown: usize,
    pub(crate) not_checked: usize,
}

impl Status {
    pub(crate) fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for entry in &self.entries {
            match entry.state {
                State::Up => summary.up += 1,
                State::Degraded => summary.degraded += 1,
                State::Down => summary.down += 1,
                State::Unknown => summary.unknown += 1,
                State::NotChecked => summary.not_checked += 1,
            }
        }
        summary
    }

    /// 2 when some status could not be read, 1 when some element is not up (or, with
    /// `deny_warnings`, degraded or noted), else 0.
    pub(crate) fn exit_code(&self, deny_warnings: bool) -> u8 {
        let summary = self.summary();
        if !self.problems.is_empty() {
            2
        } else if summary.down > 0 || (deny_warnings && (summary.degraded > 0 || !self.notes.is_empty())) {
            1
        } else {
            0
        }
    }
}

/// Judges every element of `fed` against what `mode` reads, at `clock`'s time.
pub(crate) fn run(fed: &crate::model::Federation, mode: read::Mode, clock: clock::Clock) -> Status {
    let elements = expected::elements(fed);
    let read = read::read(fed, &elements, mode);
    let judge = judge::Judge::new(fed, &read, clock);
    let mut entries: Vec<Entry> = elements.iter().map(|e| judge.entry(e)).collect();
    entries.sort_by_key(|e| (e.group, e.span.start));
    let mut not_checked = Vec::new();
    if fed.meshes.iter().any(|m| m.istio.is_none()) && !fed.peerings.is_empty() {
        not_checked.push(OSSM2_NEEDS_DATA_PLANE.to_string());
    }
    if fed.meshes.iter().any(|m| m.istio.is_some()) {
        not_checked.extend(expected_istio::NEEDS_DATA_PLANE.iter().map(|s| s.to_string()));
    }
    let mut problems = read.problems.clone();
    problems.sort_by(|a, b| (&a.cluster, a.code).cmp(&(&b.cluster, b.code)));
    Status {
        federation: fed.name.value.clone(),
        source: match mode {
            read::Mode::Live(_) => "the clusters (kubectl)".into(),
            read::Mode::Files { dir, .. } => format!("files in {}", dir.display()),
        },
        now: clock.now_text(),
        stale_after_seconds: clock.stale_after,
        notes: judge::notes(fed, &read, &elements),
        entries,
        problems,
        not_checked,
    }
}

/// What the ServiceMeshPeer status cannot tell about OSSM 2 federation.
const OSSM2_NEEDS_DATA_PLANE: &str = "whether calls to imported services get through (egress gateway → peer ingress gateway on port 15443, then the service): ServiceMeshPeer status shows discovery only; call the service from a workload, and read the gateways' access logs";
