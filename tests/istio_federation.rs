//! Issue 10: the example federation compiled for `ossm3` (and `istio`) gives every client the
//! hostname it has under `ossm2`. The OSSM 2 side is derived from the rendered ImportedServiceSets
//! and ExportedServiceSets with the controller's rules (maistra-semantics §3), the OSSM 3 side from
//! the rendered ServiceEntries, so neither is computed by the code under test. Section D of the
//! reference is asserted on the OSSM 3 objects, and export to a chosen peer is enforced.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

type Objects = BTreeMap<String, Value>;
/// (importing mesh, hostname, backing `namespace/name` on the exporter, exporting mesh).
type Import = (String, String, String, String);

fn compile(target: Option<&str>) -> (Objects, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/federation.toml");
    let args: Vec<&str> = target.map(|t| vec!["--target", t]).unwrap_or_default();
    let build = crate::support::build(&path, &args);
    assert_eq!(build.status, Some(0), "the example builds: {}", build.stderr);
    let warnings = build
        .findings
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap_or_default(), d["message"].as_str().unwrap_or_default()));
    (build.objects(), warnings.collect())
}

fn of_kind<'a>(objects: &'a Objects, kind: &'a str) -> impl Iterator<Item = (&'a String, &'a Value)> + 'a {
    objects.iter().filter(move |(_, o)| o["kind"] == kind)
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or("*").to_string()
}

/// `clusters/<c>/<ns>/…` → (`c`, `ns`).
fn place(path: &str) -> (String, String) {
    let parts: Vec<&str> = path.split('/').collect();
    (parts[1].to_string(), parts[2].to_string())
}

/// A name selector `{namespace, name, alias}` matching and renaming `(ns, name)`.
fn select(selector: &Value, ns: &str, name: &str) -> Option<(String, String)> {
    let fits =
        |field: &str, value: &str| matches!(selector[field].as_str(), None | Some("*")) || selector[field] == value;
    if !fits("namespace", ns) || !fits("name", name) {
        return None;
    }
    let alias = &selector["alias"];
    Some((alias["namespace"].as_str().unwrap_or(ns).to_string(), alias["name"].as_str().unwrap_or(name).to_string()))
}

/// OSSM 2: what the controller imports, from the rendered sets.
fn ossm2_imports(objects: &Objects) -> BTreeSet<Import> {
    let mesh_in: BTreeMap<(String, String), String> =
        of_kind(objects, "ServiceMeshControlPlane").map(|(p, o)| (place(p), text(&o["metadata"]["name"]))).collect();
    let mut found = BTreeSet::new();
    for (path, iss) in of_kind(objects, "ImportedServiceSet") {
        let mesh = &mesh_in[&place(path)];
        let peer = text(&iss["metadata"]["name"]);
        let (_, ess) = of_kind(objects, "ExportedServiceSet")
            .find(|(p, o)| mesh_in.get(&place(p)) == Some(&peer) && o["metadata"]["name"] == mesh.as_str())
            .expect("the exporter has an ExportedServiceSet for the importer");
        let rules = |set: &Value, field: &str| set["spec"][field].as_array().cloned().unwrap_or_default();
        // Exported names fedc's rules make concrete: exact export names and exact import names.
        let mut candidates: BTreeSet<(String, String)> = BTreeSet::new();
        let exact = |rule: &Value| {
            let s = &rule["nameSelector"];
            match (s["namespace"].as_str(), s["name"].as_str()) {
                (Some(ns), Some(name)) if ns != "*" && name != "*" => Some((ns.to_string(), name.to_string())),
                _ => None,
            }
        };
        for rule in rules(ess, "exportRules") {
            // What the exporter advertises: its selector renamed by its alias.
            let advertised = exact(&rule).and_then(|(ns, name)| select(&rule["nameSelector"], &ns, &name));
            candidates.extend(advertised);
        }
        // An import rule names the exported name itself (its alias is the local name).
        candidates.extend(rules(iss, "importRules").iter().filter_map(exact));
        for (ns, name) in candidates {
            let Some(backing) = ossm2_backing(&rules(ess, "exportRules"), &ns, &name) else { continue };
            let Some(rule) =
                rules(iss, "importRules").into_iter().find(|r| select(&r["nameSelector"], &ns, &name).is_some())
            else {
                continue;
            };
            let (local_ns, local_name) = select(&rule["nameSelector"], &ns, &name).expect("matched");
            let suffix = if rule["importAsLocal"] == true {
                "svc.cluster.local".to_string()
            } else {
                rule["domainSuffix"]
                    .as_str()
                    .or(iss["spec"]["domainSuffix"].as_str())
                    .map_or(format!("svc.{peer}-imports.local"), str::to_string)
            };
            found.insert((mesh.clone(), format!("{local_name}.{local_ns}.{suffix}"), backing, peer.clone()));
        }
    }
    found
}

/// The Service an ExportedServiceSet advertises as `ns/name` (first rule wins; aliases undone).
fn ossm2_backing(rules: &[Value], ns: &str, name: &str) -> Option<String> {
    for rule in rules {
        let selectors: Vec<Value> = match rule["type"].as_str() {
            Some("NameSelector") => vec![rule["nameSelector"].clone()],
            _ => rule["labelSelector"]["aliases"].as_array().cloned().unwrap_or_default(),
        };
        for s in selectors {
            let original = |field: &str, advertised: &str| match s["alias"][field].as_str() {
                Some(_) => text(&s[field]),
                None => advertised.to_string(),
            };
            let (o_ns, o_name) = (original("namespace", ns), original("name", name));
            if select(&s, &o_ns, &o_name) == Some((ns.to_string(), name.to_string())) {
                return Some(format!("{o_ns}/{o_name}"));
            }
        }
        if rule["type"] == "LabelSelector"
            && matches!(rule["labelSelector"]["namespace"].as_str(), Some(n) if n == ns || n == "*")
        {
            return Some(format!("{ns}/{name}"));
        }
    }
    None
}

/// OSSM 3: the importers' ServiceEntries, backed by the exporter's ServiceEntry for the hostname
/// or, without one, by the Kubernetes Service the hostname names.
fn istio_imports(objects: &Objects) -> BTreeSet<Import> {
    let mesh_of: BTreeMap<String, String> = of_kind(objects, "Istio")
        .chain(of_kind(objects, "IstioOperator"))
        .filter_map(|(p, o)| Some((place(p).0, text(o["spec"]["values"]["global"].get("meshID")?))))
        .collect();
    // Importer ServiceEntries (hosts) and, for an import merged into a local Service (failover),
    // WorkloadEntries carrying that Service's `app` label in its namespace.
    let mut clients: Vec<(String, String, String)> = Vec::new();
    for (path, se) in of_kind(objects, "ServiceEntry") {
        let selector = &se["spec"]["workloadSelector"]["labels"];
        let Some(peer) = selector["fedc.io/imported-from"].as_str() else { continue };
        for host in se["spec"]["hosts"].as_array().expect("hosts") {
            clients.push((mesh_of[&place(path).0].clone(), text(host), peer.to_string()));
        }
    }
    for (path, we) in of_kind(objects, "WorkloadEntry") {
        let labels = &we["metadata"]["labels"];
        if let (Some(peer), Some(app)) = (labels["fedc.io/imported-from"].as_str(), labels["app"].as_str()) {
            let host = format!("{app}.{}.svc.cluster.local", place(path).1);
            clients.push((mesh_of[&place(path).0].clone(), host, peer.to_string()));
        }
    }
    let mut found = BTreeSet::new();
    for (mesh, host, peer) in clients {
        let (mesh, peer) = (&mesh, peer.as_str());
        {
            let exporter_se = of_kind(objects, "ServiceEntry").find(|(p, o)| {
                mesh_of.get(&place(p).0).is_some_and(|m| m == peer) && o["spec"]["hosts"][0] == host.as_str()
            });
            let backing = match exporter_se {
                Some((p, o)) => format!("{}/{}", place(p).1, text(&o["spec"]["workloadSelector"]["labels"]["app"])),
                None => {
                    let name = host.strip_suffix(".svc.cluster.local").expect("a local Service's hostname");
                    let (service, ns) = name.split_once('.').expect("name.namespace");
                    format!("{ns}/{service}")
                }
            };
            found.insert((mesh.clone(), host, backing, peer.to_string()));
        }
    }
    found
}

#[test]
fn every_import_keeps_its_hostname_under_ossm3_and_istio() {
    let (ossm2, _) = compile(None);
    let expected = ossm2_imports(&ossm2);
    assert_eq!(expected.len(), 5, "the example's imports, listed: {expected:#?}");
    for target in ["ossm3", "istio"] {
        let (objects, _) = compile(Some(target));
        assert_eq!(istio_imports(&objects), expected, "{target}: (mesh, hostname, backing, remote mesh)");
    }
}

/// Blue exports to green only and green to red only: each gets policies admitting its own and
/// the chosen peer's trust domain; red exports to everyone and gets none. The one warning left is
/// that red and blue run ratings under one service account, which green cannot tell apart.
#[test]
fn export_to_a_chosen_peer_is_enforced_by_policies() {
    let (objects, warnings) = compile(Some("ossm3"));
    let policies: BTreeMap<String, Value> = of_kind(&objects, "AuthorizationPolicy")
        .map(|(p, o)| (p.clone(), o["spec"]["rules"][0]["from"][0]["source"]["principals"].clone()))
        .collect();
    let blue = serde_json::json!(["blue.local/*", "green.example.com/*"]);
    let expected: BTreeMap<String, Value> = [
        ("clusters/central/bookinfo/authorizationpolicy-export-scope-details.yaml", blue.clone()),
        ("clusters/central/bookinfo/authorizationpolicy-export-scope-ratings.yaml", blue),
        (
            "clusters/west/bookinfo/authorizationpolicy-export-scope-reviews.yaml",
            serde_json::json!(["green.example.com/*", "red.local/*"]),
        ),
    ]
    .into_iter()
    .map(|(p, v)| (p.to_string(), v))
    .collect();
    assert_eq!(policies, expected);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("fedc::istio::indistinguishable-identity mesh `green` cannot tell `red`'s"),
        "{warnings:#?}"
    );
}

/// Reference section D (8, 9, 10) on the rendered OSSM 3 objects.
#[test]
fn ossm3_output_meets_section_d() {
    let (objects, _) = compile(Some("ossm3"));
    let imported_hosts = istio_imports(&objects);
    for (path, we) in of_kind(&objects, "WorkloadEntry") {
        let (cluster, ns) = place(path);
        let labels = &we["metadata"]["labels"];
        assert_eq!(labels["security.istio.io/tlsMode"], "istio", "{path}");
        assert!(we["spec"].get("address").is_none(), "{path}: no address, the gateway stands in");
        // Selected by a ServiceEntry of its own namespace, or by the local Service (`app`) it joins.
        let joins_local_service = labels.get("app").is_some() && ns != "green-mesh-system";
        let selected = joins_local_service
            || of_kind(&objects, "ServiceEntry").any(|(p, se)| {
                place(p) == (cluster.clone(), ns.clone())
                    && se["spec"]["workloadSelector"]["labels"]
                        .as_object()
                        .expect("selector")
                        .iter()
                        .all(|(k, v)| &labels[k] == v)
            });
        assert!(selected, "{path}: selected by a ServiceEntry of its own namespace or joins a local Service");
        let network = &we["spec"]["network"];
        let gateway = of_kind(&objects, "Gateway").find(|(p, g)| {
            place(p).0 == cluster
                && g["spec"]["gatewayClassName"] == "istio-remote"
                && &g["metadata"]["labels"]["topology.istio.io/network"] == network
        });
        let (_, gateway) = gateway.unwrap_or_else(|| panic!("{path}: an istio-remote Gateway for {network}"));
        assert!(matches!(gateway["spec"]["addresses"][0]["type"].as_str(), Some("IPAddress" | "Hostname")));
        let local = of_kind(&objects, "Namespace").find(|(p, _)| place(p).0 == cluster).expect("namespace").1;
        assert_ne!(&local["metadata"]["labels"]["topology.istio.io/network"], network, "{path}: a remote network");
    }
    let exposed: BTreeSet<String> = of_kind(&objects, "Gateway")
        .filter(|(_, g)| g["apiVersion"] == "networking.istio.io/v1")
        .flat_map(|(_, g)| g["spec"]["servers"][0]["hosts"].as_array().cloned().unwrap_or_default())
        .map(|h| text(&h))
        .collect();
    for (_, host, _, _) in &imported_hosts {
        assert!(exposed.contains(host), "{host} is listed on the exporter's cross-network-gateway");
    }
    assert!(!exposed.contains("*.local"), "one-cluster meshes expose only their exports");
    assert_eq!(of_kind(&objects, "PeerAuthentication").count(), 0);
    for (path, dr) in of_kind(&objects, "DestinationRule") {
        assert_eq!(dr["apiVersion"], "networking.istio.io/v1", "{path}");
        assert!(dr["spec"]["trafficPolicy"].get("tls").is_none(), "{path}: no TLS mode, auto mTLS");
    }
}

#[test]
fn federated_control_planes_trust_their_peers_roots() {
    let (objects, _) = compile(Some("ossm3"));
    let (_, green) = of_kind(&objects, "Istio").find(|(p, _)| p.starts_with("clusters/west/")).expect("green");
    let mesh = &green["spec"]["values"]["meshConfig"];
    assert_eq!(mesh["trustDomainAliases"], serde_json::json!(["blue.local", "red.local"]));
    let roots = ["examples/certs/blue-root.pem", "examples/certs/red-root.pem"].map(|p| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).expect("cert").trim().to_string()
    });
    let pems: Vec<String> = mesh["caCertificates"].as_array().expect("roots").iter().map(|c| text(&c["pem"])).collect();
    assert_eq!(pems, roots.to_vec(), "the same root-cert files the ossm2 target publishes");
    assert_eq!(mesh["defaultConfig"]["proxyMetadata"]["PROXY_CONFIG_XDS_AGENT"], "true");
    assert_eq!(mesh["defaultConfig"]["proxyMetadata"]["ISTIO_META_DNS_CAPTURE"], "true");
    assert_eq!(green["spec"]["values"]["pilot"]["env"]["ISTIO_MULTIROOT_MESH"], "true");
    assert_eq!(green["spec"]["values"]["pilot"]["env"]["PILOT_ENABLE_IP_AUTOALLOCATE"], "true");
}

/// The failover's `as_local` import joins green's own `ratings` Service (as OSSM 2's
/// `importAsLocal` merged endpoints): WorkloadEntries in `bookinfo` with the Service's `app` label
/// and red's locality, no ServiceEntry competing for the hostname; the DestinationRule fails over
/// from green's region to red's.
#[test]
fn failover_imports_join_the_local_service() {
    let (objects, _) = compile(Some("ossm3"));
    let (path, we) = of_kind(&objects, "WorkloadEntry")
        .find(|(p, _)| p.starts_with("clusters/west/bookinfo/"))
        .expect("a WorkloadEntry in the service's namespace");
    assert_eq!(we["metadata"]["labels"]["app"], "ratings", "{path}");
    assert_eq!(we["spec"]["locality"], "us-east-1/us-east-1a", "{path}");
    let competing = of_kind(&objects, "ServiceEntry").any(|(p, se)| {
        p.starts_with("clusters/west/") && se["spec"]["hosts"][0] == "ratings.bookinfo.svc.cluster.local"
    });
    assert!(!competing, "no ServiceEntry for the local Service's hostname");
    let (_, rule) = of_kind(&objects, "DestinationRule").find(|(p, _)| p.starts_with("clusters/west/")).expect("rule");
    let failover = &rule["spec"]["trafficPolicy"]["loadBalancer"]["localityLbSetting"]["failover"][0];
    assert_eq!((failover["from"].as_str(), failover["to"].as_str()), (Some("us-west"), Some("us-east-1")));
}
