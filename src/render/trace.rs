//! What the controllers will read of an object, and what changed it. A [`Reader`] (the `verify`
//! stage's) names the facts of an object that matter to the federation; for every object it
//! reads, rendering keeps those facts of the final object and, where a template override or an
//! overlay touched the object, each fact whose value differs from the built-in rendering without
//! overlays (what the topology planned), with the override or the overlay operation that changed
//! it. Nothing is traced for objects nobody customised, so a build without overlays pays only the
//! reading of a few fields per object.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Templates, object, overlay};
use crate::model::Overlay;
use crate::plan::PlannedFile;

/// The facts of one object: a name → its value (`Null` where the object has none).
pub(crate) type Facts = BTreeMap<&'static str, Value>;

/// Reads the facts of the objects it knows (`None` for the others).
pub(crate) trait Reader: Sync {
    fn facts(&self, object: &Value) -> Option<Facts>;
}

/// A reader of nothing.
#[cfg(test)]
pub(crate) struct Nothing;

#[cfg(test)]
impl Reader for Nothing {
    fn facts(&self, _: &Value) -> Option<Facts> {
        None
    }
}

/// What was read of one rendered object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Read {
    pub(crate) facts: Facts,
    /// Facts that differ from the built-in rendering without overlays, by fact name.
    pub(crate) changes: Vec<Change>,
}

/// A fact whose final value is not the planned one, and who changed it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub(crate) fact: &'static str,
    /// The value the topology planned (`Null`: none).
    pub(crate) planned: Value,
    pub(crate) cause: Cause,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The template override of that name (`--templates`).
    Template(String),
    /// `overlays[index]`; for an RFC 6902 patch, the operation (0-based) that made the change.
    Overlay { index: usize, operation: Option<usize> },
}

/// How one object was rendered: enough to render it again another way.
pub(super) struct Trace<'a> {
    pub(super) file: &'a PlannedFile,
    pub(super) templates: &'a Templates,
    pub(super) overlays: &'a [Overlay],
    pub(super) cluster: &'a str,
    /// The template's output (before overlays); `None` for an object built without rendering
    /// (`native`), built again where it is needed.
    pub(super) text: Option<&'a str>,
}

impl Trace<'_> {
    /// What `reader` reads of `object` (the final one), given `base`, the facts of the
    /// template's output before overlays; `customised`: an overlay applied or templates are
    /// overridden.
    pub(super) fn read(&self, reader: &dyn Reader, base: Facts, object: &Value, customised: bool) -> Read {
        if !customised {
            // Nothing touched the object since `base` was read.
            return Read { facts: base, changes: Vec::new() };
        }
        let facts = reader.facts(object).unwrap_or_default();
        let planned = self.built_in(reader).unwrap_or_else(|| base.clone());
        let mut changes = Vec::new();
        for (fact, value) in &facts {
            let was = planned.get(fact).cloned().unwrap_or(Value::Null);
            if *value == was {
                continue;
            }
            let cause = if base.get(fact) == Some(&was) {
                self.overlay_that_changed(reader, fact, &was)
            } else {
                Cause::Template(self.file.template.to_string())
            };
            changes.push(Change { fact, planned: was, cause });
        }
        Read { facts, changes }
    }

    /// The facts of the built-in template's rendering, when templates are overridden.
    fn built_in(&self, reader: &dyn Reader) -> Option<Facts> {
        let text = self.templates.render_built_in(self.file.template, &self.file.context)?.ok()?;
        reader.facts(&object::parse(&text, self.file).ok()?)
    }

    /// The first overlay (and operation) after which `fact` is no longer `was`.
    fn overlay_that_changed(&self, reader: &dyn Reader, fact: &str, was: &Value) -> Cause {
        let planned = match self.text {
            Some(text) => object::parse(text, self.file).ok(),
            None => super::native::object(self.file.template, &self.file.context),
        };
        let Some(mut object) = planned else {
            return Cause::Overlay { index: 0, operation: None };
        };
        let (mut changed, mut applied) = (None, None);
        overlay::replay(self.overlays, self.cluster, &mut object, |index, operation, object| {
            applied.get_or_insert((index, operation));
            let now = reader.facts(object).and_then(|f| f.get(fact).cloned()).unwrap_or(Value::Null);
            if now == *was {
                return false;
            }
            changed = Some((index, operation));
            true
        });
        let (index, operation) = changed.or(applied).unwrap_or((0, None));
        Cause::Overlay { index, operation }
    }
}
