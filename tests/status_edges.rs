//! `fedc status` (issue 21) on hostile files, on every situation a code stands for that the
//! fixtures do not show, and on bad arguments.

use serde_json::Value;

use crate::status::{from_files, not_up, run_in, situation};
use crate::support::{stderr, stdout};

#[test]
fn hostile_status_files_cannot_forge_output_or_make_fedc_read_past_its_limits() {
    let dir = situation("federation.toml", "up", "up");
    let east = dir.path().join("status/east.yaml");
    let text = std::fs::read_to_string(&east).expect("east");
    let forged = text.replace("503 Service Unavailable", "\"503\\e[31m\\n::error file=x::forged\\u202e\"");
    assert_ne!(forged, text);
    std::fs::write(&east, forged).expect("write");
    for format in ["text", "markdown", "github"] {
        let shown = stdout(&from_files(dir.path(), "federation.toml", &["--format", format]));
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}'), "{format}: {shown}");
        assert!(shown.lines().all(|l| !l.starts_with("::error file=x")), "{format}: {shown}");
    }
    let limited = from_files(dir.path(), "federation.toml", &["--max-bytes", "1K"]);
    assert_eq!(limited.status.code(), Some(2));
    assert_eq!(stdout(&limited).matches("error[fedc::status::too-large]").count(), 2, "{}", stdout(&limited));

    std::fs::write(&east, "items: [[[[").expect("write");
    let broken = from_files(dir.path(), "federation.toml", &[]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stdout(&broken)
            .contains("error[fedc::status::invalid-file]: cluster `east`: status/east.yaml: document 1: not YAML"),
        "{}",
        stdout(&broken)
    );

    std::fs::remove_file(&east).expect("remove");
    std::os::unix::fs::symlink(dir.path().join("status/west.yaml"), &east).expect("symlink");
    let linked = from_files(dir.path(), "federation.toml", &[]);
    assert_eq!(linked.status.code(), Some(2));
    assert!(
        stdout(&linked)
            .contains("error[fedc::status::invalid-file]: cluster `east`: status/east.yaml: not a regular file"),
        "{}",
        stdout(&linked)
    );

    std::fs::remove_file(&east).expect("remove");
    let missing = from_files(dir.path(), "federation.toml", &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stdout(&missing)
            .contains("error[fedc::status::missing-file]: cluster `east`: status/east.yaml: no status file; collect it with `kubectl --context=east get configmaps,exportedservicesets.federation.maistra.io,importedservicesets.federation.maistra.io,servicemeshpeers.federation.maistra.io -A -o yaml > status/east.yaml`"),
        "{}",
        stdout(&missing)
    );
}

#[test]
fn bad_arguments_and_a_broken_topology_exit_2() {
    let dir = situation("federation.toml", "up", "up");
    for (args, expected) in [
        (vec!["--now", "yesterday"], "--now: `yesterday` is not an RFC 3339 time"),
        (vec!["--stale-after", "5"], "--stale-after: `5` is not a duration"),
        (vec!["--from", "nowhere"], "nowhere: no such directory"),
        (vec!["--from", "federation.toml"], "federation.toml: not a directory"),
    ] {
        let mut all = vec!["status", "federation.toml"];
        all.extend(args);
        let output = run_in(dir.path(), &all, None);
        assert_eq!(output.status.code(), Some(2), "{all:?}");
        assert!(stderr(&output).contains(expected), "{all:?}: {}", stderr(&output));
    }
    std::fs::write(
        dir.path().join("federation.toml"),
        "[federation]\nname = \"x\"\n[[meshes]]\nname = \"a\"\ncluster = \"nowhere\"\n",
    )
    .expect("write");
    let output = from_files(dir.path(), "federation.toml", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("fedc::mesh::unknown-cluster"), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
}

/// `up` with one object of one cluster's file changed by `change` (written back as JSON, which
/// is YAML), judged; returns the JSON report.
fn changed(cluster: &str, kind: &str, change: impl Fn(&mut Value)) -> (Option<i32>, Value) {
    let dir = situation("federation.toml", "up", "up");
    let path = dir.path().join(format!("status/{cluster}.yaml"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut list: Value = serde_yaml_ng::from_str(&text).expect("fixture YAML");
    let items = list["items"].as_array_mut().expect("items");
    let item = items.iter_mut().find(|i| i["kind"] == kind).expect("the kind");
    change(item);
    std::fs::write(&path, serde_json::to_string(&list).expect("json")).expect("write");
    let output = from_files(dir.path(), "federation.toml", &["--format", "json"]);
    (output.status.code(), serde_json::from_str(&stdout(&output)).expect("report"))
}

fn codes(report: &Value) -> Vec<(String, String)> {
    not_up(&report.to_string()).into_iter().map(|(title, _, code)| (title, code)).collect()
}

fn pair(title: &str, code: &str) -> (String, String) {
    (title.to_string(), code.to_string())
}

#[test]
fn a_status_nobody_wrote_and_pods_that_do_not_all_watch() {
    let (code, report) =
        changed("east", "ServiceMeshPeer", |smp| drop(smp.as_object_mut().map(|o| o.remove("status"))));
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report), [pair("red → green", "fedc::status::no-status")]);

    let (code, report) =
        changed("east", "ExportedServiceSet", |ess| drop(ess.as_object_mut().map(|o| o.remove("status"))));
    assert_eq!(code, Some(1));
    let no_status = [
        pair("bookinfo/ratings: red → green", "fedc::status::no-status"),
        pair("labels federated=true in bookinfo: red → green", "fedc::status::no-status"),
    ];
    assert_eq!(codes(&report), no_status);

    let (code, report) = changed("east", "ServiceMeshPeer", |smp| {
        let active = smp["status"]["discoveryStatus"]["active"][0].clone();
        let mut stuck = active.clone();
        stuck["pod"] = Value::from("istiod-red-7d9c6b5f8-q4w8e");
        stuck["watch"]["connected"] = Value::from(false);
        smp["status"]["discoveryStatus"]["inactive"] = Value::from(vec![stuck]);
    });
    assert_eq!(code, Some(0), "degraded is a warning");
    assert_eq!(codes(&report), [pair("red → green", "fedc::status::pods-inactive")]);
    assert_eq!(report["elements"][0]["state"], "degraded");
}

#[test]
fn what_the_cluster_exports_or_imports_under_other_names_is_out_of_sync() {
    let (code, report) = changed("east", "ExportedServiceSet", |ess| {
        let services = ess["status"]["exportedServices"].as_array_mut().expect("services");
        services.push(serde_json::json!({
            "exportedName": "ledger.payments.svc.green-exports.local",
            "localService": { "hostname": "ledger.payments.svc.cluster.local", "name": "ledger", "namespace": "payments" }
        }));
    });
    assert_eq!(code, Some(0));
    assert_eq!(codes(&report), [pair("bookinfo/ratings: red → green", "fedc::status::out-of-sync")]);

    let (code, report) = changed("west", "ImportedServiceSet", |iss| {
        iss["status"]["importedServices"][0]["localService"]["hostname"] =
            Value::from("details.bookinfo.svc.cluster.local");
    });
    assert_eq!(code, Some(0));
    assert_eq!(codes(&report), [pair("bookinfo/*: green ← red", "fedc::status::out-of-sync")]);
}

#[test]
fn a_federation_object_fedc_does_not_generate_is_a_note() {
    let (code, report) = changed("east", "ServiceMeshPeer", |smp| smp["metadata"]["name"] = Value::from("purple"));
    assert_eq!(code, Some(1), "green's ServiceMeshPeer is then missing");
    assert_eq!(codes(&report), [pair("red → green", "fedc::status::object-missing")]);
    let notes: Vec<&str> =
        report["notes"].as_array().expect("notes").iter().filter_map(|n| n["code"].as_str()).collect();
    assert_eq!(notes, ["fedc::status::unexpected-object"]);
    assert_eq!(report["notes"][0]["labels"][0]["line"], 21, "at the mesh whose namespace holds it");
}
