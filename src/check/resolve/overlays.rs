use toml::Spanned;

use super::{Resolver, located};
use crate::diagnostic::{Diagnostic, codes};
use crate::load::{FileProblem, OverlayDef, Text};
use crate::model::{Overlay, OverlayPatch};
use crate::source::Span;

impl Resolver<'_> {
    pub(super) fn overlays(&mut self, defs: &[Spanned<OverlayDef>]) -> Vec<Overlay> {
        defs.iter().enumerate().filter_map(|(i, def)| self.overlay(i, def)).collect()
    }

    fn overlay(&mut self, index: usize, def: &Spanned<OverlayDef>) -> Option<Overlay> {
        let span = def.span();
        let o = def.get_ref();
        let sources = [o.patch.is_some(), o.merge.is_some(), o.patch_file.is_some(), o.merge_file.is_some()];
        if sources.iter().filter(|s| **s).count() != 1 {
            self.report(
                Diagnostic::new(codes::overlay::INVALID_PATCH, "an overlay needs exactly one patch")
                    .label(span, "this overlay")
                    .help("set one of `patch`, `merge`, `patch_file`, `merge_file`"),
            );
            return None;
        }
        let patch = if let Some(patch) = &o.patch {
            self.json_patch(to_json(patch.get_ref()), patch.span())?
        } else if let Some(merge) = &o.merge {
            OverlayPatch::Merge(to_json(merge.get_ref()))
        } else if let Some(file) = &o.patch_file {
            let value = self.patch_file(file)?;
            self.json_patch(value, file.span())?
        } else {
            OverlayPatch::Merge(self.patch_file(o.merge_file.as_ref()?)?)
        };
        Some(Overlay {
            cluster: o.cluster.as_ref().map(located),
            kind: o.kind.as_ref().map(located),
            namespace: o.namespace.as_ref().map(located),
            name: o.name.as_ref().map(located),
            patch,
            label: format!("overlays[{index}]"),
            span,
        })
    }

    fn json_patch(&mut self, value: serde_json::Value, span: Span) -> Option<OverlayPatch> {
        match serde_json::from_value::<json_patch::Patch>(value) {
            Ok(patch) => Some(OverlayPatch::Json(patch)),
            Err(error) => {
                self.report(
                    Diagnostic::new(codes::overlay::INVALID_PATCH, format!("not an RFC 6902 JSON patch: {error}"))
                        .label(span, "this patch")
                        .help("a JSON patch is a list of `{ op, path, value }` operations"),
                );
                None
            }
        }
    }

    fn patch_file(&mut self, file: &Text) -> Option<serde_json::Value> {
        let content = match self.attachments.get(file.get_ref()) {
            Some(Ok(content)) => content,
            Some(Err(problem)) => {
                self.report(problem.diagnostic(file.get_ref(), file.span()));
                return None;
            }
            None => {
                let problem = FileProblem::Unreadable("not read".to_string());
                self.report(problem.diagnostic(file.get_ref(), file.span()));
                return None;
            }
        };
        match serde_json::from_str(content) {
            Ok(value) => Some(value),
            Err(error) => {
                self.report(
                    Diagnostic::new(
                        codes::overlay::INVALID_PATCH,
                        format!("`{}` is not JSON: {error}", file.get_ref()),
                    )
                    .label(file.span(), "this file")
                    .help("patch files hold JSON (RFC 6902 operations or an RFC 7386 merge patch)"),
                );
                None
            }
        }
    }
}

/// TOML values map one to one onto JSON, except datetimes, which become strings.
pub(crate) fn to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}
