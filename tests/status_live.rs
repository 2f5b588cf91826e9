//! `fedc status` live (issue 21): a fake `kubectl` on PATH answers from files, logs every call,
//! and fails as kubectl does for a missing context, a permission error, a timeout, a resource type
//! the cluster does not have and output that is not YAML.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::status::{NOW, from_files, situation};
use crate::support::{fedc_bin, stderr, stdout};

/// A fake `kubectl`: answers `get` from `$FAKE_KUBECTL_DIR/<context>.yaml`, logs every call, fails like
/// kubectl for a context without a file (`<context>.forbidden`: a permission error;
/// `<context>.slow`: no answer; `<context>.crd`: no such resource type; `<context>.garbage`:
/// output that is not YAML).
const FAKE_KUBECTL: &str = r#"#!/bin/sh
echo "$*" >> "$FAKE_KUBECTL_DIR/calls.log"
context=""; verb=""; output=""
for arg in "$@"; do
  case "$arg" in
    --context=*) context="${arg#--context=}" ;;
    --output=*) output="${arg#--output=}" ;;
    -*) ;;
    *) [ -z "$verb" ] && verb="$arg" ;;
  esac
done
[ "$verb" = get ] || { echo "error: this fake kubectl only answers get" >&2; exit 3; }
[ -f "$FAKE_KUBECTL_DIR/$context.slow" ] && exec sleep 30
if [ -f "$FAKE_KUBECTL_DIR/$context.crd" ]; then
  echo "error: the server doesn't have a resource type \"servicemeshpeers\"" >&2
  exit 1
fi
[ -f "$FAKE_KUBECTL_DIR/$context.garbage" ] && { echo "- not: [an object"; exit 0; }
if [ -f "$FAKE_KUBECTL_DIR/$context.forbidden" ]; then
  echo "Error from server (Forbidden): servicemeshpeers.federation.maistra.io is forbidden: User \"dev\" cannot list resource \"servicemeshpeers\" in API group \"federation.maistra.io\" in the namespace \"green-system\"" >&2
  exit 1
fi
[ -f "$FAKE_KUBECTL_DIR/$context.yaml" ] || { echo "error: context \"$context\" does not exist" >&2; exit 1; }
[ "$output" = name ] && exit 0
cat "$FAKE_KUBECTL_DIR/$context.yaml"
"#;

/// The `up` situation behind a fake kubectl: east's context is `admin@east` (set in the
/// topology), west's is its name (the default). Returns the scratch directory and the PATH.
fn live() -> (tempfile::TempDir, String) {
    let dir = situation("federation.toml", "up", "up");
    let topology = dir.path().join("federation.toml");
    let text = std::fs::read_to_string(&topology).expect("topology");
    let text = text.replacen("platform = \"aws\"\n", "platform = \"aws\"\ncontext = \"admin@east\"\n", 1);
    std::fs::write(&topology, text).expect("write topology");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let kubectl = bin.join("kubectl");
    std::fs::write(&kubectl, FAKE_KUBECTL).expect("fake kubectl");
    let mut permissions = std::fs::metadata(&kubectl).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&kubectl, permissions).expect("chmod");
    let answers = dir.path().join("kubectl");
    std::fs::create_dir(&answers).expect("answers");
    std::fs::copy(dir.path().join("status/east.yaml"), answers.join("admin@east.yaml")).expect("copy");
    std::fs::copy(dir.path().join("status/west.yaml"), answers.join("west.yaml")).expect("copy");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    (dir, path)
}

fn live_run(dir: &Path, path: &str, extra: &[&str]) -> Output {
    let mut args = vec!["status", "federation.toml", "--now", NOW];
    args.extend_from_slice(extra);
    let mut command = Command::new(fedc_bin());
    command
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PATH", path)
        .env("FAKE_KUBECTL_DIR", dir.join("kubectl"));
    command.output().expect("run fedc")
}

#[test]
fn live_status_asks_kubectl_get_with_each_clusters_context_and_nothing_else() {
    let (dir, path) = live();
    let output = live_run(dir.path(), &path, &[]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    // The same report as from the files, but for where it was read from.
    let from_files = stdout(&from_files(dir.path(), "federation.toml", &[]));
    let header = |text: &str| text.replacen("read from files in status", "read from the clusters (kubectl)", 1);
    assert_eq!(stdout(&output), header(&from_files));
    let calls = std::fs::read_to_string(dir.path().join("kubectl/calls.log")).expect("calls");
    let mut contexts = BTreeSet::new();
    for call in calls.lines() {
        let args: Vec<&str> = call.split(' ').collect();
        assert!(args[0].starts_with("--context=") && args[1] == "get", "only `kubectl --context=… get`: {call}");
        assert!(args.iter().all(|a| !["delete", "apply", "edit", "patch", "create", "replace"].contains(a)), "{call}");
        assert!(args.contains(&"--request-timeout=30s"), "{call}");
        contexts.insert(args[0].to_string());
    }
    assert_eq!(contexts, BTreeSet::from(["--context=admin@east".to_string(), "--context=west".to_string()]));
    assert_eq!(
        calls.lines().count(),
        5,
        "east: red-system's kinds and a CA ConfigMap; west: also bookinfo's DestinationRules:\n{calls}"
    );
}

#[test]
fn live_status_reports_each_way_kubectl_can_fail_and_reads_the_other_clusters() {
    let cases = [
        ("missing", "fedc::status::no-context", "kubeconfig has no context `west`"),
        ("forbidden", "fedc::status::forbidden", "not allowed to read (get/list)"),
        ("slow", "fedc::status::timeout", "kubectl did not answer within 1s"),
        ("crd", "fedc::status::kubectl-failed", "error: the server doesn't have a resource type \"servicemeshpeers\""),
        ("garbage", "fedc::status::invalid-output", "kubectl's output: document 1: not YAML"),
    ];
    for (how, code, message) in cases {
        let (dir, path) = live();
        let status = dir.path().join("kubectl");
        match how {
            "missing" => std::fs::remove_file(status.join("west.yaml")).expect("remove"),
            other => std::fs::write(status.join(format!("west.{other}")), "").expect("marker"),
        }
        let output = live_run(dir.path(), &path, &["--timeout", "1", "--format", "json"]);
        assert_eq!(output.status.code(), Some(2), "{how}: {}", stdout(&output));
        let report: Value = serde_json::from_str(&stdout(&output)).expect("json");
        assert_eq!(report["errors"].as_array().map(Vec::len), Some(1), "{how}");
        assert_eq!(report["errors"][0]["code"], code, "{how}");
        assert_eq!(report["errors"][0]["cluster"], "west", "{how}");
        assert!(
            report["errors"][0]["message"].as_str().is_some_and(|m| m.starts_with(message)),
            "{how}: {}",
            report["errors"][0]
        );
        // east was read all the same; what lives on west is unknown, not down.
        let states: BTreeSet<String> = report["elements"]
            .as_array()
            .expect("elements")
            .iter()
            .map(|e| e["state"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(states, BTreeSet::from(["up".to_string(), "unknown".to_string()]), "{how}");
        assert_eq!(report["summary"]["unknown"], 5, "{how}: green's peer, export, imports and failover");
    }
}

#[test]
fn without_kubectl_the_error_says_so() {
    let (dir, _) = live();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("empty");
    let output = live_run(dir.path(), &empty.display().to_string(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output).matches("error[fedc::status::no-kubectl]: cluster").count(), 2, "{}", stdout(&output));
}
