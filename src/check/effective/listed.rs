//! Which services an `istio`/`ossm3` mesh imports, one by one, under which hostname, backed by
//! which Service of the exporter. OpenShift Service Mesh 2 matched export and import rules at run
//! time; the OSSM 3 recipe needs one ServiceEntry per service, so fedc lists them here from the
//! topology (reference B5, B8). Hostnames follow the OSSM 2 naming rules exactly, so clients keep
//! the names they use today.

use crate::check::effective::import_of;
use crate::model::{ExportRule, Federation, ImportBlock, ImportRule, MeshId, Pattern, ServiceAlias, ServicePattern};

/// The placeholder `service_account` may contain: the exporter's Service name.
pub(crate) const SERVICE_NAME: &str = "{name}";

/// A concrete `namespace/name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Name {
    pub(crate) namespace: String,
    pub(crate) name: String,
}

impl Name {
    fn of(pattern: &ServicePattern) -> Option<Name> {
        Some(Name { namespace: pattern.namespace.exact()?.to_string(), name: pattern.name.exact()?.to_string() })
    }

    /// `<name>.<namespace>.svc.cluster.local`: the Kubernetes Service's own hostname.
    pub(crate) fn cluster_local(&self) -> String {
        format!("{}.{}.svc.cluster.local", self.name, self.namespace)
    }
}

/// One service one mesh imports from another.
#[derive(Debug, Clone)]
pub(crate) struct Imported {
    pub(crate) importer: MeshId,
    pub(crate) exporter: MeshId,
    /// Index into `Federation::imports` and of the rule in that block.
    pub(crate) block: usize,
    pub(crate) rule: usize,
    /// The importer's local `namespace/name` (after its alias).
    pub(crate) local: Name,
    /// What the importer's clients call.
    pub(crate) hostname: String,
    /// The exporter's Service behind the exported name (after undoing its export alias).
    pub(crate) backing: Name,
    pub(crate) ports: Vec<(String, i64)>,
    /// The service account of the backing Service's workloads (`service_account`, `{name}` filled
    /// in), when the rule gives it.
    pub(crate) service_account: Option<String>,
}

impl Imported {
    /// The SPIFFE ID the exporter's workloads present (the exporter's trust domain, the backing
    /// Service's namespace, its service account), when the service account is known.
    pub(crate) fn identity(&self, federation: &Federation) -> Option<String> {
        let trust_domain = &federation.mesh(self.exporter).trust_domain.value;
        let account = self.service_account.as_ref()?;
        Some(format!("spiffe://{trust_domain}/ns/{}/sa/{account}", self.backing.namespace))
    }
}

/// An import rule whose services fedc cannot list: a wildcard that matches names the exporter
/// selects by label or by wildcard.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unlisted {
    pub(crate) block: usize,
    pub(crate) rule: usize,
}

/// Every service imported between two `istio`/`ossm3` meshes, and the rules that cannot be listed.
pub(crate) fn imported(federation: &Federation) -> (Vec<Imported>, Vec<Unlisted>) {
    let istio = |id: MeshId| federation.mesh(id).istio.is_some();
    listed_where(federation, |block| istio(block.mesh.id) && istio(block.from.id))
}

/// The same list for every import whatever its target: the hostnames OSSM 2 clients use, for the
/// migration plan of `fedc diff --target`.
pub(crate) fn imported_by_any_target(federation: &Federation) -> Vec<Imported> {
    listed_where(federation, |_| true).0
}

fn listed_where(federation: &Federation, wanted: impl Fn(&ImportBlock) -> bool) -> (Vec<Imported>, Vec<Unlisted>) {
    let mut found = Vec::new();
    let mut unlisted = Vec::new();
    for (b, block) in federation.imports.iter().enumerate() {
        if !wanted(block) {
            continue;
        }
        for (r, rule) in block.rules.iter().enumerate() {
            match exported_names(federation, block, rule) {
                Some(names) => {
                    // First match wins (maistra-semantics §5): a name an earlier rule matches is
                    // imported by that rule, not again by this one.
                    let reached = |n: &Name| rule.label_selector.is_some() || first_rule(block, n) == Some(r);
                    let names = names.into_iter().filter(reached);
                    found.extend(names.map(|exported| listed(federation, block, (b, r), exported)))
                }
                None => unlisted.push(Unlisted { block: b, rule: r }),
            }
        }
    }
    (found, unlisted)
}

/// The import rule of `block` that matches the exported `name` first.
fn first_rule(block: &ImportBlock, name: &Name) -> Option<usize> {
    import_of(&block.rules, &name.namespace, &name.name).map(|(rule, _)| rule)
}

fn listed(federation: &Federation, block: &ImportBlock, (b, r): (usize, usize), exported: Name) -> Imported {
    let rule = &block.rules[r];
    let local = match &rule.alias {
        Some(alias) => aliased(alias, &exported),
        None => exported.clone(),
    };
    let hostname = if rule.is_local() {
        local.cluster_local()
    } else {
        let suffix = rule.domain_suffix.as_ref().or(block.domain_suffix.as_ref()).map(|s| s.value.clone());
        let suffix =
            suffix.unwrap_or_else(|| format!("svc.{}-imports.local", federation.mesh(block.from.id).name.value));
        format!("{}.{}.{suffix}", local.name, local.namespace)
    };
    let backing = backing(federation, block.from.id, block.mesh.id, &exported).unwrap_or_else(|| exported.clone());
    let service_account = rule.service_account.as_ref().map(|a| a.value.replace(SERVICE_NAME, &backing.name));
    Imported {
        importer: block.mesh.id,
        exporter: block.from.id,
        block: b,
        rule: r,
        local,
        hostname,
        backing,
        ports: rule.ports.iter().map(|(name, number)| (name.value.clone(), number.value)).collect(),
        service_account,
    }
}

fn aliased(alias: &ServiceAlias, name: &Name) -> Name {
    let pick = |side: &Pattern, original: &str| side.exact().unwrap_or(original).to_string();
    Name { namespace: pick(&alias.namespace, &name.namespace), name: pick(&alias.name, &name.name) }
}

/// The exported names `rule` imports: itself when exact, else the exporter's exact names it
/// matches; `None` when the exporter may advertise names fedc cannot see that the rule matches.
fn exported_names(federation: &Federation, block: &ImportBlock, rule: &ImportRule) -> Option<Vec<Name>> {
    if let Some(name) = Name::of(&rule.service) {
        return Some(vec![name]);
    }
    let mut names = Vec::new();
    for export in federation.exports.iter().filter(|e| e.mesh.id == block.from.id && e.applies_to(block.mesh.id)) {
        for advertised in export.rules.iter().flat_map(ExportRule::exported_names) {
            if !advertised.name.overlaps(&rule.service) {
                continue;
            }
            match Name::of(&advertised.name).filter(|_| advertised.resolved) {
                Some(name) if !names.contains(&name) => names.push(name),
                Some(_) => {}
                None => return None,
            }
        }
    }
    names.sort();
    Some(names)
}

/// The exporter's Service advertised to `importer` as `exported`: the first export rule that
/// advertises it, with its alias undone.
pub(crate) fn backing(federation: &Federation, exporter: MeshId, importer: MeshId, exported: &Name) -> Option<Name> {
    let blocks = federation.exports.iter().filter(|e| e.mesh.id == exporter && e.applies_to(importer));
    for rule in blocks.flat_map(|e| e.rules.iter()) {
        let pairs: Vec<(&ServicePattern, Option<&ServiceAlias>)> = match rule {
            ExportRule::Name { service, alias, .. } => vec![(service, alias.as_ref())],
            ExportRule::Labels(labels) => labels.aliases.iter().map(|a| (&a.service, Some(&a.alias))).collect(),
        };
        for (service, alias) in pairs {
            let advertised = alias.map_or_else(|| service.clone(), |a| a.apply(service));
            if advertised.matches(&exported.namespace, &exported.name) {
                return original(service, alias, exported);
            }
        }
        if let ExportRule::Labels(labels) = rule
            && labels.namespace.value.overlaps(&Pattern::Exact(exported.namespace.clone()))
        {
            return Some(exported.clone());
        }
    }
    None
}

/// Undoes an export alias: where the alias fixed a side, the selector's side; else the name's.
fn original(service: &ServicePattern, alias: Option<&ServiceAlias>, exported: &Name) -> Option<Name> {
    let side = |alias: Option<&Pattern>, selector: &Pattern, advertised: &str| match alias {
        Some(Pattern::Exact(_)) => selector.exact().map(str::to_string),
        _ => Some(advertised.to_string()),
    };
    Some(Name {
        namespace: side(alias.map(|a| &a.namespace), &service.namespace, &exported.namespace)?,
        name: side(alias.map(|a| &a.name), &service.name, &exported.name)?,
    })
}
