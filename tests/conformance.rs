//! Real consumers, not mocks: every object fedc renders validates strictly (unknown fields
//! rejected) against the upstream schemas in ../shared/conformance: the CRDs in `crds/` and, for
//! built-in kinds, Kubernetes 1.35's own JSON Schemas in `kubernetes/` (read as published, with
//! their `$ref`s into `_definitions.json`); and every cluster directory builds with `kubectl
//! kustomize`. The CRDs' CEL rules are evaluated by fedc itself on every object it builds
//! (`cel_rules.rs` shows a broken rule failing the build). Without the schemas or kubectl these
//! tests skip with a visible message, unless FEDC_REQUIRE_CONFORMANCE=1 (set by .ci/run), where
//! they fail.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// The tightening fedc compiles its own schemas with (`scripts/gen-schemas`), the same source
/// file: the upstream schemas are checked under the same rules, without a public API for it.
#[path = "../src/render/schema/tighten.rs"]
#[allow(dead_code)]
mod tighten;

/// Topologies whose output is checked: the examples and the fixtures.
fn topologies() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        let entries = std::fs::read_dir(root.join(dir)).expect("topology directory");
        let mut found: Vec<PathBuf> =
            entries.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
        found.sort();
        paths.extend(found);
    }
    paths
}

pub fn required() -> bool {
    std::env::var("FEDC_REQUIRE_CONFORMANCE").is_ok_and(|v| v == "1")
}

/// Skips loudly, or fails when conformance is required.
pub fn skip(reason: &str) {
    assert!(!required(), "conformance required (FEDC_REQUIRE_CONFORMANCE=1) but {reason}");
    // Written to the stream directly: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED conformance check: {reason}");
}

pub fn crd_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("FEDC_SHARED_DIR") {
        Some(shared) => PathBuf::from(shared),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
    .join("conformance/crds");
    dir.is_dir().then_some(dir)
}

/// Schema per `(apiVersion, kind)` of every served version of every CRD, tightened exactly as the
/// schemas compiled into fedc are (`fedc::render::schema::tighten`): the top-level files (what an
/// OpenShift Service Mesh 2.5 control plane installs, GitOps) first, then `istio/`, `sail/`,
/// `external-secrets/`, `gateway-api/` and `upstream/` for kinds and versions the top level does
/// not serve; then the built-in kinds of `../kubernetes/`.
fn crd_schemas(dir: &Path) -> BTreeMap<(String, String), Schema> {
    let mut schemas = BTreeMap::new();
    for sub in ["", "istio", "sail", "external-secrets", "gateway-api", "upstream"] {
        add_crd_schemas(&dir.join(sub), &mut schemas);
    }
    add_kubernetes_schemas(&dir.join("../kubernetes"), &mut schemas);
    // kustomization.yaml is no API object: kustomize reads it (every_cluster_directory_builds…).
    schemas.insert(
        ("kustomize.config.k8s.io/v1beta1".to_string(), "Kustomization".to_string()),
        Schema { strict: json!({"type": "object"}), draft: jsonschema::Draft::Draft4 },
    );
    schemas
}

/// What an object is checked against: the schema as fedc tightens it (unknown fields rejected)
/// for a CRD, Kubernetes' strict schema as published for a built-in kind.
struct Schema {
    strict: Value,
    draft: jsonschema::Draft,
}

/// The built-in kinds, keyed by their `x-kubernetes-group-version-kind`; validated as Draft
/// 2020-12 with `_definitions.json` served to the validator under the URI their `$ref`s resolve to.
fn add_kubernetes_schemas(dir: &Path, schemas: &mut BTreeMap<(String, String), Schema>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let Some(gvk) = schema["x-kubernetes-group-version-kind"].get(0) else { continue };
        let (group, version) = (gvk["group"].as_str().expect("group"), gvk["version"].as_str().expect("version"));
        let api_version = if group.is_empty() { version.to_string() } else { format!("{group}/{version}") };
        let key = (api_version, gvk["kind"].as_str().expect("kind").to_string());
        schemas.entry(key).or_insert(Schema { strict: schema, draft: jsonschema::Draft::Draft202012 });
    }
}

/// Serves `_definitions.json` to the validator; nothing else is fetched.
struct Definitions(Value);

impl jsonschema::Retrieve for Definitions {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str() {
            "https://kubernetes.io/api/_definitions.json" => Ok(self.0.clone()),
            other => Err(format!("conformance schemas refer to {other}, which the test does not serve").into()),
        }
    }
}

fn validator(schema: &Schema, dir: &Path) -> jsonschema::Validator {
    let definitions = dir.join("../kubernetes/_definitions.json");
    let definitions: Value = match std::fs::read_to_string(&definitions) {
        Ok(text) => serde_json::from_str(&text).expect("_definitions.json"),
        Err(_) => Value::Null,
    };
    jsonschema::options()
        .with_draft(schema.draft)
        .with_retriever(Definitions(definitions))
        .build(&schema.strict)
        .unwrap_or_else(|e| panic!("schema: {e}"))
}

fn add_crd_schemas(dir: &Path, schemas: &mut BTreeMap<(String, String), Schema>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    paths.sort();
    for path in paths {
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read crd");
        let crd: Value = serde_yaml_ng::from_str(&text).expect("crd yaml");
        let group = crd["spec"]["group"].as_str().expect("group");
        let kind = crd["spec"]["names"]["kind"].as_str().expect("kind");
        for version in crd["spec"]["versions"].as_array().expect("versions") {
            if version["served"] == json!(true) {
                let api_version = format!("{group}/{}", version["name"].as_str().expect("name"));
                let crd = &version["schema"]["openAPIV3Schema"];
                let strict = tighten::crd_object(crd, &api_version, kind);
                let draft = jsonschema::Draft::Draft4;
                schemas.entry((api_version, kind.to_string())).or_insert(Schema { strict, draft });
            }
        }
    }
}

#[test]
fn every_rendered_object_validates_strictly_against_its_crd() {
    let Some(dir) = crd_dir() else { return skip("../shared/conformance/crds not found") };
    let schemas = crd_schemas(&dir);
    let mut validators = BTreeMap::new();
    let mut validated = BTreeMap::<String, usize>::new();
    for (topology, files) in topologies().iter().flat_map(|t| crate::support::built_variants(t)) {
        for (path, object) in crate::support::objects(&files) {
            let key = (
                object["apiVersion"].as_str().unwrap_or("").to_string(),
                object["kind"].as_str().unwrap_or("").to_string(),
            );
            let schema = schemas.get(&key).unwrap_or_else(|| panic!("{path}: no schema for {key:?}"));
            let validator = validators.entry(key.clone()).or_insert_with(|| validator(schema, &dir));
            let errors: Vec<String> =
                validator.iter_errors(&object).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(errors.is_empty(), "{path} ({topology}) is invalid:\n{}", errors.join("\n"));
            *validated.entry(format!("{} {}", key.0, key.1)).or_default() += 1;
        }
    }
    let total: usize = validated.values().sum();
    eprintln!("validated {total} objects strictly against {}: {validated:?}", dir.display());
    assert!(total > 30, "expected the example and fixtures to render objects");
    // Built-in kinds against Kubernetes' schemas; ExternalSecret, IstioCNI and AuthorizationPolicy
    // against their CRDs.
    let kinds = [
        "v1 ConfigMap",
        "v1 Namespace",
        "v1 Service",
        "v1 ServiceAccount",
        "apps/v1 Deployment",
        "rbac.authorization.k8s.io/v1 Role",
        "rbac.authorization.k8s.io/v1 RoleBinding",
        "policy/v1 PodDisruptionBudget",
        "autoscaling/v2 HorizontalPodAutoscaler",
        "external-secrets.io/v1 ExternalSecret",
        "sailoperator.io/v1 IstioCNI",
        "security.istio.io/v1 AuthorizationPolicy",
    ];
    for kind in kinds {
        assert!(validated.contains_key(kind), "no {kind} validated: {validated:?}");
    }
}

#[test]
fn strict_validation_rejects_an_unknown_field() {
    let Some(dir) = crd_dir() else { return skip("../shared/conformance/crds not found") };
    let schemas = crd_schemas(&dir);
    let schema = &schemas[&("federation.maistra.io/v1".to_string(), "ServiceMeshPeer".to_string())];
    let validator = validator(schema, &dir);
    let mut peer = json!({
        "apiVersion": "federation.maistra.io/v1", "kind": "ServiceMeshPeer",
        "metadata": {"name": "green", "namespace": "red-system"},
        "spec": {"remote": {"addresses": ["a.example.com"]}},
    });
    assert!(validator.is_valid(&peer));
    peer["spec"]["remote"]["adresses"] = json!(["typo"]);
    assert!(!validator.is_valid(&peer), "a misspelt field must be rejected");
    let service = &schemas[&("v1".to_string(), "Service".to_string())];
    let validator = validator_for_kubernetes(service, &dir);
    let mut object =
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 1}]}});
    assert!(validator.is_valid(&object));
    object["spec"]["ports"][0]["prot"] = json!(2);
    assert!(!validator.is_valid(&object), "Kubernetes' strict schema rejects a misspelt field");
}

fn validator_for_kubernetes(schema: &Schema, dir: &Path) -> jsonschema::Validator {
    assert_eq!(schema.draft, jsonschema::Draft::Draft202012, "read from ../kubernetes");
    validator(schema, dir)
}

#[test]
fn every_cluster_directory_builds_with_kubectl_kustomize() {
    if Command::new("kubectl").arg("version").arg("--client").output().is_err() {
        return skip("kubectl not found on PATH");
    }
    for (_, files) in topologies().iter().flat_map(|t| crate::support::built_variants(t)) {
        let out = tempfile::tempdir().expect("tempdir");
        for (path, content) in &files {
            let path = out.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, content).expect("write");
        }
        let written = crate::support::objects(&files);
        // Every cluster directory the build wrote (a partner's cluster, `managed = false`, has none).
        let clusters: std::collections::BTreeSet<&str> =
            files.keys().filter_map(|p| p.strip_prefix("clusters/")?.split('/').next()).collect();
        assert!(!clusters.is_empty(), "the build wrote cluster directories");
        for cluster in clusters {
            let dir = out.path().join("clusters").join(cluster);
            let output = Command::new("kubectl").arg("kustomize").arg(&dir).output().expect("run kubectl");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "kubectl kustomize {} failed: {stderr}", dir.display());
            let built = String::from_utf8_lossy(&output.stdout);
            let objects = built.lines().filter(|l| l.starts_with("kind: ")).count();
            let expected = written.keys().filter(|p| p.starts_with(&format!("clusters/{cluster}/"))).count();
            assert_eq!(objects, expected, "kustomize output of {} has every object once", dir.display());
        }
    }
}
