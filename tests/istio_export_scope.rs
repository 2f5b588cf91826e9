//! Issue 19: export scope between Istio meshes, run through the fedc binary on
//! `tests/fixtures/istio-export-scope.toml` (red exports `shop/*` to green, `shop/cart` to blue,
//! ratings to everyone; blue exports ratings and label-selected `inventory` Services to green).
//! The exporter admits callers by trust domain, the importer pins the exporter's SPIFFE ID, and a
//! failover region served by two peers merges both into the local Service.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

fn objects(args: &[&str]) -> BTreeMap<String, Value> {
    let topology = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/istio-export-scope.toml");
    crate::support::built(&topology, args)
        .into_iter()
        .filter(|(path, _)| path.starts_with("clusters/") && !path.ends_with("kustomization.yaml"))
        .map(|(path, text)| (path, serde_yaml_ng::from_str(&text).expect("yaml")))
        .collect()
}

fn of_kind<'a>(objects: &'a BTreeMap<String, Value>, kind: &'a str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    objects.iter().filter(move |(_, o)| o["kind"] == kind)
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

#[test]
fn exporters_admit_their_own_and_the_chosen_peers_trust_domains() {
    let objects = objects(&[]);
    let policies: BTreeSet<(String, String, Vec<String>)> = of_kind(&objects, "AuthorizationPolicy")
        .map(|(path, p)| {
            assert_eq!(p["apiVersion"], "security.istio.io/v1", "{path}");
            assert_eq!(p["spec"]["action"], "ALLOW", "{path}");
            let rules = p["spec"]["rules"].as_array().expect("rules");
            assert_eq!(rules.len(), 1, "{path}: one rule, one source");
            let app = p["spec"]["selector"]["matchLabels"]["app"].as_str().unwrap_or("<namespace>").to_string();
            (path.clone(), app, strings(&rules[0]["from"][0]["source"]["principals"]))
        })
        .collect();
    let expected: BTreeSet<(String, String, Vec<String>)> = [
        // The whole namespace to green; cart also to blue (ALLOW policies add up).
        (
            "clusters/east-a/shop/authorizationpolicy-export-scope.yaml",
            "<namespace>",
            vec!["green.local/*", "red.local/*"],
        ),
        (
            "clusters/east-a/shop/authorizationpolicy-export-scope-cart.yaml",
            "cart",
            vec!["blue.local/*", "green.local/*", "red.local/*"],
        ),
        // Blue's ratings and its label-exported stock, to green only; red's ratings goes to everyone.
        (
            "clusters/east-b/bookinfo/authorizationpolicy-export-scope-ratings.yaml",
            "ratings",
            vec!["blue.local/*", "green.local/*"],
        ),
        (
            "clusters/east-b/inventory/authorizationpolicy-export-scope-stock.yaml",
            "stock",
            vec!["blue.local/*", "green.local/*"],
        ),
    ]
    .into_iter()
    .map(|(p, a, ps)| (p.to_string(), a.to_string(), ps.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(policies, expected);
}

#[test]
fn every_importer_is_admitted_where_it_imports_from() {
    let objects = objects(&[]);
    let cluster_of = BTreeMap::from([("red.local", "east-a"), ("blue.local", "east-b"), ("green.local", "west")]);
    for (path, entry) in of_kind(&objects, "ServiceEntry").filter(|(_, e)| e["spec"]["exportTo"].is_array()) {
        let sans = strings(&entry["spec"]["subjectAltNames"]);
        let identity = sans.first().and_then(|s| s.strip_prefix("spiffe://")).expect("a pinned SPIFFE ID");
        let parts: Vec<&str> = identity.split('/').collect();
        assert_eq!((parts.len(), parts[1], parts[3]), (5, "ns", "sa"), "{path}: {identity}");
        let (exporter, namespace) = (cluster_of[parts[0]], parts[2]);
        let service = strings(&entry["spec"]["hosts"])[0].split('.').next().expect("name").to_string();
        let importer =
            cluster_of.iter().find(|(_, c)| path.starts_with(&format!("clusters/{c}/"))).expect("importer").0;
        // The policies on the exporter's workload: its namespace's and its own. They add up;
        // none at all is no restriction.
        let applying: Vec<Vec<String>> = of_kind(&objects, "AuthorizationPolicy")
            .filter(|(p, _)| p.starts_with(&format!("clusters/{exporter}/{namespace}/")))
            .filter(|(_, p)| p["spec"]["selector"].is_null() || p["spec"]["selector"]["matchLabels"]["app"] == service)
            .map(|(_, p)| strings(&p["spec"]["rules"][0]["from"][0]["source"]["principals"]))
            .collect();
        let admitted = applying.is_empty() || applying.iter().any(|ps| ps.contains(&format!("{importer}/*")));
        assert!(admitted, "{path}: {importer} may call {identity}");
    }
}

#[test]
fn imports_pin_the_exporters_identity_and_merged_imports_carry_it() {
    let objects = objects(&[]);
    let pinned: BTreeMap<String, Vec<String>> = of_kind(&objects, "ServiceEntry")
        .filter(|(_, e)| e["spec"]["exportTo"].is_array())
        .map(|(path, e)| (path.clone(), strings(&e["spec"]["subjectAltNames"])))
        .collect();
    let expect = |path: &str, id: &str| (path.to_string(), vec![id.to_string()]);
    let expected: BTreeMap<String, Vec<String>> = [
        expect(
            "clusters/east-b/istio-system/serviceentry-cart-shop-svc-red-imports-local-red.yaml",
            "spiffe://red.local/ns/shop/sa/shop-cart",
        ),
        expect(
            "clusters/west/istio-system/serviceentry-cart-shop-svc-red-imports-local-red.yaml",
            "spiffe://red.local/ns/shop/sa/shop-cart",
        ),
        expect(
            "clusters/west/istio-system/serviceentry-orders-shop-svc-red-imports-local-red.yaml",
            "spiffe://red.local/ns/shop/sa/shop-orders",
        ),
        expect(
            "clusters/west/istio-system/serviceentry-stock-inventory-svc-blue-imports-local-blue.yaml",
            "spiffe://blue.local/ns/inventory/sa/stock",
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(pinned, expected);
    // The failover's two sources join green's own ratings Service, each with its locality and
    // its exporter's service account (named in green's trust domain, widened by its aliases).
    let joined: BTreeSet<(String, String, String)> = of_kind(&objects, "WorkloadEntry")
        .filter(|(p, _)| p.starts_with("clusters/west/bookinfo/"))
        .map(|(_, we)| {
            let field = |k: &str| we["spec"][k].as_str().unwrap_or_default().to_string();
            (field("network"), field("locality"), field("serviceAccount"))
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> =
        [("net-east-a", "us-east-1/us-east-1a", "bookinfo-ratings"), ("net-east-b", "us-east-1/us-east-1b", "ratings")]
            .into_iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
    assert_eq!(joined, expected);
    assert_eq!(of_kind(&objects, "DestinationRule").count(), 1, "one DestinationRule for both peers");
}
