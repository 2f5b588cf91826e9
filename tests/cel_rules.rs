//! The CEL rules of CRD schemas (`x-kubernetes-validations`), evaluated the way the API server
//! does on create: each rule with `self` bound to the value at the schema node that declares it,
//! property names that are CEL reserved words or contain `-`, `.`, `/`, `__` reachable in their
//! escaped form (`__namespace__`, `__dash__`…). Evaluated with the `cel` crate (docs/decisions.md).
//!
//! Transition rules (they read `oldSelf`) do not run on create and are listed as such. A rule the
//! interpreter cannot compile or evaluate (a Kubernetes CEL library function it lacks, say) is
//! reported by name, never skipped silently.

use std::collections::BTreeSet;

use serde_json::Value;

/// What evaluating every rule that applies to one object found.
#[derive(Debug, Default)]
pub struct CelReport {
    /// Rules that evaluated to true.
    pub passed: usize,
    /// `path: message (rule)` of every rule that evaluated to false.
    pub violations: Vec<String>,
    /// `rule — why` of every rule that could not be evaluated.
    pub unevaluable: BTreeSet<String>,
    /// Transition rules (`oldSelf`), which the API server does not run on create.
    pub transition_only: BTreeSet<String>,
}

/// Evaluates every rule of `schema` (an `openAPIV3Schema`) against `object`.
pub fn evaluate(schema: &Value, object: &Value) -> CelReport {
    let mut report = CelReport::default();
    walk(schema, object, "", &mut report);
    report
}

fn walk(schema: &Value, value: &Value, path: &str, report: &mut CelReport) {
    if let Some(rules) = schema.get("x-kubernetes-validations").and_then(Value::as_array) {
        for rule in rules {
            check_rule(rule, value, path, report);
        }
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            for (key, child) in map {
                let child_schema = properties.and_then(|p| p.get(key)).or(additional);
                if let Some(child_schema) = child_schema {
                    walk(child_schema, child, &format!("{path}.{key}"), report);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk(item_schema, item, &format!("{path}[{index}]"), report);
                }
            }
        }
        _ => {}
    }
}

fn check_rule(rule: &Value, value: &Value, path: &str, report: &mut CelReport) {
    let text = rule.get("rule").and_then(Value::as_str).unwrap_or_default();
    let name = format!("{} `{text}`", if path.is_empty() { "<root>" } else { path });
    if text.contains("oldSelf") {
        report.transition_only.insert(name);
        return;
    }
    let program = match cel::Program::compile(text) {
        Ok(program) => program,
        Err(e) => {
            report.unevaluable.insert(format!("{name} — does not compile: {e}"));
            return;
        }
    };
    let mut context = cel::Context::default();
    let bound = match cel::to_value(escaped(value)) {
        Ok(bound) => bound,
        Err(e) => {
            report.unevaluable.insert(format!("{name} — cannot bind self: {e}"));
            return;
        }
    };
    context.add_variable_from_value("self", bound);
    match program.execute(&context) {
        Ok(cel::Value::Bool(true)) => report.passed += 1,
        Ok(cel::Value::Bool(false)) => {
            let message = rule.get("message").and_then(Value::as_str).unwrap_or("(no message)");
            report.violations.push(format!("{name}: {message}"));
        }
        Ok(other) => {
            report.unevaluable.insert(format!("{name} — evaluated to a non-boolean {other:?}"));
        }
        Err(e) => {
            report.unevaluable.insert(format!("{name} — evaluation failed: {e}"));
        }
    }
}

/// CEL reserved words; Kubernetes exposes properties with these names as `__<word>__`.
const RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// The value with every object key also reachable under its Kubernetes CEL escaped name.
fn escaped(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, child) in map {
                let child = escaped(child);
                let alias = escape(key);
                if alias != *key {
                    out.insert(alias, child.clone());
                }
                out.insert(key.clone(), child);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(escaped).collect()),
        other => other.clone(),
    }
}

fn escape(key: &str) -> String {
    if RESERVED.contains(&key) {
        return format!("__{key}__");
    }
    key.replace("__", "__underscores__").replace('.', "__dot__").replace('-', "__dash__").replace('/', "__slash__")
}

/// Every CEL rule of every CRD under ../shared/conformance/crds, as `(crd file, rule)`.
pub fn all_rules(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut rules = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let crd: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(entry.path()).expect("read")).expect("yaml");
        let file = entry.file_name().to_string_lossy().into_owned();
        collect_rules(&crd, &file, &mut rules);
    }
    rules.sort();
    rules.dedup();
    rules
}

fn collect_rules(value: &Value, file: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for rule in map.get("x-kubernetes-validations").and_then(Value::as_array).into_iter().flatten() {
                out.push((file.to_string(), rule["rule"].as_str().unwrap_or_default().to_string()));
            }
            map.values().for_each(|v| collect_rules(v, file, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_rules(v, file, out)),
        _ => {}
    }
}

/// The interpreter must at least parse every rule the shared CRDs carry (the ones fedc's output
/// reaches are also evaluated, in conformance.rs); a rule it cannot parse is named.
#[test]
fn every_rule_of_the_shared_crds_compiles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/crds");
    if !dir.is_dir() {
        let required = std::env::var("FEDC_REQUIRE_CONFORMANCE").is_ok_and(|v| v == "1");
        assert!(!required, "conformance required but {} is missing", dir.display());
        return;
    }
    let rules = all_rules(&dir);
    let failing: Vec<String> = rules
        .iter()
        .filter_map(|(file, rule)| cel::Program::compile(rule).err().map(|e| format!("{file}: `{rule}`: {e}")))
        .collect();
    assert!(failing.is_empty(), "CEL rules the interpreter cannot parse:\n{}", failing.join("\n"));
    assert!(rules.len() > 50, "expected the Istio, Sail and Gateway API rules, found {}", rules.len());
}

#[test]
fn rules_evaluate_with_self_bound_and_escaped_names() {
    let schema = serde_json::json!({
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "self.__namespace__ == 'istio-system'", "message": "namespace"},
            {"rule": "has(self.a) || has(self.b)", "message": "a or b"},
            {"rule": "self.x == oldSelf.x", "message": "immutable"},
        ],
        "properties": {"list": {"items": {"x-kubernetes-validations": [{"rule": "self > 1", "message": "big"}]}}}
    });
    let good = evaluate(&schema, &serde_json::json!({"namespace": "istio-system", "a": 1, "list": [2, 3]}));
    assert_eq!((good.passed, good.violations.len(), good.transition_only.len()), (4, 0, 1), "{good:?}");
    let bad = evaluate(&schema, &serde_json::json!({"namespace": "x", "list": [0]}));
    assert_eq!(bad.violations.len(), 3, "{bad:?}");
}
