//! The templates objects are rendered with: compiled into the binary from `templates/`, each one
//! replaceable by a file of the same relative name under `--templates DIR`.

use std::path::Path;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::diagnostic::codes;
use crate::error::Error;

/// Every template fedc uses, by name (its path under `templates/`).
pub(crate) const BUILT_IN: &[(&str, &str)] = &[
    (MACROS, include_str!("../../templates/macros.j2")),
    ("kustomization.yaml.j2", include_str!("../../templates/kustomization.yaml.j2")),
    (
        "maistra/servicemeshcontrolplane.yaml.j2",
        include_str!("../../templates/maistra/servicemeshcontrolplane.yaml.j2"),
    ),
    ("maistra/servicemeshpeer.yaml.j2", include_str!("../../templates/maistra/servicemeshpeer.yaml.j2")),
    ("maistra/ca-root-cert.yaml.j2", include_str!("../../templates/maistra/ca-root-cert.yaml.j2")),
    ("maistra/partner-handoff.toml.j2", include_str!("../../templates/maistra/partner-handoff.toml.j2")),
    ("maistra/partner-root-cert.pem.j2", include_str!("../../templates/maistra/partner-root-cert.pem.j2")),
    ("maistra/exportedserviceset.yaml.j2", include_str!("../../templates/maistra/exportedserviceset.yaml.j2")),
    ("maistra/importedserviceset.yaml.j2", include_str!("../../templates/maistra/importedserviceset.yaml.j2")),
    (
        "maistra/destinationrule-failover.yaml.j2",
        include_str!("../../templates/maistra/destinationrule-failover.yaml.j2"),
    ),
    ("istio/namespace.yaml.j2", include_str!("../../templates/istio/namespace.yaml.j2")),
    ("istio/cross-network-gateway.yaml.j2", include_str!("../../templates/istio/cross-network-gateway.yaml.j2")),
    ("istio/externalsecret.yaml.j2", include_str!("../../templates/istio/externalsecret.yaml.j2")),
    (
        "istio/istiooperator-control-plane.yaml.j2",
        include_str!("../../templates/istio/istiooperator-control-plane.yaml.j2"),
    ),
    ("istio/istiooperator-eastwest.yaml.j2", include_str!("../../templates/istio/istiooperator-eastwest.yaml.j2")),
    ("istio/operator-steps.md.j2", include_str!("../../templates/istio/operator-steps.md.j2")),
    ("istio/sail-istio.yaml.j2", include_str!("../../templates/istio/sail-istio.yaml.j2")),
    ("istio/sail-istiocni.yaml.j2", include_str!("../../templates/istio/sail-istiocni.yaml.j2")),
    ("istio/eastwest-serviceaccount.yaml.j2", include_str!("../../templates/istio/eastwest-serviceaccount.yaml.j2")),
    ("istio/eastwest-deployment.yaml.j2", include_str!("../../templates/istio/eastwest-deployment.yaml.j2")),
    ("istio/eastwest-service.yaml.j2", include_str!("../../templates/istio/eastwest-service.yaml.j2")),
    ("istio/eastwest-role.yaml.j2", include_str!("../../templates/istio/eastwest-role.yaml.j2")),
    ("istio/eastwest-rolebinding.yaml.j2", include_str!("../../templates/istio/eastwest-rolebinding.yaml.j2")),
    ("istio/eastwest-pdb.yaml.j2", include_str!("../../templates/istio/eastwest-pdb.yaml.j2")),
    ("istio/eastwest-hpa.yaml.j2", include_str!("../../templates/istio/eastwest-hpa.yaml.j2")),
    ("federation_istio/serviceentry.yaml.j2", include_str!("../../templates/federation_istio/serviceentry.yaml.j2")),
    (
        "federation_istio/authorizationpolicy.yaml.j2",
        include_str!("../../templates/federation_istio/authorizationpolicy.yaml.j2"),
    ),
    ("federation_istio/workloadentry.yaml.j2", include_str!("../../templates/federation_istio/workloadentry.yaml.j2")),
    (
        "federation_istio/remote-gateway.yaml.j2",
        include_str!("../../templates/federation_istio/remote-gateway.yaml.j2"),
    ),
    (
        "federation_istio/destinationrule-failover.yaml.j2",
        include_str!("../../templates/federation_istio/destinationrule-failover.yaml.j2"),
    ),
    ("gitops/applicationset.yaml.j2", include_str!("../../templates/gitops/applicationset.yaml.j2")),
    ("gitops/flux-kustomization.yaml.j2", include_str!("../../templates/gitops/flux-kustomization.yaml.j2")),
    ("gitops/namespace.yaml.j2", include_str!("../../templates/gitops/namespace.yaml.j2")),
    ("gitops/argocd-cm-health.yaml.j2", include_str!("../../templates/gitops/argocd-cm-health.yaml.j2")),
];

/// The template whose `metadata` macro the built-in `metadata` function writes
/// (`metadata_function.rs`).
const MACROS: &str = "macros.j2";

/// A template that calls `metadata(`, importing the macro of a replaced `macros.j2` first, which
/// shadows the function: a replaced macro shapes every object, as when every template imported
/// it (a later import or definition in the template still wins). Put before its first line,
/// trimming nothing after it, so its text and line numbers stay.
fn with_macros_imported(source: &str) -> String {
    format!("{{%- from \"{MACROS}\" import metadata %}}{source}")
}

/// Instructions one render may execute (minijinja's fuel): far above what any built-in template
/// needs, far below what makes a build slow.
pub(crate) const RENDER_FUEL: u64 = 2_000_000;
/// Nesting of macro calls and includes one render may reach.
const RECURSION_LIMIT: usize = 64;

pub(crate) struct Templates {
    env: Environment<'static>,
    /// `(name, source)` of every template in effect, for the lock file.
    sources: Vec<(String, String)>,
    /// The built-in templates alone, when some are overridden: what the topology planned, for
    /// tracing what an override changed (`trace`).
    built_in: Option<Environment<'static>>,
    /// The templates whose objects are built without rendering (`native`): those of
    /// `native::BUILT` that are in effect as built in, with the built-in `macros.j2`.
    native: Vec<&'static str>,
}

impl Templates {
    /// The built-in templates, with those present in `overrides` replaced. Every file under
    /// `overrides` must replace a built-in template (see `load::template_overrides`).
    pub(crate) fn load(overrides: Option<&Path>) -> Result<Templates, Error> {
        let names: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
        let mut replaced = match overrides {
            Some(dir) => crate::load::template_overrides(dir, &names)?,
            None => Default::default(),
        };
        let mut env = environment();
        let pristine = (!replaced.is_empty()).then(built_in_environment);
        let macros_replaced = replaced.contains_key(MACROS);
        let native = match macros_replaced {
            true => Vec::new(),
            false => super::native::BUILT.into_iter().filter(|name| !replaced.contains_key(*name)).collect(),
        };
        let mut sources = Vec::new();
        for (name, built_in) in BUILT_IN {
            let source = replaced.remove(*name).unwrap_or_else(|| (*built_in).to_string());
            let calls_metadata = *name != MACROS && source.contains("metadata(");
            let compiled =
                if macros_replaced && calls_metadata { with_macros_imported(&source) } else { source.clone() };
            env.add_template_owned(name.to_string(), compiled).map_err(|e| Error::Template {
                code: codes::template::INVALID,
                template: name.to_string(),
                message: describe(&e),
            })?;
            sources.push((name.to_string(), source));
        }
        Ok(Templates { env, sources, built_in: pristine, native })
    }

    /// Whether the object of `name` is built without rendering it (`native`): the template and
    /// `macros.j2` are the built-in ones and there is a builder for it.
    pub(crate) fn built_natively(&self, name: &str) -> bool {
        self.native.contains(&name)
    }

    /// Whether some built-in template is replaced (`--templates DIR` with files in it).
    pub(crate) fn overridden(&self) -> bool {
        self.built_in.is_some()
    }

    /// `name` rendered by the built-in templates alone, when some are overridden.
    pub(crate) fn render_built_in(&self, name: &str, context: &serde_json::Value) -> Option<Result<String, Error>> {
        let env = self.built_in.as_ref()?;
        let template = match env.get_template(name) {
            Ok(template) => template,
            Err(e) => return Some(Err(template_error(name, &e))),
        };
        Some(render_bounded(&template, name, context))
    }

    pub(crate) fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    pub(crate) fn render(&self, name: &str, context: &serde_json::Value) -> Result<String, Error> {
        let template = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        render_bounded(&template, name, context)
    }
}

/// Most text one render may write: well above the largest object the API server stores (checked
/// once it is parsed, `schema::size`), so that a template override looping over large strings is
/// stopped here, before its output takes the memory (fuel counts instructions, not bytes).
pub(crate) const OUTPUT_LIMIT: usize = 4 << 20;

fn render_bounded(
    template: &minijinja::Template<'_, '_>,
    name: &str,
    context: &serde_json::Value,
) -> Result<String, Error> {
    let mut out = Bounded { text: Vec::new(), over: false };
    match template.render_captured_to(minijinja::value::Serde(context), &mut out) {
        Ok(_) => String::from_utf8(out.text).map_err(|e| Error::Template {
            code: codes::template::FAILED,
            template: name.to_string(),
            message: format!("rendered text that is not UTF-8: {e}"),
        }),
        Err(_) if out.over => Err(Error::Template {
            code: codes::template::OBJECT_TOO_LARGE,
            template: name.to_string(),
            message: format!("rendered more than {} MiB of text (stopped there)", OUTPUT_LIMIT >> 20),
        }),
        Err(e) => Err(template_error(name, &e)),
    }
}

/// A render's output, refused past [`OUTPUT_LIMIT`].
struct Bounded {
    text: Vec<u8>,
    over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > OUTPUT_LIMIT {
            self.over = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An environment with fedc's settings and filters, no templates yet.
pub(super) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A template override comes from the repository: nested loops must not keep CI busy for
    // hours. The built-in templates use a few thousand units for the largest object.
    env.set_fuel(Some(RENDER_FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.add_filter("toml", super::document::toml_filter);
    env.add_filter("tojson", super::tojson::tojson);
    env.add_function("metadata", super::metadata_function::metadata);
    env
}

/// The built-in templates alone (they compile: a unit test renders every one).
fn built_in_environment() -> Environment<'static> {
    let mut env = environment();
    for (name, source) in BUILT_IN {
        let _ = env.add_template(name, source);
    }
    env
}

fn template_error(name: &str, error: &minijinja::Error) -> Error {
    Error::Template { code: codes::template::FAILED, template: name.to_string(), message: describe(error) }
}

/// The error with its chain of causes, on one line.
fn describe(error: &minijinja::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    /// The templates compiled in are exactly the files under `templates/` (tests read the
    /// directory to know what `--templates DIR` may override).
    #[test]
    fn built_in_templates_are_the_template_directory() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk: Vec<(String, String)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let name = e.path().strip_prefix(&root).expect("under templates/").to_string_lossy().replace('\\', "/");
                (name, std::fs::read_to_string(e.path()).expect("read template"))
            })
            .collect();
        on_disk.sort();
        let mut compiled: Vec<(String, String)> =
            super::BUILT_IN.iter().map(|(n, t)| ((*n).to_string(), (*t).to_string())).collect();
        compiled.sort();
        assert_eq!(compiled, on_disk);
    }
}
