//! Property: for random topologies that pass `fedc check`, the effective exported and imported
//! names fedc computes (`check::effective`) agree with a straightforward re-implementation of
//! the controller's first-match evaluation (maistra-semantics §4–§5), run here on the rules as
//! generated (strings, not fedc's model) over concrete services, including names no rule mentions.
//! The same for failover sources (maistra-semantics §6): the import rule through which the
//! controller really imports the failover's service, first match on both sides.

use std::collections::BTreeSet;

use super::failover::{Resolver, Role};
use super::{Exports, OTHER, export_of, import_of};
use crate::diagnostic::Diagnostic;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Export {
    Name { service: (String, String), alias: Option<(String, String)> },
    Labels { namespace: String, selective: bool, aliases: Vec<((String, String), (String, String))> },
}

#[derive(Debug, Clone)]
struct Import {
    service: (String, String),
    alias: Option<(String, String)>,
    as_local: bool,
}

fn side(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(pool).prop_map(String::from)
}

fn pattern() -> impl Strategy<Value = (String, String)> {
    (side(&["a", "b", "*"]), side(&["x", "y", "*"]))
}

fn alias() -> impl Strategy<Value = (String, String)> {
    (side(&["a", "c", "*"]), side(&["x", "z", "*"]))
}

fn export() -> impl Strategy<Value = Export> {
    prop_oneof![
        3 => (pattern(), proptest::option::of(alias())).prop_map(|(service, alias)| Export::Name { service, alias }),
        1 => (side(&["a", "b", "*"]), any::<bool>(), proptest::collection::vec((pattern(), alias()), 0..3))
            .prop_map(|(namespace, selective, aliases)| Export::Labels { namespace, selective, aliases }),
    ]
}

fn import() -> impl Strategy<Value = Import> {
    (pattern(), proptest::option::of(alias()), any::<bool>()).prop_map(|(service, alias, as_local)| Import {
        service,
        alias,
        as_local,
    })
}

/// The service blue fails over to red's region: a concrete name, mentioned by rules or not.
fn failover() -> impl Strategy<Value = Option<(String, String)>> {
    proptest::option::of((side(&["a", "b", "c"]), side(&["x", "y", "z"])))
}

const BASE: &str = r#"[federation]
name = "demo"

[[clusters]]
name = "east"
platform = "aws"
locality = { region = "us-east-1" }

[[clusters]]
name = "west"
platform = "gcp"
locality = { region = "us-west1" }

[[meshes]]
name = "red"
cluster = "east"
root_cert = "root.pem"
ingress = { address = "{gateway}.red.example.com" }

[[meshes]]
name = "blue"
cluster = "west"
root_cert = "root.pem"
ingress = { address = "{gateway}.blue.example.com" }

[[peerings]]
meshes = ["red", "blue"]
"#;

fn slash((namespace, name): &(String, String)) -> String {
    format!("{namespace}/{name}")
}

fn topology(exports: &[Export], imports: &[Import], failover: Option<&(String, String)>) -> String {
    let mut text = format!("{BASE}\n[[exports]]\nmesh = \"red\"\n");
    for rule in exports {
        text.push_str("  [[exports.rules]]\n");
        match rule {
            Export::Name { service, alias } => {
                text.push_str(&format!("  service = \"{}\"\n", slash(service)));
                if let Some(alias) = alias {
                    text.push_str(&format!("  alias = \"{}\"\n", slash(alias)));
                }
            }
            Export::Labels { namespace, selective, aliases } => {
                let labels = if *selective { "{ tier = \"backend\" }" } else { "{}" };
                text.push_str(&format!("  namespace = \"{namespace}\"\n  labels = {labels}\n"));
                let list: Vec<String> = aliases
                    .iter()
                    .map(|(s, a)| format!("{{ service = \"{}\", alias = \"{}\" }}", slash(s), slash(a)))
                    .collect();
                text.push_str(&format!("  aliases = [{}]\n", list.join(", ")));
            }
        }
    }
    text.push_str("\n[[imports]]\nmesh = \"blue\"\nfrom = \"red\"\n");
    for rule in imports {
        text.push_str(&format!("  [[imports.rules]]\n  service = \"{}\"\n", slash(&rule.service)));
        if let Some(alias) = &rule.alias {
            text.push_str(&format!("  alias = \"{}\"\n", slash(alias)));
        }
        if rule.as_local {
            text.push_str("  as_local = true\n");
        }
    }
    if let Some(service) = failover {
        text.push_str(&format!(
            "\n[[failover]]\nmesh = \"blue\"\nservice = \"{}\"\nto = \"us-east-1\"\n",
            slash(service)
        ));
    }
    text
}

fn matches(pattern: &str, value: &str) -> bool {
    pattern == "*" || pattern == value
}

fn renamed(alias: &(String, String), source: &(String, String)) -> (String, String) {
    let pick = |a: &str, original: &str| if a == "*" { original.to_string() } else { a.to_string() };
    (pick(&alias.0, &source.0), pick(&alias.1, &source.1))
}

type Outcome = ((String, String), (String, String), usize, Option<usize>, bool);

/// The controller's export evaluation (`common/exports.go`): rules in order, first match wins; a
/// label rule with a selector may not match (fedc cannot see labels), so later rules stay possible.
fn expected_exports(rules: &[Export], source: &(String, String)) -> Vec<Outcome> {
    let mut out = Vec::new();
    let mut certain = true;
    for (index, rule) in rules.iter().enumerate() {
        match rule {
            Export::Name { service, alias } => {
                if matches(&service.0, &source.0) && matches(&service.1, &source.1) {
                    let name = alias.as_ref().map_or_else(|| source.clone(), |a| renamed(a, source));
                    out.push((source.clone(), name, index, None, certain));
                    return out;
                }
            }
            Export::Labels { namespace, selective, aliases } => {
                if !matches(namespace, &source.0) {
                    continue;
                }
                let hit = aliases.iter().position(|(s, _)| matches(&s.0, &source.0) && matches(&s.1, &source.1));
                let name = hit.map_or_else(|| source.clone(), |i| renamed(&aliases[i].1, source));
                out.push((source.clone(), name, index, hit, certain && !selective));
                if !selective {
                    return out;
                }
                certain = false;
            }
        }
    }
    out
}

fn expected_import(rules: &[Import], exported: &(String, String)) -> Option<(usize, (String, String))> {
    let index = rules.iter().position(|r| matches(&r.service.0, &exported.0) && matches(&r.service.1, &exported.1))?;
    let name = rules[index].alias.as_ref().map_or_else(|| exported.clone(), |a| renamed(a, exported));
    Some((index, name))
}

fn check(exports: &[Export], imports: &[Import], failover: Option<&(String, String)>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(crate::testing::repo("tests/ui/certs/root.pem"), dir.path().join("root.pem")).expect("cert");
    let path = dir.path().join("topology.toml");
    std::fs::write(&path, topology(exports, imports, failover)).expect("topology");
    let loaded = crate::load::load(&path).expect("loads");
    let (fed, findings) = crate::check::findings(&loaded);
    if let (Some(service), Some(resolved)) = (failover, fed.failovers.first()) {
        // Sources are what build and explain use, and the checker's findings are about them: they
        // are compared on every topology, passing `check` or not.
        let got = Resolver::new(&fed).roles(resolved).into_iter().find_map(|r| match r.role {
            Role::Source { rule, certain } => Some((rule, certain)),
            Role::Missed { .. } => None,
        });
        prop_assert_eq!(got, expected_source(exports, imports, service), "failover source of {:?}", service);
        let sources = Resolver::new(&fed).sources(resolved);
        prop_assert_eq!(sources.iter().map(|s| s.rule).next(), got.map(|(rule, _)| rule));
    }
    if findings.iter().any(Diagnostic::is_error) {
        return Ok(()); // only topologies that pass check are compared
    }
    let (red, blue) = (fed.mesh_named("red").expect("red"), fed.mesh_named("blue").expect("blue"));
    let rules: Vec<_> = fed.export_rules(red, blue).collect();
    let import_rules = &fed.imports[0].rules;
    let universe = universe();
    let mut expected = BTreeSet::new();
    for service in &universe {
        let want = expected_exports(exports, service);
        let got: Vec<Outcome> = export_of(&rules, &service.0, &service.1)
            .into_iter()
            .map(|o| (o.source, o.name, o.rule, o.alias, o.resolved))
            .collect();
        prop_assert_eq!(&got, &want, "export of {:?}", service);
        for outcome in want {
            let imported = import_of(import_rules, &outcome.1.0, &outcome.1.1);
            prop_assert_eq!(imported, expected_import(imports, &outcome.1), "import of {:?}", outcome.1);
            expected.insert(outcome);
        }
    }
    // The witness evaluation fedc uses for the whole pair is the same set, with every name no rule
    // mentions standing for itself as OTHER.
    let mut mentioned = mentioned(exports, imports);
    // The failover's service is a witness name too (`check::effective` adds it).
    if let Some((namespace, name)) = failover {
        mentioned.extend([namespace.clone(), name.clone()]);
    }
    let other = |(ns, n): &(String, String)| {
        let map = |s: &String| if mentioned.contains(s) { s.clone() } else { OTHER.to_string() };
        (map(ns), map(n))
    };
    let expected: BTreeSet<Outcome> =
        expected.iter().map(|(s, n, r, a, ok)| (other(s), other(n), *r, *a, *ok)).collect();
    let exports_of = Exports::of(&fed, red, blue).expect("small enough");
    let got: BTreeSet<Outcome> =
        exports_of.outcomes.into_iter().map(|o| (o.source, o.name, o.rule, o.alias, o.resolved)).collect();
    prop_assert_eq!(got, expected);
    Ok(())
}

/// The first import rule through which some concrete service of red arrives in blue as `service`,
/// and whether it does for certain: a label rule with a selector exports only if the Service's
/// labels match, unless the name is one of its aliases (written down, so meant: fedc's policy).
fn expected_source(exports: &[Export], imports: &[Import], service: &(String, String)) -> Option<(usize, bool)> {
    let mut best: Option<(usize, bool)> = None;
    for source in universe() {
        for (_, name, _, alias, certain) in expected_exports(exports, &source) {
            let Some((rule, imported)) = expected_import(imports, &name) else { continue };
            if &imported != service {
                continue;
            }
            let certain = certain || alias.is_some();
            best = match best {
                Some((first, was)) if first < rule => Some((first, was)),
                Some((first, was)) if first == rule => Some((first, was || certain)),
                _ => Some((rule, certain)),
            };
        }
    }
    best
}

/// Concrete services: every pool name, plus `q`/`w` that no rule mentions.
fn universe() -> Vec<(String, String)> {
    ["a", "b", "c", "q"]
        .iter()
        .flat_map(|ns| ["x", "y", "z", "w"].iter().map(move |n| (ns.to_string(), n.to_string())))
        .collect()
}

fn mentioned(exports: &[Export], imports: &[Import]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |(a, b): &(String, String)| {
        names.insert(a.clone());
        names.insert(b.clone());
    };
    for rule in exports {
        match rule {
            Export::Name { service, alias } => {
                add(service);
                alias.iter().for_each(&mut add);
            }
            Export::Labels { namespace, aliases, .. } => {
                add(&(namespace.clone(), "*".to_string()));
                for (s, a) in aliases {
                    add(s);
                    add(a);
                }
            }
        }
    }
    for rule in imports {
        add(&rule.service);
        rule.alias.iter().for_each(&mut add);
    }
    names.remove("*");
    names
}

/// Random topologies per run: `FEDC_EFFECTIVE_CASES` (CI raises it; a few seconds by default).
fn cases() -> u32 {
    std::env::var("FEDC_EFFECTIVE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn effective_names_follow_first_match(
        exports in proptest::collection::vec(export(), 1..5),
        imports in proptest::collection::vec(import(), 1..4),
        failover in failover(),
    ) {
        check(&exports, &imports, failover.as_ref())?;
    }
}
