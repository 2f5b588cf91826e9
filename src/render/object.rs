//! What a template rendered, checked before overlays see it: exactly one YAML mapping, exactly the
//! object the plan asked for (apiVersion, kind, name, namespace), valid against the compiled-in
//! schema of its kind. A template override can change how an object is written, not which object
//! it is, nor add fields the API server would reject or prune.

use serde_json::Value;

use super::{schema, yaml};
use crate::diagnostic::{FailureCode, codes};
use crate::error::Error;
use crate::plan::{ObjectId, PlannedFile};

/// What a file without an object (`kustomization.yaml`) must be.
const KUSTOMIZE_CONFIG: (&str, &str) = ("kustomize.config.k8s.io/v1beta1", "Kustomization");

/// `(apiVersion, kind, namespace, name)` as written in an object; absent fields are `None`.
pub(crate) type Identity<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);

pub(crate) fn identity(object: &Value) -> Identity<'_> {
    fn text(value: Option<&Value>) -> Option<&str> {
        value.and_then(Value::as_str)
    }
    let metadata = object.get("metadata");
    (
        text(object.get("apiVersion")),
        text(object.get("kind")),
        text(metadata.and_then(|m| m.get("namespace"))),
        text(metadata.and_then(|m| m.get("name"))),
    )
}

/// `Kind namespace/name (apiVersion)` for messages.
pub(crate) fn describe(identity: Identity<'_>) -> String {
    let (api_version, kind, namespace, name) = identity;
    let scope = namespace.map(|n| format!("{n}/")).unwrap_or_default();
    format!(
        "{} {scope}{} ({})",
        kind.unwrap_or("<no kind>"),
        name.unwrap_or("<no name>"),
        api_version.unwrap_or("<no apiVersion>")
    )
}

/// Parses a template's output: one document, one mapping. Text in the subset of YAML the built-in
/// templates write is read without libyaml (`yaml::subset`, which reads it exactly as
/// `serde_yaml_ng` does); anything else, and every error, goes through `serde_yaml_ng`.
pub(crate) fn parse(text: &str, file: &PlannedFile) -> Result<Value, Error> {
    if let Some(map) = yaml::subset::read_mapping(text) {
        return Ok(Value::Object(map));
    }
    let fail =
        |code: FailureCode, message: String| Error::Template { code, template: file.template.to_string(), message };
    let mut documents = serde_yaml_ng::Deserializer::from_str(text);
    let first = documents
        .next()
        .ok_or_else(|| fail(codes::template::NOT_A_MAPPING, format!("rendered no document for {}", file.path)))?;
    let value: Value = serde::Deserialize::deserialize(first)
        .map_err(|e| fail(codes::template::INVALID_YAML, format!("rendered invalid YAML for {}: {e}", file.path)))?;
    if documents.next().is_some() {
        return Err(fail(
            codes::template::MULTIPLE_DOCUMENTS,
            format!(
                "rendered more than one YAML document for {}; each generated file holds exactly one object",
                file.path
            ),
        ));
    }
    if !value.is_object() {
        return Err(fail(
            codes::template::NOT_A_MAPPING,
            format!("rendered {} as something other than one YAML mapping", file.path),
        ));
    }
    Ok(value)
}

/// Whether a file without an object is kustomize's own `kustomization.yaml`; the other such files
/// are documents for people (the `istio` target's operator steps).
fn is_kustomize_config(file: &PlannedFile) -> bool {
    file.path.rsplit('/').next() == Some("kustomization.yaml")
}

/// The rendered object is the one planned, and valid against its kind's schema. A document for
/// people must not pose as a Kubernetes object (`kubectl apply -f installer/…` would apply it).
pub(crate) fn check(value: &Value, file: &PlannedFile) -> Result<(), Error> {
    let found = identity(value);
    let matches = match &file.object {
        Some(id) => found == expected(id),
        None if is_kustomize_config(file) => (found.0, found.1) == (Some(KUSTOMIZE_CONFIG.0), Some(KUSTOMIZE_CONFIG.1)),
        None => (found.0, found.1) == (None, None),
    };
    if file.object.is_none() && !is_kustomize_config(file) && matches {
        return Ok(());
    }
    if !matches {
        let wanted = match &file.object {
            Some(id) => describe(expected(id)),
            None if is_kustomize_config(file) => format!("a {} {}", KUSTOMIZE_CONFIG.1, KUSTOMIZE_CONFIG.0),
            None => "a document without apiVersion or kind".to_string(),
        };
        return Err(Error::Template {
            code: codes::template::IDENTITY_CHANGED,
            template: file.template.to_string(),
            message: format!("rendered {} for {}, which must hold {wanted}", describe(found), file.path),
        });
    }
    schema::validate(value).map_err(|invalid| Error::Template {
        code: invalid.problem.template_code(),
        template: file.template.to_string(),
        message: format!("rendered {} that {} {invalid}", file.path, invalid.problem.refused_by()),
    })
}

fn expected(id: &ObjectId) -> Identity<'_> {
    (Some(&id.api_version), Some(&id.kind), id.namespace.as_deref(), Some(&id.name))
}
