//! Generated files that are neither Kubernetes objects nor YAML: a partner's hand-off topology
//! (`.toml`) and the root certificates it names (`.pem`), both under `partners/` (see
//! `plan/maistra/handoff.rs`), and the operator steps of an `istio`/`ossm3` cluster (`.md`, under
//! `installer/`; see `plan/istio/runbook.rs`). Like an object, what a template renders is checked before it is
//! kept, so an override can change how the file reads but not what it is: the topology must load
//! as a fedc topology (unknown keys refused, so nothing in it can be a Kubernetes object), the
//! certificate file must hold certificates and nothing else. The hand-off goes into another team's
//! repository, where they build it: an override may change how it reads (comments, layout, key
//! order), never what it says, so it must hold the same data as the built-in templates render
//! (docs/decisions.md).

use std::collections::BTreeSet;

use crate::diagnostic::codes;
use crate::error::Error;
use crate::load::Topology;
use crate::plan::PlannedFile;

use super::Templates;

/// The content of a `.toml` or `.pem` file, checked; `None` for every other file (a YAML object).
pub(crate) fn finish(
    file: &PlannedFile,
    text: &str,
    header: &str,
    templates: &Templates,
) -> Option<Result<String, Error>> {
    let fail = |message: String| Error::Template {
        code: codes::template::INVALID_HANDOFF,
        template: file.template.to_string(),
        message: format!("rendered {} that {message}", file.path),
    };
    // With overrides in effect, what the built-in templates render here (the same when neither
    // hand-off template is overridden).
    let built_in = || templates.render_built_in(file.template, &file.context).transpose();
    if file.path.ends_with(".toml") {
        let checked = toml::from_str::<Topology>(text)
            .map_err(|e| fail(format!("is not a fedc topology: {}", e.message())))
            .and_then(|_| match built_in()? {
                Some(reference) => match toml_difference(text, &reference) {
                    Some(difference) => Err(fail(format!(
                        "says something the built-in template does not: it {difference}; an override of the \
                         hand-off may change its comments and layout, not its content"
                    ))),
                    None => Ok(()),
                },
                None => Ok(()),
            })
            .map(|()| format!("{header}{text}\n"));
        return Some(checked);
    }
    if file.path.ends_with(".md") {
        let refused = |message: &str| Error::Template {
            code: codes::template::INVALID_RUNBOOK,
            template: file.template.to_string(),
            message: format!("rendered {} that {message}", file.path),
        };
        return Some(markdown(text, header).map_err(refused));
    }
    if file.path.ends_with(".pem") {
        // No header: a PEM file holds certificates and nothing else (fedc's own reader refuses
        // any other text), and the normalised blocks are what the topology's loader reads back.
        let checked = crate::pem::certificates(text)
            .map_err(|e| fail(format!("is not a certificate file: it {e}")))
            .and_then(|certificates| match built_in()? {
                Some(reference) if crate::pem::certificates(&reference).ok() != Some(certificates.clone()) => {
                    Err(fail("holds other certificates than the built-in template writes there".to_string()))
                }
                _ => Ok(certificates),
            });
        return Some(checked);
    }
    None
}

/// How the TOML `ours` differs in content from `reference` (`None`: the same data).
fn toml_difference(ours: &str, reference: &str) -> Option<String> {
    match (toml::from_str::<toml::Value>(ours), toml::from_str::<toml::Value>(reference)) {
        (Ok(ours), Ok(reference)) => difference("", &ours, &reference),
        _ => Some("does not parse as the built-in one does".to_string()),
    }
}

/// The first difference between `ours` and `reference` at `path` (dotted keys, `[i]` for entries).
fn difference(path: &str, ours: &toml::Value, reference: &toml::Value) -> Option<String> {
    let at = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (ours, reference) {
        (toml::Value::Table(ours), toml::Value::Table(reference)) => {
            let keys: BTreeSet<&String> = ours.keys().chain(reference.keys()).collect();
            keys.into_iter().find_map(|key| match (ours.get(key), reference.get(key)) {
                (Some(a), Some(b)) => difference(&at(key), a, b),
                (Some(_), None) => Some(format!("adds `{}`", at(key))),
                _ => Some(format!("leaves out `{}`", at(key))),
            })
        }
        (toml::Value::Array(ours), toml::Value::Array(reference)) => {
            let mut pairs = ours.iter().zip(reference).enumerate();
            pairs.find_map(|(i, (a, b))| difference(&format!("{path}[{i}]"), a, b)).or_else(|| {
                (ours.len() != reference.len())
                    .then(|| format!("has {} entries in `{path}` instead of {}", ours.len(), reference.len()))
            })
        }
        _ if ours == reference => None,
        _ => Some(format!("changes `{path}`")),
    }
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
pub(crate) fn toml_filter(value: minijinja::Value) -> Result<String, minijinja::Error> {
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
    fn the_first_difference_is_named() {
        let base = "[federation]\nname = \"a\"\n[[meshes]]\nname = \"m\"\nroot_cert = \"m-root-cert.pem\"\n";
        assert_eq!(toml_difference(&format!("# a comment\n{base}"), base), None);
        let added = format!("{base}[[overlays]]\ncluster = \"c\"\n");
        assert_eq!(toml_difference(&added, base).as_deref(), Some("adds `overlays`"));
        let escaped = base.replace("m-root-cert.pem", "../../etc/ssl/x.pem");
        assert_eq!(toml_difference(&escaped, base).as_deref(), Some("changes `meshes[0].root_cert`"));
        let fewer = "meshes = []\n[federation]\nname = \"a\"\n";
        assert_eq!(toml_difference(fewer, base).as_deref(), Some("has 0 entries in `meshes` instead of 1"));
        assert_eq!(toml_difference("[federation]\n", base).as_deref(), Some("leaves out `federation.name`"));
    }

    #[test]
    fn the_filter_refuses_what_toml_cannot_hold() {
        assert!(toml_filter(minijinja::Value::from(())).is_err());
    }
}
