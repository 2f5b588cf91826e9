//! The schemas of every kind fedc emits, compiled into the binary (`schemas.json`, generated from
//! the upstream CRDs and Kubernetes' own schemas by `scripts/gen-schemas`, provenance recorded in
//! it). Every rendered object is checked before anything is written, as the API server and
//! kustomize would check it: defaults set (`structural.rs`), then its kind's schema, label and
//! annotation keys and size (`metadata.rs`), the characters kustomize refuses, and the CRD's CEL
//! rules (`cel.rs`). A kind's validator and rules are built when an object of the kind is first
//! checked, and from the second object on kept and shared by the rendering threads (`registry`);
//! the two largest schemas are restricted to each object and compiled for it (`prune`).

mod cel;
mod duration;
#[cfg(test)]
mod generate;
#[cfg(test)]
mod kubernetes;
mod metadata;
mod prune;
mod registry;
mod restricted;
mod size;
#[cfg(test)]
mod skeleton;
mod structural;
#[cfg(test)]
pub(crate) mod tighten;

use serde_json::Value;

use crate::diagnostic::{Code, FailureCode, codes};

#[cfg(test)]
use {registry::COMPACT, structural::Node};

/// Longest schema error message kept (messages can quote values, such as a whole certificate).
const MESSAGE_LIMIT: usize = 300;

/// Why an object would be refused: the JSON pointer of the offending value, what is wrong, and
/// which check found it (each has its own code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The kind's schema, or a label or annotation key the API server refuses.
    Schema,
    /// A CEL rule (`x-kubernetes-validations`) of the kind's CRD does not hold.
    Cel,
    /// A character `kubectl kustomize` cannot read back.
    RefusedCharacter,
    /// More than 256 KiB of annotations.
    AnnotationsTooLarge,
    /// More than etcd stores (1.5 MiB).
    ObjectTooLarge,
}

impl Problem {
    /// The failure when a template's output already fails (`fedc::template::…`).
    pub(crate) fn template_code(self) -> FailureCode {
        match self {
            Problem::Schema => codes::template::INVALID_OBJECT,
            Problem::Cel => codes::template::CEL_RULE,
            Problem::RefusedCharacter => codes::template::REFUSED_CHARACTER,
            Problem::AnnotationsTooLarge => codes::template::ANNOTATIONS_TOO_LARGE,
            Problem::ObjectTooLarge => codes::template::OBJECT_TOO_LARGE,
        }
    }

    /// The finding when an overlay made the object fail (`fedc::overlay::…`).
    pub(crate) fn overlay_code(self) -> Code {
        match self {
            Problem::Schema => codes::overlay::INVALID_OBJECT,
            Problem::Cel => codes::overlay::CEL_RULE,
            Problem::RefusedCharacter => codes::overlay::REFUSED_CHARACTER,
            Problem::AnnotationsTooLarge => codes::overlay::ANNOTATIONS_TOO_LARGE,
            Problem::ObjectTooLarge => codes::overlay::OBJECT_TOO_LARGE,
        }
    }
}

impl Problem {
    /// Who refuses the object, for messages: "rendered X that {refused_by} at …".
    pub(crate) fn refused_by(self) -> &'static str {
        match self {
            Problem::Schema => "its schema rejects",
            Problem::Cel => "the API server would refuse",
            Problem::RefusedCharacter => "kustomize cannot read back",
            Problem::AnnotationsTooLarge | Problem::ObjectTooLarge => "the API server would refuse",
        }
    }

    /// What an overlay made of the object, for messages: "makes X {made}: at …".
    pub(crate) fn made(self) -> &'static str {
        match self {
            Problem::Schema => "invalid for the API server",
            Problem::Cel | Problem::AnnotationsTooLarge | Problem::ObjectTooLarge => "refused by the API server",
            Problem::RefusedCharacter => "unreadable for kustomize",
        }
    }

    /// The label and help of an overlay's finding.
    pub(crate) fn blame(self) -> (&'static str, &'static str) {
        match self {
            Problem::Schema => (
                "makes the object invalid",
                "fields must exist in the kind's schema with the right type (unknown fields would be rejected or silently pruned by the API server); label and annotation keys must be qualified names",
            ),
            Problem::Cel => (
                "breaks a validation rule of the CRD",
                "the API server evaluates the CRD's CEL rules (x-kubernetes-validations) on create and refuses the object; change the patch so that the rule named holds",
            ),
            Problem::RefusedCharacter => (
                "writes a character kustomize refuses",
                "kustomize (and so Argo CD and Flux) cannot read back DEL, the C1 controls (U+0080-U+009F; NEL is allowed outside keys), U+FFFE or U+FFFF; remove it from the value",
            ),
            Problem::AnnotationsTooLarge => (
                "makes the annotations too large",
                "the API server accepts at most 256 KiB of annotations per object (keys and values); keep large data in a ConfigMap",
            ),
            Problem::ObjectTooLarge => (
                "makes the object too large to store",
                "etcd stores at most 1.5 MiB per object by default; keep large data out of the object (a ConfigMap of its own, or a volume)",
            ),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "at `{path}`: {}", self.message)
    }
}

/// Checks one object as the API server (and kustomize) would on create; an object of a kind fedc
/// does not emit is invalid.
pub(crate) fn validate(object: &Value) -> Result<(), Invalid> {
    let text = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default();
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    let Some(entry) = registry::get(api_version, kind) else {
        return Err(schema_error(
            String::new(),
            format!("fedc emits no object of apiVersion `{api_version}` and kind `{kind}`"),
        ));
    };
    let structural = entry.structural.as_ref();
    let defaulted = structural.filter(|(_, defaults)| *defaults).map(|(node, _)| {
        let mut copy = object.clone();
        node.apply_defaults(&mut copy);
        copy
    });
    let as_created = defaulted.as_ref().unwrap_or(object);
    let validator = entry
        .validator(as_created)
        .map_err(|e| schema_error(String::new(), format!("the compiled-in schema is unusable: {e}")))?;
    // `is_valid` tracks no location: the error is looked for only once there is one.
    if !validator.is_valid(as_created)
        && let Err(error) = validator.validate(as_created)
    {
        return Err(schema_error(error.instance_path().to_string(), error.masked().to_string()));
    }
    metadata::check(object)?;
    size::check(object)?;
    metadata::characters(object)?;
    if let Some((node, _)) = structural {
        cel::check(node, as_created).map_err(|broken| Invalid {
            path: broken.path,
            message: format!("CEL rule `{}` of CRD {} fails: {}", broken.rule, entry.crd, shorten(broken.message)),
            problem: Problem::Cel,
        })?;
    }
    Ok(())
}

/// A key as one segment of a JSON pointer (`~` and `/` escaped).
pub(crate) fn pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        std::borrow::Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

fn schema_error(path: String, message: String) -> Invalid {
    Invalid { path, message: shorten(message), problem: Problem::Schema }
}

fn shorten(mut message: String) -> String {
    if message.len() > MESSAGE_LIMIT {
        let mut end = MESSAGE_LIMIT;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
    message
}

#[cfg(test)]
mod tests;
