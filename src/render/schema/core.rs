//! Compact schemas for kinds ../shared/conformance/crds does not carry: Kubernetes built-in kinds
//! (written from the Kubernetes API reference) and External Secrets Operator's `ExternalSecret`
//! (from its v1 API reference). Each lists the fields of the real API that fedc can emit, with
//! their real types and enums; `strict()` then rejects every other field, so these are never
//! looser than the API server for what fedc writes. The generator writes them into
//! `schemas.json` marked "not from a CRD".

use serde_json::{Value, json};

fn string() -> Value {
    json!({"type": "string"})
}

fn string_map() -> Value {
    json!({"type": "object", "additionalProperties": {"type": "string"}})
}

fn object(properties: Value, required: &[&str]) -> Value {
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = json!(required); // draft 4: `required` must not be empty
    }
    schema
}

fn list(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn port() -> Value {
    json!({"type": "integer", "minimum": 1, "maximum": 65535})
}

fn label_selector() -> Value {
    object(json!({"matchLabels": string_map()}), &[])
}

/// `((apiVersion, kind), schema)` of every compact schema, before [`super::tighten::strict`].
pub fn all() -> Vec<((String, String), Value)> {
    let key = |a: &str, k: &str| (a.to_string(), k.to_string());
    vec![
        (key("v1", "Namespace"), object(json!({}), &[])),
        (key("v1", "ServiceAccount"), object(json!({}), &[])),
        (key("v1", "Service"), object(json!({"spec": service_spec()}), &["spec"])),
        (key("apps/v1", "Deployment"), object(json!({"spec": deployment_spec()}), &["spec"])),
        (key("policy/v1", "PodDisruptionBudget"), object(json!({"spec": pod_disruption_budget_spec()}), &[])),
        (key("autoscaling/v2", "HorizontalPodAutoscaler"), object(json!({"spec": autoscaler_spec()}), &["spec"])),
        (key("rbac.authorization.k8s.io/v1", "Role"), object(json!({"rules": list(policy_rule())}), &[])),
        (key("rbac.authorization.k8s.io/v1", "RoleBinding"), role_binding()),
        (key("external-secrets.io/v1", "ExternalSecret"), object(json!({"spec": external_secret_spec()}), &["spec"])),
    ]
}

fn service_spec() -> Value {
    let service_port = object(
        json!({
            "name": string(),
            "port": port(),
            "targetPort": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]},
        }),
        &["port"],
    );
    object(
        json!({
            "type": {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]},
            "selector": string_map(),
            "ports": list(service_port),
        }),
        &[],
    )
}

fn deployment_spec() -> Value {
    let container_port = object(
        json!({"containerPort": port(), "name": string(), "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]}}),
        &["containerPort"],
    );
    let env = object(json!({"name": string(), "value": string()}), &["name"]);
    let seccomp = object(
        json!({"type": {"type": "string", "enum": ["Localhost", "RuntimeDefault", "Unconfined"]}, "localhostProfile": string()}),
        &["type"],
    );
    let security = object(
        json!({
            "allowPrivilegeEscalation": {"type": "boolean"},
            "privileged": {"type": "boolean"},
            "readOnlyRootFilesystem": {"type": "boolean"},
            "runAsNonRoot": {"type": "boolean"},
            "runAsUser": {"type": "integer"},
            "runAsGroup": {"type": "integer"},
            "seccompProfile": seccomp.clone(),
            "capabilities": object(json!({"add": list(string()), "drop": list(string())}), &[]),
        }),
        &[],
    );
    let quantity = json!({"anyOf": [{"type": "integer"}, {"type": "string"}]});
    let quantities = json!({"type": "object", "additionalProperties": quantity});
    let resources = object(json!({"requests": quantities.clone(), "limits": quantities}), &[]);
    let container = object(
        json!({"name": string(), "image": string(), "env": list(env), "ports": list(container_port), "resources": resources, "securityContext": security}),
        &["name"],
    );
    let pod_security = object(
        json!({"runAsNonRoot": {"type": "boolean"}, "runAsUser": {"type": "integer"}, "runAsGroup": {"type": "integer"}, "seccompProfile": seccomp}),
        &[],
    );
    let pod_spec = object(
        json!({
            "serviceAccountName": string(),
            "securityContext": pod_security,
            "terminationGracePeriodSeconds": {"type": "integer"},
            "containers": list(container),
        }),
        &["containers"],
    );
    let template = object(
        json!({"metadata": object(json!({"labels": string_map(), "annotations": string_map()}), &[]), "spec": pod_spec}),
        &[],
    );
    object(
        json!({"selector": label_selector(), "template": template, "replicas": {"type": "integer"}}),
        &["selector", "template"],
    )
}

fn pod_disruption_budget_spec() -> Value {
    let count = json!({"anyOf": [{"type": "integer"}, {"type": "string"}]});
    object(json!({"minAvailable": count.clone(), "maxUnavailable": count, "selector": label_selector()}), &[])
}

fn autoscaler_spec() -> Value {
    let target_ref = object(json!({"apiVersion": string(), "kind": string(), "name": string()}), &["kind", "name"]);
    let target = object(
        json!({"type": {"type": "string", "enum": ["Utilization", "Value", "AverageValue"]}, "averageUtilization": {"type": "integer"}}),
        &["type"],
    );
    let resource = object(json!({"name": string(), "target": target}), &["name", "target"]);
    let metric = object(
        json!({"type": {"type": "string", "enum": ["ContainerResource", "External", "Object", "Pods", "Resource"]}, "resource": resource}),
        &["type"],
    );
    object(
        json!({
            "scaleTargetRef": target_ref,
            "minReplicas": {"type": "integer", "minimum": 1},
            "maxReplicas": {"type": "integer", "minimum": 1},
            "metrics": list(metric),
        }),
        &["scaleTargetRef", "maxReplicas"],
    )
}

fn policy_rule() -> Value {
    object(
        json!({"apiGroups": list(string()), "resources": list(string()), "resourceNames": list(string()), "verbs": list(string())}),
        &["verbs"],
    )
}

fn role_binding() -> Value {
    let role_ref =
        object(json!({"apiGroup": string(), "kind": string(), "name": string()}), &["apiGroup", "kind", "name"]);
    let subject = object(
        json!({"apiGroup": string(), "kind": string(), "name": string(), "namespace": string()}),
        &["kind", "name"],
    );
    object(json!({"roleRef": role_ref, "subjects": list(subject)}), &["roleRef"])
}

fn external_secret_spec() -> Value {
    let store_ref = object(
        json!({"name": string(), "kind": {"type": "string", "enum": ["SecretStore", "ClusterSecretStore"]}}),
        &[],
    );
    let template = object(
        json!({
            "engineVersion": {"type": "string", "enum": ["v2"]},
            "metadata": object(json!({"labels": string_map(), "annotations": string_map()}), &[]),
            "data": string_map(),
        }),
        &[],
    );
    let target = object(
        json!({
            "name": {"type": "string", "maxLength": 253},
            "creationPolicy": {"type": "string", "enum": ["Owner", "Orphan", "Merge", "None"]},
            "template": template,
        }),
        &[],
    );
    let remote_ref = object(json!({"key": string(), "property": string()}), &["key"]);
    let data = object(json!({"secretKey": string(), "remoteRef": remote_ref}), &["secretKey", "remoteRef"]);
    object(json!({"refreshInterval": string(), "secretStoreRef": store_ref, "target": target, "data": list(data)}), &[])
}
