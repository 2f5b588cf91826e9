//! `[gitops.argocd]`: sync policy and where each cluster directory is deployed.

use std::collections::BTreeMap;

use super::Resolver;
use crate::check::git::is_flux_interval;
use crate::check::kubernetes::{is_label_key, is_label_value};
use crate::diagnostic::Diagnostic;
use crate::load::{ArgoCdDef, ClusterSelectorDef, DestinationDef, RetryDef, Text};
use crate::model::{ArgoCd, Destination, Destinations, Retry, SyncPolicy};
use crate::source::Span;
use crate::suggest::unknown_help;

impl Resolver<'_> {
    pub(super) fn argocd(&mut self, def: &ArgoCdDef) -> ArgoCd {
        ArgoCd {
            namespace: text_or(&def.namespace, "argocd"),
            project: text_or(&def.project, "default"),
            sync: self.sync_policy(def),
            destinations: self.destinations(def),
        }
    }

    fn sync_policy(&mut self, def: &ArgoCdDef) -> SyncPolicy {
        let flag = |f: &Option<toml::Spanned<bool>>, default: bool| f.as_ref().map_or(default, |f| *f.get_ref());
        let automated = match &def.sync {
            None => true,
            Some(sync) if sync.get_ref() == "automated" => true,
            Some(sync) if sync.get_ref() == "manual" => false,
            Some(sync) => {
                self.report(
                    Diagnostic::error("fedc::gitops::invalid-sync", format!("unknown sync mode `{}`", sync.get_ref()))
                        .label(sync.span(), "expected `automated` or `manual`")
                        .help("`automated`: Argo CD syncs every change; `manual`: someone presses Sync"),
                );
                true
            }
        };
        if !automated {
            for (name, setting) in [("prune", &def.prune), ("self_heal", &def.self_heal)] {
                if let Some(setting) = setting {
                    self.report(
                        Diagnostic::warning(
                            "fedc::gitops::manual-sync-option",
                            format!("`{name}` has no effect with `sync = \"manual\"`"),
                        )
                        .label(setting.span(), "only applies to automated sync")
                        .help(format!("remove `{name}`, or set `sync = \"automated\"`")),
                    );
                }
            }
        }
        SyncPolicy {
            automated,
            prune: automated && flag(&def.prune, true),
            self_heal: automated && flag(&def.self_heal, true),
            create_namespace: flag(&def.create_namespace, false),
            server_side_apply: flag(&def.server_side_apply, false),
            retry: def.retry.as_ref().map(|r| self.retry(r.get_ref())),
        }
    }

    fn retry(&mut self, def: &RetryDef) -> Retry {
        let backoff = self.duration_or(&def.backoff, "5s", "retry backoff");
        let max_backoff = self.duration_or(&def.max_backoff, "3m", "longest retry backoff");
        let factor = def.factor.as_ref().map_or(2, |f| *f.get_ref());
        if let Some(bad) = def.factor.as_ref().filter(|f| *f.get_ref() < 1) {
            self.report(
                Diagnostic::error(
                    "fedc::gitops::invalid-retry",
                    format!("backoff factor {} is below 1", bad.get_ref()),
                )
                .label(bad.span(), "each retry waits this many times longer than the previous one")
                .help("use a factor of 1 (constant backoff) or more, e.g. `factor = 2`"),
            );
        }
        if let Some(bad) = Some(&def.limit).filter(|l| *l.get_ref() < -1) {
            self.report(
                Diagnostic::error("fedc::gitops::invalid-retry", format!("retry limit {} is below -1", bad.get_ref()))
                    .label(bad.span(), "number of retries of a failed sync")
                    .help("use a number of retries, or `-1` to retry without limit"),
            );
        }
        Retry { limit: *def.limit.get_ref(), backoff, factor, max_backoff }
    }

    /// A duration in the syntax both Argo CD and Flux accept, or the default after a finding.
    pub(super) fn duration_or(&mut self, text: &Option<Text>, default: &str, what: &str) -> String {
        match text {
            Some(t) if is_flux_interval(t.get_ref()) => t.get_ref().clone(),
            Some(t) => {
                self.report(
                    Diagnostic::error(
                        "fedc::gitops::invalid-duration",
                        format!("{what} `{}` is not a duration", t.get_ref()),
                    )
                    .label(t.span(), "expected numbers with units `ms`, `s`, `m` or `h`, e.g. `30s`, `1m30s`")
                    .help(format!("write the {what} as a duration, e.g. `{default}`")),
                );
                default.to_string()
            }
            None => default.to_string(),
        }
    }

    fn destinations(&mut self, def: &ArgoCdDef) -> Destinations {
        match (&def.destinations, &def.cluster_selector) {
            (Some(map), Some(selector)) => {
                self.report(
                    Diagnostic::error(
                        "fedc::gitops::conflicting-destinations",
                        "`destinations` and `cluster_selector` both say where clusters are deployed",
                    )
                    .label(map.span(), "maps fedc clusters to Argo CD clusters")
                    .label(selector.span(), "selects Argo CD clusters by label")
                    .help("keep one of them"),
                );
                Destinations::SameName
            }
            (Some(map), None) => Destinations::Mapped(self.destination_map(map.get_ref())),
            (None, Some(selector)) => self.selector(selector.get_ref()),
            (None, None) => Destinations::SameName,
        }
    }

    /// Every fedc cluster gets an entry: the mapped one, or the Argo CD cluster of the same name.
    fn destination_map(
        &mut self,
        map: &BTreeMap<String, toml::Spanned<DestinationDef>>,
    ) -> BTreeMap<String, Destination> {
        let clusters: Vec<String> = self.cluster_names();
        let mut resolved: BTreeMap<String, Destination> =
            clusters.iter().map(|c| (c.clone(), Destination::Name(c.clone()))).collect();
        for (cluster, def) in map {
            if !clusters.contains(cluster) {
                self.unknown_cluster(cluster, def.span(), "`destinations`");
                continue;
            }
            if let Some(destination) = self.destination(cluster, def.get_ref(), def.span()) {
                resolved.insert(cluster.clone(), destination);
            }
        }
        resolved
    }

    fn destination(&mut self, cluster: &str, def: &DestinationDef, span: Span) -> Option<Destination> {
        let problem = match (&def.name, &def.server) {
            (Some(name), None) if is_cluster_name(name.get_ref()) => {
                return Some(Destination::Name(name.get_ref().clone()));
            }
            (Some(name), None) => (name.span(), "an Argo CD cluster name is not empty and has no spaces"),
            (None, Some(server)) if is_api_server_url(server.get_ref()) => {
                return Some(Destination::Server(server.get_ref().clone()));
            }
            (None, Some(server)) => (server.span(), "an API server URL starts with `https://` and names a host"),
            (Some(_), Some(_)) => (span, "Argo CD takes a cluster name or a server URL, not both"),
            (None, None) => (span, "neither `name` nor `server`"),
        };
        self.report(
            Diagnostic::error(
                "fedc::gitops::invalid-destination",
                format!("the Argo CD destination of cluster `{cluster}` is not usable"),
            )
            .label(problem.0, problem.1)
            .help("write `{ name = \"<Argo CD cluster name>\" }` or `{ server = \"https://api.example.com:6443\" }`"),
        );
        None
    }

    fn selector(&mut self, def: &ClusterSelectorDef) -> Destinations {
        let mut bad = Vec::new();
        if !is_label_key(def.label.get_ref()) {
            bad.push((def.label.span(), format!("`{}` is not a label key", def.label.get_ref())));
        }
        for (key, value) in &def.match_labels {
            if !is_label_key(key) || !is_label_value(value.get_ref()) {
                bad.push((value.span(), format!("`{key}: {}` is not a valid label", value.get_ref())));
            }
        }
        for (span, message) in bad {
            self.report(
                Diagnostic::error("fedc::label::invalid", message)
                    .label(span, "Argo CD cluster secrets are selected by this label")
                    .help("label keys are `[prefix/]name` (name: up to 63 letters, digits, `-`, `_`, `.`)"),
            );
        }
        Destinations::Selector {
            label: def.label.get_ref().clone(),
            match_labels: def.match_labels.iter().map(|(k, v)| (k.clone(), v.get_ref().clone())).collect(),
        }
    }

    pub(super) fn unknown_cluster(&mut self, cluster: &str, span: Span, table: &str) {
        let names = self.cluster_names();
        self.report(
            Diagnostic::error("fedc::gitops::unknown-cluster", format!("{table} names unknown cluster `{cluster}`"))
                .label(span, "no [[clusters]] entry is called this")
                .help(unknown_help("cluster", cluster, names.iter().map(String::as_str))),
        );
    }

    pub(super) fn cluster_names(&self) -> Vec<String> {
        self.clusters.names().map(str::to_string).collect()
    }
}

pub(super) fn text_or(text: &Option<Text>, default: &str) -> String {
    text.as_ref().map_or_else(|| default.to_string(), |t| t.get_ref().clone())
}

fn is_cluster_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c.is_control())
}

fn is_api_server_url(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|host| {
        !host.is_empty()
            && !host.starts_with(['/', ':'])
            && !host.contains(|c: char| c.is_whitespace() || c.is_control())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_server_urls_are_https_with_a_host() {
        assert!(is_api_server_url("https://api.east.example.com:6443"));
        assert!(is_api_server_url("https://kubernetes.default.svc"));
        assert!(!is_api_server_url("http://api.example.com"));
        assert!(!is_api_server_url("https://"));
        assert!(!is_api_server_url("https://a b"));
    }
}
