//! What the compiled-in checks accept and refuse, kind by kind; and that every CEL rule fedc
//! carries, and every rule of the shared CRDs, compiles and calls only functions the interpreter has.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;

fn problem(object: &Value) -> Option<(String, Problem)> {
    validate(object).err().map(|invalid| (invalid.path, invalid.problem))
}

#[test]
fn compiled_schemas_reject_unknown_fields_and_other_kinds() {
    let mut peer = json!({
        "apiVersion": "federation.maistra.io/v1", "kind": "ServiceMeshPeer",
        "metadata": {"name": "green", "namespace": "red-system"},
        "spec": {"remote": {"addresses": ["a.example.com"]}, "gateways": {
            "ingress": {"name": "green-ingress"}, "egress": {"name": "green-egress"}},
            "security": {"trustDomain": "green.local", "clientID": "x", "certificateChain": {"kind": "ConfigMap", "name": "c"}}},
    });
    validate(&peer).expect("a complete peer validates");
    peer["spec"]["remote"]["adresses"] = json!(["typo"]);
    assert_eq!(problem(&peer), Some(("/spec/remote".into(), Problem::Schema)));
    peer["spec"]["remote"].as_object_mut().expect("remote").remove("adresses");
    peer["metadata"]["uuid"] = json!("x");
    assert_eq!(problem(&peer), Some(("/metadata".into(), Problem::Schema)), "not an ObjectMeta field");
    let binding =
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "x"}});
    assert!(validate(&binding).is_err(), "fedc emits no ClusterRoleBinding");
}

#[test]
fn kustomization_files_may_only_list_relative_paths_inside_the_directory() {
    let config = |resource: &str| json!({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": [resource]});
    assert!(validate(&config("red-system/servicemeshpeer-green.yaml")).is_ok());
    for hostile in ["../../secrets.yaml", "/etc/passwd", "https://example.com/x.yaml", "a/../../b", ".hidden"] {
        assert!(validate(&config(hostile)).is_err(), "{hostile} must be refused");
    }
}

#[test]
fn built_in_kinds_follow_the_kubernetes_schemas() {
    let mut service = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "eastwest", "namespace": "istio-system"},
        "spec": {"type": "LoadBalancer", "selector": {"app": "x"}, "ports": [{"name": "tls", "port": 15443, "targetPort": 15443}]},
    });
    validate(&service).expect("a Service validates");
    service["spec"]["ports"][0]["targetPort"] = json!("tls-port");
    validate(&service).expect("targetPort is an int or a string");
    service["spec"]["ports"][0]["nodeport"] = json!(30000);
    assert_eq!(problem(&service), Some(("/spec/ports/0".into(), Problem::Schema)), "misspelt nodePort");
    let pdb = json!({
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "eastwest", "namespace": "istio-system"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "eastwest"}}},
    });
    validate(&pdb).expect("a PodDisruptionBudget validates");
    let hpa = json!({
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "eastwest", "namespace": "istio-system"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "eastwest"}, "minReplicas": 1, "maxReplicas": 5},
    });
    validate(&hpa).expect("a HorizontalPodAutoscaler validates");
    let config_map = |key: &str| json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}, "data": {key: "v"}});
    validate(&config_map("root-cert.pem")).expect("a ConfigMap key");
    assert_eq!(problem(&config_map("a/b")), Some(("/data".into(), Problem::Schema)), "the API server's key rule");
}

fn sail_istio(values: Value) -> Value {
    json!({
        "apiVersion": "sailoperator.io/v1", "kind": "Istio", "metadata": {"name": "default"},
        "spec": {"version": "v1.30.3", "values": values},
    })
}

#[test]
fn cel_rules_run_after_defaults_as_on_the_api_server() {
    // `spec.namespace` is required and defaults to istio-system: valid only once defaulted, and the
    // rule compares the default with istioNamespace.
    validate(&sail_istio(json!({"global": {"istioNamespace": "istio-system"}}))).expect("defaulted namespace");
    let broken = validate(&sail_istio(json!({"global": {"istioNamespace": "other"}}))).expect_err("rule");
    assert_eq!((broken.path.as_str(), broken.problem), ("/spec", Problem::Cel));
    assert_eq!(
        broken.message,
        "CEL rule `!has(self.values) || !has(self.values.global) || !has(self.values.global.istioNamespace) || self.values.global.istioNamespace == self.__namespace__` of CRD istios.sailoperator.io fails: spec.values.global.istioNamespace must match spec.namespace"
    );
    let cni = |name: &str| json!({"apiVersion": "sailoperator.io/v1", "kind": "IstioCNI", "metadata": {"name": name}, "spec": {}});
    validate(&cni("default")).expect("IstioCNI named default");
    assert_eq!(problem(&cni("cni")), Some((String::new(), Problem::Cel)), "metadata.name must be 'default'");
}

/// The AuthorizationPolicy fedc writes (export scope) passes the CRD's CEL rules, and they do run
/// on it: a selector next to a `targetRef`, or a wildcard in a selector label, is refused.
#[test]
fn authorization_policy_rules_run_on_the_export_scope_shape() {
    let policy = json!({
        "apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy",
        "metadata": {"name": "export-scope-cart", "namespace": "shop"},
        "spec": {
            "selector": {"matchLabels": {"app": "cart"}},
            "action": "ALLOW",
            "rules": [{"from": [{"source": {"principals": ["a.local/*", "b.local/*"]}}]}],
        },
    });
    validate(&policy).expect("the export-scope shape");
    let mut both = policy.clone();
    both["spec"]["targetRef"] = json!({"kind": "Gateway", "group": "gateway.networking.k8s.io", "name": "g"});
    assert_eq!(problem(&both), Some(("/spec".into(), Problem::Cel)), "only one of targetRefs or selector");
    let mut wildcard = policy;
    wildcard["spec"]["selector"]["matchLabels"]["app"] = json!("cart*");
    assert_eq!(problem(&wildcard), Some(("/spec/selector/matchLabels/app".into(), Problem::Cel)), "no wildcard");
}

#[test]
fn refused_characters_and_oversized_annotations_have_their_own_problems() {
    let mut namespace =
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n", "annotations": {"a": "x\u{7f}"}}});
    assert_eq!(problem(&namespace), Some(("/metadata/annotations/a".into(), Problem::RefusedCharacter)));
    namespace["metadata"]["annotations"]["a"] = json!("x".repeat(metadata::ANNOTATIONS_LIMIT));
    assert_eq!(problem(&namespace), Some(("/metadata/annotations".into(), Problem::AnnotationsTooLarge)));
}

/// Every compiled-in rule, as `(kind, rule)`.
fn compiled_rules() -> Vec<(String, &'static cel::Rule)> {
    fn collect<'a>(node: &'a Node, kind: &str, out: &mut Vec<(String, &'a cel::Rule)>) {
        out.extend(node.rules.iter().map(|rule| (kind.to_string(), rule)));
        node.children().for_each(|child| collect(child, kind, out));
    }
    let mut rules = Vec::new();
    for ((_, kind), entry) in registry::all() {
        if let Some((node, _)) = &entry.structural {
            collect(node, kind, &mut rules);
        }
    }
    rules
}

/// Functions a program calls that the interpreter's environment does not declare.
fn undeclared(program: &::cel::Program) -> BTreeSet<String> {
    program.references().functions().into_iter().filter(|f| !cel::declares(f)).map(str::to_string).collect()
}

#[test]
fn every_compiled_in_rule_compiles_and_calls_only_declared_functions() {
    let rules = compiled_rules();
    let mut unsupported = Vec::new();
    for (kind, rule) in &rules {
        match rule.program() {
            Some(program) if undeclared(program).is_empty() => {}
            Some(program) => unsupported.push(format!("{kind}: {:?}", undeclared(program))),
            None => unsupported.push(format!("{kind}: does not compile: {:?}", rule.failure_to_compile())),
        }
    }
    assert!(unsupported.is_empty(), "rules fedc cannot evaluate:\n{}", unsupported.join("\n"));
    // Sail Istio 16 and IstioCNI 2, Gateway API Gateway 14, Istio Gateway 3, ServiceEntry 15,
    // WorkloadEntry 6, AuthorizationPolicy 7, DestinationRule v1 39, Flux Kustomization 2: the
    // served versions fedc emits.
    assert_eq!(rules.len(), 104, "the rules of the kinds fedc emits");
}

/// The rule-coverage check over every CRD under ../shared (emitted by fedc or not): each rule
/// compiles in fedc's environment and calls only functions it declares; the ones that do not are
/// listed by name.
#[test]
fn every_rule_of_the_shared_crds_compiles_and_calls_only_declared_functions() {
    let Some(dir) = generate::conformance_dir() else { return generate::skip("../shared/conformance not found") };
    let mut rules = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir.join("crds")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let crd: Value = serde_yaml_ng::from_slice(&std::fs::read(entry.path()).expect("read")).expect("yaml");
        collect_rules(&crd, &entry.file_name().to_string_lossy(), &mut rules);
    }
    let failing: Vec<String> = rules
        .iter()
        .filter_map(|(file, text)| {
            let rule = cel::Rule::compile(&json!({"rule": text}));
            let why = match rule.program() {
                None => format!("does not compile: {:?}", rule.failure_to_compile()),
                Some(program) if !undeclared(program).is_empty() => format!("calls {:?}", undeclared(program)),
                Some(_) => return None,
            };
            Some(format!("{file}: `{text}` {why}"))
        })
        .collect();
    assert!(failing.is_empty(), "CEL rules fedc cannot evaluate:\n{}", failing.join("\n"));
    assert!(rules.len() > 50, "expected the Istio, Sail and Gateway API rules, found {}", rules.len());
}

fn collect_rules(value: &Value, file: &str, out: &mut BTreeSet<(String, String)>) {
    match value {
        Value::Object(map) => {
            for rule in map.get("x-kubernetes-validations").and_then(Value::as_array).into_iter().flatten() {
                out.insert((file.to_string(), rule["rule"].as_str().unwrap_or_default().to_string()));
            }
            map.values().for_each(|v| collect_rules(v, file, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_rules(v, file, out)),
        _ => {}
    }
}
