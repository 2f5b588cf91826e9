//! Generated files that are neither Kubernetes objects nor YAML: a partner's hand-off topology
//! (`.toml`) and the root certificates it names (`.pem`), both under `partners/` (see
//! `plan/maistra/handoff.rs`), and the operator steps of an `istio`/`ossm3` cluster (`.md`, under
//! `installer/`; see `plan/istio/runbook.rs`). Like an object, what a template renders is checked before it is
//! kept, so an override can change how the file reads but not what it is: the topology must load
//! as a fedc topology (unknown keys refused, so nothing in it can be a Kubernetes object), the
//! certificate file must hold certificates and nothing else.

use crate::error::Error;
use crate::load::Topology;
use crate::plan::PlannedFile;

/// The content of a `.toml` or `.pem` file, checked; `None` for every other file (a YAML object).
pub fn finish(file: &PlannedFile, text: &str, header: &str) -> Option<Result<String, Error>> {
    let fail = |message: String| Error::Template {
        code: "fedc::template::invalid-handoff",
        template: file.template.to_string(),
        message: format!("rendered {} that {message}", file.path),
    };
    if file.path.ends_with(".toml") {
        let checked = toml::from_str::<Topology>(text)
            .map(|_| format!("{header}{text}\n"))
            .map_err(|e| fail(format!("is not a fedc topology: {}", e.message())));
        return Some(checked);
    }
    if file.path.ends_with(".md") {
        let refused = |message: &str| Error::Template {
            code: "fedc::template::invalid-runbook",
            template: file.template.to_string(),
            message: format!("rendered {} that {message}", file.path),
        };
        return Some(markdown(text, header).map_err(refused));
    }
    if file.path.ends_with(".pem") {
        // No header: a PEM file holds certificates and nothing else (fedc's own reader refuses
        // any other text), and the normalised blocks are what the topology's loader reads back.
        let checked = crate::pem::certificates(text).map_err(|e| fail(format!("is not a certificate file: it {e}")));
        return Some(checked);
    }
    None
}

/// A runbook: the header as an HTML comment (invisible when rendered; `>` is replaced so the file
/// name cannot end the comment). It must not read as a Kubernetes manifest: the reason it is not
/// a `.yaml` file is that repository-wide manifest validators would take it for one.
fn markdown(text: &str, header: &str) -> Result<String, &'static str> {
    if text.trim_start().starts_with("apiVersion:") || text.trim_start().starts_with("---") {
        return Err("reads as a YAML document, not a Markdown runbook");
    }
    let line = header.trim_start_matches("# ").trim_end().replace('>', "?");
    Ok(format!("<!-- {line} -->\n{text}\n"))
}

/// The `toml` template filter: a value as TOML (a string quoted and escaped, a list or map inline),
/// written by the `toml` crate. Values come from the topology, so they are never interpolated raw.
pub fn toml_filter(value: minijinja::Value) -> Result<String, minijinja::Error> {
    let mut out = String::new();
    serde::Serialize::serialize(&value, toml::ser::ValueSerializer::new(&mut out))
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("not a TOML value: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_escapes_what_would_end_a_string_or_open_a_table() {
        for hostile in
            ["a\"b", "x\"\n[[meshes]]\nname = \"evil", "]]\n[federation]", "back\\slash", "nul\u{0}del\u{7f}"]
        {
            let written = toml_filter(minijinja::Value::from(hostile)).expect("a string is a TOML value");
            let parsed: toml::Table = toml::from_str(&format!("key = {written}")).expect("valid TOML");
            assert_eq!(parsed.len(), 1, "{written}");
            assert_eq!(parsed["key"].as_str(), Some(hostile), "{written}");
        }
    }

    #[test]
    fn the_filter_refuses_what_toml_cannot_hold() {
        assert!(toml_filter(minijinja::Value::from(())).is_err());
    }
}
