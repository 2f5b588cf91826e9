//! The hand-off for a partner mesh is a fedc topology its team runs as is: we build
//! tests/fixtures/partner.toml, they `fedc check` and `fedc build` `partners/payments/`, and what
//! their build configures for our meshes (ServiceMeshPeers, CA ConfigMaps, export and import sets)
//! and the hand-off their build writes back for us agree with our topology.
//! Run with `cargo test --test integration partner_handoff::`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{copy_dir, fedc, repo, stderr};
use fedc::model::{Federation, MeshId};

struct Round {
    _dir: tempfile::TempDir,
    /// Our output directory.
    ours: PathBuf,
    /// The partner's repository: our hand-off copied in, and their output `out/`.
    theirs: PathBuf,
}

/// Builds the fixture, hands `partners/payments/` over, and builds it on their side.
fn round_trip() -> Round {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    std::fs::create_dir_all(work.join("certs")).expect("mkdir");
    std::fs::copy(repo().join("tests/fixtures/partner.toml"), work.join("partner.toml")).expect("topology");
    for cert in ["red-root.pem", "green-root.pem", "payments-root.pem"] {
        std::fs::copy(repo().join("tests/fixtures/certs").join(cert), work.join("certs").join(cert)).expect("cert");
    }
    let built = fedc(&["build", "partner.toml", "--out", "out", "--deny-warnings"], &work);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let ours = work.join("out");
    let theirs = dir.path().join("theirs");
    copy_dir(&ours.join("partners/payments"), &theirs);
    let checked = fedc(&["check", "federation.toml", "--deny-warnings"], &theirs);
    assert_eq!(checked.status.code(), Some(0), "their check: {}", stderr(&checked));
    let said = format!("{}{}", crate::support::stdout(&checked), stderr(&checked));
    assert!(said.contains("federation.toml: no findings"), "{said}");
    let built = fedc(&["build", "federation.toml", "--out", "out", "--deny-warnings"], &theirs);
    assert_eq!(built.status.code(), Some(0), "their build: {}", stderr(&built));
    Round { _dir: dir, ours, theirs }
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).expect("YAML")
}

fn compiled(topology: &Path) -> Federation {
    fedc::compile::compile(topology, None).expect("compiles").federation
}

fn id(federation: &Federation, name: &str) -> MeshId {
    federation.mesh_ids().find(|m| federation.mesh(*m).name.value == name).expect("mesh")
}

/// What `peer` dials to reach `mesh`: addresses and (service, discovery) ports.
fn endpoint(federation: &Federation, mesh: &str, peer: &str) -> (Vec<String>, (i64, i64)) {
    let m = federation.mesh(id(federation, mesh));
    let cluster = &federation.cluster_of(id(federation, mesh)).name.value;
    let gateway = m.ingress_gateway(peer).value;
    let endpoint = m.ingress.endpoint_for(peer, &m.name.value, &gateway, cluster);
    (endpoint.addresses.into_iter().map(|a| a.value).collect(), endpoint.ports.unwrap_or((15443, 8188)))
}

fn names(rules: &Value, key: &str) -> Vec<String> {
    let rules = rules.as_array().expect("rules");
    rules
        .iter()
        .map(|r| format!("{}/{}", r[key]["namespace"].as_str().unwrap(), r[key]["name"].as_str().unwrap()))
        .collect()
}

#[test]
fn their_build_peers_with_our_meshes_as_our_topology_says() {
    let round = round_trip();
    let ours = compiled(&repo().join("tests/fixtures/partner.toml"));
    let dir = round.theirs.join("out/clusters/pay/payments-mesh");
    for mesh in ["red", "green"] {
        let m = ours.mesh(id(&ours, mesh));
        let peer = yaml(&dir.join(format!("servicemeshpeer-{mesh}.yaml")));
        let (addresses, (service, discovery)) = endpoint(&ours, mesh, "payments");
        let remote = &peer["spec"]["remote"];
        let dialed: Vec<&str> =
            remote["addresses"].as_array().expect("addresses").iter().filter_map(Value::as_str).collect();
        assert_eq!(dialed, addresses, "{mesh}: the addresses of our gateway dedicated to them");
        assert_eq!(remote["servicePort"].as_i64().unwrap_or(15443), service, "{mesh}");
        assert_eq!(remote["discoveryPort"].as_i64().unwrap_or(8188), discovery, "{mesh}");
        let security = &peer["spec"]["security"];
        assert_eq!(security["trustDomain"], m.trust_domain.value.as_str(), "{mesh}");
        let client = format!(
            "{}/ns/{}/sa/{}-service-account",
            m.trust_domain.value,
            m.namespace.value,
            m.egress_gateway("payments").value
        );
        assert_eq!(security["clientID"], client.as_str(), "{mesh}: the identity our egress gateway presents");
        let ca = yaml(&dir.join(format!("configmap-{mesh}-ca-root-cert.yaml")));
        let pem = std::fs::read_to_string(repo().join(format!("tests/fixtures/certs/{mesh}-root.pem"))).expect("pem");
        assert_eq!(ca["data"]["root-cert.pem"].as_str(), fedc::pem::certificates(&pem).ok().as_deref(), "{mesh}");
    }
    // Our side is unchanged by theirs: their egress gateway for green is the one our peer trusts.
    let our_peer = yaml(&round.ours.join("clusters/west/green-mesh-system/servicemeshpeer-payments.yaml"));
    let their_smcp = std::fs::read_to_string(dir.join("servicemeshcontrolplane-payments.yaml")).expect("smcp");
    assert!(
        our_peer["spec"]["security"]["clientID"]
            .as_str()
            .is_some_and(|c| c.ends_with("/sa/out-to-green-service-account"))
    );
    assert!(their_smcp.contains("out-to-green"), "{their_smcp}");
}

#[test]
fn they_export_what_we_import_and_import_what_we_export() {
    let round = round_trip();
    let dir = round.theirs.join("out/clusters/pay/payments-mesh");
    let exported = |mesh: &str| {
        names(&yaml(&dir.join(format!("exportedserviceset-{mesh}.yaml")))["spec"]["exportRules"], "nameSelector")
    };
    let imported = |mesh: &str| {
        names(&yaml(&dir.join(format!("importedserviceset-{mesh}.yaml")))["spec"]["importRules"], "nameSelector")
    };
    // Our import rules from payments, as written.
    assert_eq!(exported("red"), ["payments/ledger"]);
    assert_eq!(exported("green"), ["payments/*"]);
    // What we export to them, first match wins: red's `west-data-center/*` → `bookinfo/*` covers
    // `bookinfo/ratings`, and its label rule exports `red-ratings/*` as `ratings/*`; green's
    // only rule renames reviews.
    assert_eq!(imported("red"), ["bookinfo/*", "ratings/*"]);
    assert_eq!(imported("green"), ["bookinfo/green-reviews"]);
}

#[test]
fn the_hand_off_they_give_back_describes_our_meshes_as_we_do() {
    let round = round_trip();
    let ours = compiled(&repo().join("tests/fixtures/partner.toml"));
    for mesh in ["red", "green"] {
        let back = round.theirs.join(format!("out/partners/{mesh}/federation.toml"));
        let theirs = compiled(&back);
        let (a, b) = (ours.mesh(id(&ours, mesh)), theirs.mesh(id(&theirs, mesh)));
        assert!(!theirs.is_partner(id(&theirs, mesh)), "{mesh} is the managed mesh of the hand-off back");
        assert!(theirs.is_partner(id(&theirs, "payments")));
        assert_eq!(a.name.value, b.name.value);
        assert_eq!(a.namespace.value, b.namespace.value, "{mesh}");
        assert_eq!(a.trust_domain.value, b.trust_domain.value, "{mesh}");
        assert_eq!(a.version.value, b.version.value, "{mesh}");
        assert_eq!(ours.cluster_of(id(&ours, mesh)).name.value, theirs.cluster_of(id(&theirs, mesh)).name.value);
        assert_eq!(endpoint(&ours, mesh, "payments"), endpoint(&theirs, mesh, "payments"), "{mesh}: addresses, ports");
        assert_eq!(a.egress_gateway("payments").value, b.egress_gateway("payments").value, "{mesh}");
        let pem = |f: &Federation, m: &str| f.mesh(id(f, m)).root_cert.as_ref().and_then(|c| c.pem.clone());
        assert_eq!(
            pem(&ours, mesh).map(|p| fedc::pem::certificates(&p)),
            pem(&theirs, mesh).map(|p| fedc::pem::certificates(&p))
        );
        // And payments as we know it.
        assert_eq!(endpoint(&ours, "payments", mesh), endpoint(&theirs, "payments", mesh), "payments for {mesh}");
    }
}

#[test]
fn the_hand_off_is_no_object_and_only_partners_get_one() {
    let round = round_trip();
    let handoff = round.ours.join("partners/payments");
    let mut files: Vec<String> = std::fs::read_dir(&handoff)
        .expect("hand-off dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["federation.toml", "green-root-cert.pem", "payments-root-cert.pem", "red-root-cert.pem"]);
    let text = std::fs::read_to_string(handoff.join("federation.toml")).expect("topology");
    assert!(!text.contains("apiVersion") && !text.contains("kind:"), "{text}");
    let entries = std::fs::read_dir(round.ours.join("partners")).expect("partners").count();
    assert_eq!(entries, 1, "one hand-off, for the one partner");
    assert!(!round.ours.join("clusters/pay").exists(), "nothing for the partner's cluster");
    let lock = std::fs::read_to_string(round.ours.join("fedc.lock")).expect("lock");
    assert!(lock.contains("partners/payments/federation.toml") && lock.contains("partners/payments/red-root-cert.pem"));
}

/// The loader refuses quotes, line breaks and brackets in every name and address that reaches
/// the hand-off (coded errors, nothing written); and were one to reach it anyway (here planted in
/// the checked model, behind the checker's back), the `toml` filter escapes it: the file parses
/// to exactly the planted value and nothing more.
#[test]
fn hostile_values_cannot_write_toml_of_their_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    let clean = std::fs::read_to_string(repo().join("tests/ui/clean-partner.toml")).expect("topology");
    let injection = r#"x\"]]\n[[meshes]]\nname = \"evil"#;
    for (what, from, to) in [
        ("address", "{gateway}.red.example.com", injection.to_string()),
        ("trust domain", "cluster = \"east\"\n", format!("cluster = \"east\"\ntrust_domain = \"{injection}\"\n")),
        ("region", "us-east-1", injection.to_string()),
    ] {
        std::fs::write(dir.path().join("topology.toml"), clean.replacen(from, &to, 1)).expect("write");
        let output = fedc(&["build", "topology.toml", "--out", "out"], dir.path());
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
        assert!(!dir.path().join("out").exists(), "{what}: nothing written");
    }

    std::fs::write(dir.path().join("topology.toml"), &clean).expect("write");
    let mut compiled = fedc::compile::compile(&dir.path().join("topology.toml"), None).expect("compiles");
    let hostile = "x\"]]\n[[meshes]]\nname = \"evil\u{7f}";
    let red = id(&compiled.federation, "red");
    let federation = &mut compiled.federation;
    federation.name.value = hostile.to_string();
    federation.meshes[red.0].trust_domain.value = hostile.to_string();
    federation.meshes[red.0].namespace.value = hostile.to_string();
    // Only the hand-off: the YAML writer has its own tests (tests/yaml_strings.rs).
    let mut plan = fedc::plan::plan(federation);
    plan.files.retain(|f| f.path == "partners/red/federation.toml");
    let files = fedc::render::render(&plan, federation, &compiled.loaded.source, &compiled.templates).expect("renders");
    let handoff = &files[0];
    let parsed: toml::Table = toml::from_str(&handoff.content).expect("still TOML");
    assert_eq!(parsed["federation"]["name"].as_str(), Some(hostile));
    let meshes = parsed["meshes"].as_array().expect("meshes");
    assert_eq!(meshes.len(), 2, "no mesh injected:\n{}", handoff.content);
    assert_eq!(meshes[0]["trust_domain"].as_str(), Some(hostile));
    assert_eq!(meshes[0]["namespace"].as_str(), Some(hostile));
    let top: Vec<&String> = parsed.keys().collect();
    assert_eq!(top, ["clusters", "exports", "federation", "imports", "meshes", "peerings"], "no table injected");
}

/// A template override can reword the hand-off, not make it something else: what it renders must
/// load as a fedc topology (so no Kubernetes object) and the certificate file must hold
/// certificates only. Exit 2, nothing written.
#[test]
fn an_override_that_renders_no_topology_or_no_certificate_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    std::fs::copy(repo().join("tests/ui/clean-partner.toml"), dir.path().join("topology.toml")).expect("topology");
    std::fs::create_dir_all(dir.path().join("templates/maistra")).expect("mkdir");
    for (template, text) in [
        ("partner-handoff.toml.j2", "apiVersion: v1\nkind: ConfigMap\n"),
        ("partner-handoff.toml.j2", "apiVersion = \"v1\"\nkind = \"ConfigMap\"\n[federation]\nname = \"x\"\n"),
        ("partner-root-cert.pem.j2", "{{ pem }}\n-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"),
    ] {
        let path = dir.path().join("templates/maistra").join(template);
        std::fs::write(&path, text).expect("override");
        let output = fedc(&["build", "topology.toml", "--out", "out", "--templates", "templates"], dir.path());
        assert_eq!(output.status.code(), Some(2), "{template}: {}", stderr(&output));
        assert!(stderr(&output).contains("fedc::template::invalid-handoff"), "{template}: {}", stderr(&output));
        assert!(!dir.path().join("out").exists(), "{template}: nothing written");
        std::fs::remove_file(path).expect("rm");
    }
}

/// The hand-off goes into the partner's repository, where their team builds it: an override of its
/// templates may reword it (comments, layout), never change what it says. Planted overrides that
/// add an `[[overlays]]` entry (mTLS off on the partner's control plane), an `[[acknowledge]]`
/// entry, a `root_cert` path leaving the partner's directory, or another CA in the certificate
/// file are each refused: exit 2, the difference named, nothing written.
#[test]
fn a_hand_off_override_may_reword_it_but_not_change_what_it_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    std::fs::copy(repo().join("tests/ui/clean-partner.toml"), dir.path().join("topology.toml")).expect("topology");
    std::fs::create_dir_all(dir.path().join("templates/maistra")).expect("mkdir");
    let built_in = std::fs::read_to_string(repo().join("templates/maistra/partner-handoff.toml.j2")).expect("template");
    let other_ca = std::fs::read_to_string(repo().join("tests/fixtures/certs/green-root.pem")).expect("cert");
    let overlay = "\n[[overlays]]\ncluster = \"east\"\nkind = \"ServiceMeshControlPlane\"\nnamespace = \"red-system\"\n\
                   name = \"red\"\nmerge = { spec = { security = { dataPlane = { mtls = false } } } }\n";
    let acknowledge = "\n[[acknowledge]]\ncode = \"fedc::cert::expires-soon\"\nitem = \"red\"\nreason = \"trust us\"\n";
    let build = || fedc(&["build", "topology.toml", "--out", "out", "--templates", "templates"], dir.path());
    for (template, text, difference) in [
        ("partner-handoff.toml.j2", format!("{built_in}{overlay}"), "it adds `overlays`"),
        ("partner-handoff.toml.j2", format!("{built_in}{acknowledge}"), "it adds `acknowledge`"),
        (
            "partner-handoff.toml.j2",
            built_in.replace("root_cert = {{ m.root_cert | toml }}", "root_cert = \"../../../etc/ssl/ca.pem\""),
            "it changes `meshes[0].root_cert`",
        ),
        ("partner-root-cert.pem.j2", other_ca.clone(), "holds other certificates than the built-in template"),
    ] {
        let path = dir.path().join("templates/maistra").join(template);
        std::fs::write(&path, text).expect("override");
        let output = build();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{difference}: {err}");
        assert!(err.starts_with("error[fedc::template::invalid-handoff]: "), "{difference}: {err}");
        assert!(err.contains(difference), "{difference}: {err}");
        assert!(!dir.path().join("out").exists(), "{difference}: nothing written");
        std::fs::remove_file(path).expect("rm");
    }
    // Reworded: same data, another comment.
    let reworded = built_in.replacen("[federation]", "# Questions: #platform-team on chat.\n[federation]", 1);
    std::fs::write(dir.path().join("templates/maistra/partner-handoff.toml.j2"), reworded).expect("override");
    let output = build();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let handoff = std::fs::read_to_string(dir.path().join("out/partners/red/federation.toml")).expect("hand-off");
    assert!(handoff.contains("# Questions: #platform-team on chat.\n[federation]"), "{handoff}");
}

/// A build by an older fedc wrote `partners/<partner>.yaml` and locked it: it is still fedc's, so
/// the first build with the topology hand-off prunes it.
#[test]
fn the_old_yaml_hand_off_is_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    std::fs::copy(repo().join("tests/ui/clean-partner.toml"), dir.path().join("topology.toml")).expect("topology");
    let built = fedc(&["build", "topology.toml", "--out", "out"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let old = "# Code generated by fedc from topology.toml. DO NOT EDIT.\npartner: red\n";
    std::fs::write(dir.path().join("out/partners/red.yaml"), old).expect("plant");
    let lock_path = dir.path().join("out/fedc.lock");
    let mut lock: Value = serde_json::from_str(&std::fs::read_to_string(&lock_path).expect("lock")).expect("json");
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(old.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    lock["files"]["partners/red.yaml"] = hash.into();
    std::fs::write(&lock_path, serde_json::to_string_pretty(&lock).expect("json")).expect("lock");
    let again = fedc(&["build", "topology.toml", "--out", "out"], dir.path());
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).contains("1 removed"), "{}", stderr(&again));
    assert!(!dir.path().join("out/partners/red.yaml").exists());
    assert!(dir.path().join("out/partners/red/federation.toml").is_file());
}
