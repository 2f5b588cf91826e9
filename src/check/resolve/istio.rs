//! The `target` of a mesh and, for `istio`/`ossm3`, its multi-cluster settings. A setting the
//! mesh's target cannot express is refused where it is written, never dropped.

use toml::Spanned;

use super::{Resolver, located, located_or};
use crate::diagnostic::{Diagnostic, codes};
use crate::load::{MeshDef, RemoteSecretsDef, Text};
use crate::model::{
    CERT_PROVIDERS, ClusterId, ISTIO_DEFAULT_VERSION, IstioMesh, IstioVersion, Located, Member, MeshTarget,
    RemoteSecretStore, SAIL_VERSIONS,
};
use crate::source::Span;
use crate::suggest::unknown_help;

impl Resolver<'_> {
    pub(super) fn mesh_target(&mut self, def: &MeshDef) -> Located<MeshTarget> {
        let Some(text) = &def.target else { return Located::new(MeshTarget::Ossm2, def.name.span()) };
        match MeshTarget::parse(text.get_ref()) {
            Some(target) => Located::new(target, text.span()),
            None => {
                let names = MeshTarget::ALL.iter().map(|(n, _)| *n);
                self.report(
                    Diagnostic::new(
                        codes::mesh::UNKNOWN_TARGET,
                        format!("mesh `{}` has unknown target `{}`", def.name.get_ref(), text.get_ref()),
                    )
                    .label(text.span(), "expected `ossm2`, `istio` or `ossm3`")
                    .help(unknown_help("target", text.get_ref(), names)),
                );
                Located::new(MeshTarget::Ossm2, text.span())
            }
        }
    }

    /// The clusters a mesh is on (`cluster`, or every entry of `clusters`), each with where it is
    /// written; `None` after reporting an unknown or missing cluster.
    pub(super) fn mesh_clusters(&mut self, def: &MeshDef) -> Option<Vec<(ClusterId, Span)>> {
        let names: Vec<&Text> = match (&def.cluster, &def.clusters) {
            (Some(one), None) => vec![one],
            (Some(one), Some(list)) => {
                self.report(
                    Diagnostic::new(codes::mesh::TARGET_SETTING, "`cluster` and `clusters` are both set")
                        .label(list.span(), "a mesh names its clusters once")
                        .label(one.span(), "`cluster` is used")
                        .help("keep `cluster` for one cluster, or list every cluster in `clusters` (`istio`/`ossm3`)"),
                );
                vec![one]
            }
            (None, Some(list)) if !list.get_ref().is_empty() => list.get_ref().iter().collect(),
            (None, other) => {
                let span = other.as_ref().map_or(def.name.span(), Spanned::span);
                self.report(
                    Diagnostic::new(
                        codes::mesh::MISSING_CLUSTER,
                        format!("mesh `{}` names no cluster", def.name.get_ref()),
                    )
                    .label(span, "a mesh runs on at least one cluster")
                    .help("add `cluster = \"<name>\"` (or, for `istio`/`ossm3`, `clusters = [\"<a>\", \"<b>\"]`)"),
                );
                return None;
            }
        };
        let expected = names.len();
        let mut found = Vec::new();
        for name in names {
            match self.clusters.find(name, codes::mesh::UNKNOWN_CLUSTER, "mesh") {
                Ok(index) => found.push((ClusterId(index), name.span())),
                Err(finding) => self.diagnostics.extend(finding),
            }
        }
        (found.len() == expected).then_some(found)
    }

    /// The `istio`/`ossm3` settings of a mesh; for `ossm2`, refuses them and returns `None`.
    pub(super) fn istio_mesh(
        &mut self,
        def: &MeshDef,
        target: MeshTarget,
        clusters: &[(ClusterId, Span)],
        cluster_names: &[String],
    ) -> Option<IstioMesh> {
        if target == MeshTarget::Ossm2 {
            self.refuse_istio_settings(def);
            return None;
        }
        self.refuse_ossm2_settings(def, target);
        let at = def.name.span();
        let members = clusters
            .iter()
            .map(|(cluster, span)| {
                let fedc_name = &cluster_names[cluster.0];
                let cluster_name = located_or(def.cluster_names.get(fedc_name), || fedc_name.clone(), span.clone());
                Member { cluster: *cluster, cluster_name, span: span.clone() }
            })
            .collect();
        self.unknown_cluster_name_keys(def, clusters, cluster_names);
        Some(IstioMesh {
            mesh_id: located_or(def.mesh_id.as_ref(), || def.name.get_ref().clone(), at.clone()),
            members,
            version: self.istio_version(def.version.as_ref(), target, at.clone()),
            revision: def.revision.as_ref().map(located),
            cert_provider: self.cert_provider(def.cert_provider.as_ref(), at),
            remote_secrets: def.remote_secrets.as_ref().map(|store| self.remote_store(store)),
            asm: if target == MeshTarget::Istio { self.asm(def) } else { None },
        })
    }

    fn istio_version(&mut self, text: Option<&Text>, target: MeshTarget, at: Span) -> Located<IstioVersion> {
        let default = if target == MeshTarget::Ossm3 { SAIL_VERSIONS[0] } else { ISTIO_DEFAULT_VERSION };
        let fallback = |span| {
            Located::new(
                IstioVersion::parse(default).unwrap_or(IstioVersion { major: 1, minor: 30, text: default.into() }),
                span,
            )
        };
        let Some(text) = text else { return fallback(at) };
        let written = text.get_ref();
        let accepted = match target {
            MeshTarget::Ossm3 => SAIL_VERSIONS.contains(&written.as_str()),
            _ => IstioVersion::parse(written).is_some_and(|v| v.at_least(1, 22) && !written.starts_with('v')),
        };
        if let (true, Some(version)) = (accepted, IstioVersion::parse(written)) {
            return Located::new(version, text.span());
        }
        let (label, help) = match target {
            MeshTarget::Ossm3 => (
                "not a version the OpenShift Service Mesh 3.4 Sail operator accepts".to_string(),
                format!(
                    "`spec.version` of the Sail `Istio` resource is one of {} (default `{}`)",
                    SAIL_VERSIONS.join(", "),
                    SAIL_VERSIONS[0]
                ),
            ),
            _ => (
                "expected an Istio version 1.22 or later, like `1.23.3`".to_string(),
                format!(
                    "write the Istio version `istioctl` installs, without `v` (default `{ISTIO_DEFAULT_VERSION}`); fedc emits `networking.istio.io/v1`, served from Istio 1.22 on"
                ),
            ),
        };
        self.report(
            Diagnostic::new(
                codes::istio::UNSUPPORTED_VERSION,
                format!("`{written}` is not a version this `{}` mesh can run", target.name()),
            )
            .label(text.span(), label)
            .help(help),
        );
        fallback(text.span())
    }

    fn cert_provider(&mut self, text: Option<&Text>, at: Span) -> Located<String> {
        let value = located_or(text, || "istiod".to_string(), at);
        if let Some(text) = text.filter(|t| !CERT_PROVIDERS.contains(&t.get_ref().as_str())) {
            self.report(
                Diagnostic::new(
                    codes::istio::UNKNOWN_CERT_PROVIDER,
                    format!("unknown `cert_provider` `{}`", text.get_ref()),
                )
                .label(text.span(), "expected `istiod` or `kubernetes`")
                .help(unknown_help("cert provider", text.get_ref(), CERT_PROVIDERS.iter().copied())),
            );
        }
        value
    }

    /// `cluster_names` keys must be clusters of this mesh: anything else would be silently unused.
    fn unknown_cluster_name_keys(&mut self, def: &MeshDef, clusters: &[(ClusterId, Span)], names: &[String]) {
        for (key, value) in &def.cluster_names {
            if !clusters.iter().any(|(c, _)| &names[c.0] == key) {
                self.report(
                    Diagnostic::new(
                        codes::istio::CLUSTER_NAME_NOT_MEMBER,
                        format!(
                            "`cluster_names` renames `{key}`, which is not a cluster of mesh `{}`",
                            def.name.get_ref()
                        ),
                    )
                    .label(value.span(), "this name would be used nowhere")
                    .help("add the cluster to `clusters`, or remove this entry"),
                );
            }
        }
    }

    fn refuse_istio_settings(&mut self, def: &MeshDef) {
        let why = "an `ossm2` mesh is one ServiceMeshControlPlane on one cluster";
        let help = "set `target = \"istio\"` or `\"ossm3\"` on this mesh, or remove the setting";
        let mut settings: Vec<(&str, Span)> = Vec::new();
        settings.extend(def.clusters.as_ref().filter(|_| def.cluster.is_none()).map(|c| ("clusters", c.span())));
        settings.extend(def.mesh_id.as_ref().map(|t| ("mesh_id", t.span())));
        settings.extend(def.cluster_names.values().next().map(|t| ("cluster_names", t.span())));
        settings.extend(def.revision.as_ref().map(|t| ("revision", t.span())));
        settings.extend(def.cert_provider.as_ref().map(|t| ("cert_provider", t.span())));
        settings.extend(def.remote_secrets.as_ref().map(|t| ("remote_secrets", t.span())));
        settings.extend(def.asm.as_ref().map(|t| ("asm", t.span())));
        for (key, span) in settings {
            self.refuse(span, key, why, help);
        }
    }

    fn refuse_ossm2_settings(&mut self, def: &MeshDef, target: MeshTarget) {
        let why = "per-peer federation gateways exist only in OpenShift Service Mesh 2 federation";
        let help = "remove it: the east-west gateway of each cluster is found by istiod through its Service";
        let mut settings: Vec<(&str, Span)> = Vec::new();
        settings.extend(def.ingress.as_ref().map(|i| ("ingress", i.span())));
        settings.extend(def.gateways.values().next().map(|g| ("gateways", g.span())));
        if target == MeshTarget::Ossm3 {
            settings.extend(def.revision.as_ref().map(|t| ("revision", t.span())));
            settings.extend(def.asm.as_ref().map(|t| ("asm", t.span())));
        }
        for (key, span) in settings {
            let (why, help) = match key {
                "revision" => ("the Sail operator names revisions itself", "remove `revision`"),
                "asm" => (
                    "Anthos Service Mesh is installed with `asmcli`; OpenShift Service Mesh 3 by the Sail operator",
                    "set `target = \"istio\"` for an Anthos Service Mesh mesh, or remove `asm`",
                ),
                _ => (why, help),
            };
            self.refuse(span, key, why, help);
        }
    }

    fn refuse(&mut self, span: Span, key: &str, why: &str, help: &str) {
        self.report(
            Diagnostic::new(codes::mesh::TARGET_SETTING, format!("`{key}` cannot be expressed for this mesh's target"))
                .label(span, why.to_string())
                .help(help.to_string()),
        );
    }
}

impl Resolver<'_> {
    fn remote_store(&mut self, def: &Spanned<RemoteSecretsDef>) -> RemoteSecretStore {
        let span = def.span();
        let d = def.get_ref();
        if let Some(kind) = d.store_kind.as_ref().filter(|k| !STORE_KINDS.contains(&k.get_ref().as_str())) {
            self.report(
                Diagnostic::new(codes::istio::UNKNOWN_STORE_KIND, format!("unknown `store_kind` `{}`", kind.get_ref()))
                    .label(kind.span(), "expected `ClusterSecretStore` or `SecretStore`")
                    .help(unknown_help("store kind", kind.get_ref(), STORE_KINDS.iter().copied())),
            );
        }
        remote_store(d, span)
    }
}

const STORE_KINDS: &[&str] = &["ClusterSecretStore", "SecretStore"];

fn remote_store(d: &RemoteSecretsDef, span: Span) -> RemoteSecretStore {
    RemoteSecretStore {
        store: located(&d.store),
        store_kind: located_or(d.store_kind.as_ref(), || "ClusterSecretStore".into(), span.clone()),
        key: located_or(d.key.as_ref(), || "istio-remote-secret-{cluster}".into(), span),
    }
}
