//! Syncing and watching `istio` / `ossm3` meshes (issue 19): Argo CD can sync a cluster directory
//! before the operator steps have installed the CRDs (no dry run for custom resources, sync waves,
//! retries), and the health checks of both tools report a failed control plane: Flux's CEL
//! expressions evaluated with the `cel` crate, Argo CD's Lua scripts run in Lua 5.1 (`mlua`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::istio_install::{ossm3_argocd, ossm3_flux, yaml};
use crate::support::{built, repo};

#[test]
fn argocd_syncs_custom_resources_without_dry_run_in_waves_with_retries() {
    let tree = ossm3_argocd();
    let mut waves: BTreeMap<String, i64> = BTreeMap::new();
    for (path, _) in tree.iter().filter(|(p, _)| p.starts_with("clusters/") && !p.ends_with("/kustomization.yaml")) {
        let object = yaml(&tree, path);
        let annotations = &object["metadata"]["annotations"];
        let custom = object["apiVersion"].as_str().expect("apiVersion").split('/').next().expect("group").contains('.');
        let options = annotations["argocd.argoproj.io/sync-options"].as_str().unwrap_or_default();
        assert_eq!(custom, options.contains("SkipDryRunOnMissingResource=true"), "{path}: {options}");
        let kind = object["kind"].as_str().expect("kind").to_string();
        let wave: i64 = annotations["argocd.argoproj.io/sync-wave"].as_str().expect("wave").parse().expect("number");
        assert_eq!(*waves.entry(kind.clone()).or_insert(wave), wave, "{kind} in two waves");
    }
    assert_eq!(waves["Namespace"], -1);
    let kinds = [
        ("Istio", 0),
        ("IstioCNI", 0),
        ("Deployment", 1),
        ("Gateway", 1),
        ("AuthorizationPolicy", 1),
        ("ServiceEntry", 2),
    ];
    for (kind, wave) in kinds {
        assert_eq!(waves[kind], wave, "{kind}: {waves:?}");
    }
    assert!(waves["DestinationRule"] > waves["ServiceEntry"]);
    let set = yaml(&tree, "argocd/applicationset-bookinfo.yaml");
    let retry = &set["spec"]["template"]["spec"]["syncPolicy"]["retry"];
    assert_eq!(retry, &json!({"limit": -1, "backoff": {"duration": "5s", "factor": 2, "maxDuration": "3m"}}));
    // OpenShift Service Mesh 2 output keeps its sync options and syncs without a default retry.
    let ossm2 = built(&repo().join("examples/federation.toml"), &[]);
    assert!(!ossm2.values().any(|text| text.contains("SkipDryRunOnMissingResource")));
    assert!(
        yaml(&ossm2, "argocd/applicationset-bookinfo.yaml")["spec"]["template"]["spec"]["syncPolicy"]
            .get("retry")
            .is_none()
    );
}

/// Evaluates a Flux `healthCheckExprs` expression as Flux does: the object's `metadata`, `spec`
/// and `status` are variables (an absent one as an empty map).
fn cel(expression: &str, object: &Value) -> Result<bool, String> {
    let program = cel::Program::compile(expression).map_err(|e| e.to_string())?;
    let mut context = cel::Context::default();
    for field in ["metadata", "spec", "status"] {
        let value = object.get(field).cloned().unwrap_or_else(|| json!({}));
        context.add_variable_from_value(field, cel::to_value(value).map_err(|e| e.to_string())?);
    }
    match program.execute(&context).map_err(|e| e.to_string())? {
        cel::Value::Bool(result) => Ok(result),
        other => Err(format!("not a boolean: {other:?}")),
    }
}

fn with_conditions(conditions: Value) -> Value {
    json!({"status": {"conditions": conditions}})
}

#[test]
fn flux_health_checks_guard_a_missing_status_and_report_failure() {
    let tree = ossm3_flux();
    let kustomization = yaml(&tree, "flux/ocp-east/kustomization-retail.yaml");
    assert_eq!(kustomization["spec"]["retryInterval"], "1m");
    let exprs = kustomization["spec"]["healthCheckExprs"].as_array().expect("healthCheckExprs");
    let kinds: Vec<&str> = exprs.iter().map(|e| e["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["Istio", "IstioCNI"], "an ossm3 cluster's control planes, not a ServiceMeshControlPlane");
    let ready = with_conditions(json!([{"type": "Reconciled", "status": "True"}, {"type": "Ready", "status": "True"}]));
    let failed = with_conditions(json!([{"type": "Reconciled", "status": "False", "reason": "ReconcileError"}]));
    for expr in exprs {
        let (current, fails) = (expr["current"].as_str().expect("current"), expr["failed"].as_str().expect("failed"));
        for fresh in [json!({}), json!({"status": {}})] {
            assert_eq!(cel(current, &fresh), Ok(false), "{current} on {fresh}");
            assert_eq!(cel(fails, &fresh), Ok(false), "{fails} on {fresh}");
        }
        assert_eq!((cel(current, &ready), cel(fails, &ready)), (Ok(true), Ok(false)));
        assert_eq!((cel(current, &failed), cel(fails, &failed)), (Ok(false), Ok(true)));
    }
    // OpenShift Service Mesh 2: a paused install is not a failure, an install error is.
    let ossm2 = built(&repo().join("examples/federation.toml"), &[]);
    let smcp = &yaml(&ossm2, "flux/east/kustomization-bookinfo.yaml")["spec"]["healthCheckExprs"][0];
    let fails = smcp["failed"].as_str().expect("failed");
    let paused = with_conditions(json!([{"type": "Reconciled", "status": "False", "reason": "PausingInstall"}]));
    let error = with_conditions(json!([{"type": "Reconciled", "status": "False", "reason": "InstallError"}]));
    assert_eq!((cel(fails, &paused), cel(fails, &error)), (Ok(false), Ok(true)));
}

/// A JSON value as Argo CD hands it to Lua: objects and arrays as tables (arrays 1-based).
fn to_lua(lua: &mlua::Lua, value: &Value) -> mlua::Value {
    match value {
        Value::Null => mlua::Value::Nil,
        Value::Bool(b) => mlua::Value::Boolean(*b),
        Value::Number(n) => mlua::Value::Number(n.as_f64().expect("number")),
        Value::String(s) => mlua::Value::String(lua.create_string(s).expect("string")),
        Value::Array(items) => {
            let table = lua.create_table().expect("table");
            for (i, item) in items.iter().enumerate() {
                table.set(i + 1, to_lua(lua, item)).expect("set");
            }
            mlua::Value::Table(table)
        }
        Value::Object(map) => {
            let table = lua.create_table().expect("table");
            for (key, item) in map {
                table.set(key.as_str(), to_lua(lua, item)).expect("set");
            }
            mlua::Value::Table(table)
        }
    }
}

/// Runs one of the snippet's Lua health checks on `object`, as Argo CD does (`obj` global).
fn argocd_health(script: &str, object: &Value) -> (String, String) {
    let lua = mlua::Lua::new();
    lua.globals().set("obj", to_lua(&lua, object)).expect("set obj");
    let result: mlua::Table =
        lua.load(format!("local function health()\n{script}\nend\nreturn health()")).eval().expect("runs");
    (result.get("status").expect("status"), result.get("message").expect("message"))
}

#[test]
fn the_argocd_health_checks_report_a_failed_control_plane_as_degraded() {
    let tree = ossm3_argocd();
    let snippet = yaml(&tree, "argocd/snippets/argocd-cm-health.yaml");
    let data = snippet["data"].as_object().expect("data");
    let keys: Vec<&String> = data.keys().collect();
    assert_eq!(
        keys,
        [
            "resource.customizations.health.maistra.io_ServiceMeshControlPlane",
            "resource.customizations.health.sailoperator.io_Istio",
            "resource.customizations.health.sailoperator.io_IstioCNI"
        ]
    );
    let status = |key: &str, object: Value| argocd_health(data[key].as_str().expect("script"), &object).0;
    for key in keys {
        assert_eq!(status(key, json!({})), "Progressing");
        assert_eq!(status(key, with_conditions(json!([{"type": "Ready", "status": "False"}]))), "Progressing");
        assert_eq!(status(key, with_conditions(json!([{"type": "Ready", "status": "True"}]))), "Healthy");
        let reason = if key.ends_with("ServiceMeshControlPlane") { "InstallError" } else { "ReconcileError" };
        let failed = json!([{"type": "Reconciled", "status": "False", "reason": reason, "message": "boom"}, {"type": "Ready", "status": "True"}]);
        assert_eq!(
            argocd_health(data[key].as_str().expect("script"), &with_conditions(failed)),
            ("Degraded".into(), "boom".into())
        );
    }
    let paused = with_conditions(json!([{"type": "Reconciled", "status": "False", "reason": "PausingInstall"}]));
    assert_eq!(status("resource.customizations.health.maistra.io_ServiceMeshControlPlane", paused), "Progressing");
}
