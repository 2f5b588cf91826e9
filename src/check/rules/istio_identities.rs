//! The server identity an importing `istio`/`ossm3` mesh pins on each imported ServiceEntry
//! (`subjectAltNames`, reference B2, B5): `spiffe://<exporter trust domain>/ns/<namespace>/sa/<sa>`,
//! the service account coming from the import rule's `service_account`. Without it the client
//! accepts any certificate its trust bundle verifies, which is reported; a value that is no
//! service account name is an error.
//!
//! Pinned identities are not as narrow as they look: istiod expands every identity of a service
//! (and every `<td>/ns/<ns>/sa/<sa>` principal of an AuthorizationPolicy) to all the trust domains
//! the mesh aliases, which for a federated mesh are all its peers' (B6). Two meshes running the same
//! namespace and service account are then one identity to the importer: reported where fedc knows
//! both (the service accounts of imported services), whether the other is the importer itself or
//! another of its peers.

use std::collections::BTreeSet;

use super::Rule;
use crate::check::Context;
use crate::check::effective::listed::{self as imports, Imported, SERVICE_NAME};
use crate::check::kubernetes::is_dns1123_subdomain;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, MeshId};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let istio = |id: MeshId| fed.mesh(id).istio.is_some();
    for block in fed.imports.iter().filter(|b| istio(b.mesh.id) && istio(b.from.id)) {
        let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
        for rule in &block.rules {
            match &rule.service_account {
                None => out.push(
                    Diagnostic::new(
                        codes::istio::UNPINNED_IDENTITY,
                        format!("`{mesh}` accepts any certificate it trusts for `{}` from `{from}`", rule.service),
                    )
                    .label(rule.service.span.clone(), "no `service_account`: no `subjectAltNames` pinned")
                    .help(format!(
                        "add `service_account = \"<name>\"`, the service account of `{from}`'s workloads behind the service \
                         (`{SERVICE_NAME}` stands for each Service's name): clients then accept only that SPIFFE identity"
                    )),
                ),
                Some(account) if !valid(&account.value) => out.push(
                    Diagnostic::new(
                        codes::istio::INVALID_SERVICE_ACCOUNT,
                        format!("`service_account` `{}` is not a service account name", account.value),
                    )
                    .label(account.span.clone(), "expected a DNS-1123 subdomain, `{name}` allowed")
                    .help("write the Kubernetes ServiceAccount name, lowercase letters, digits, `-` and `.`, e.g. `bookinfo-{name}`"),
                ),
                Some(_) => {}
            }
        }
    }
    let (imported, _) = imports::imported(fed);
    out.extend(indistinguishable(fed, &imported));
}

/// A ServiceAccount name once `{name}` is filled in with any Service name.
fn valid(account: &str) -> bool {
    let sample = account.replace(SERVICE_NAME, "a");
    !sample.contains(['{', '}']) && is_dns1123_subdomain(&sample)
}

/// Imports whose pinned identity another mesh the importer trusts as its own also has.
fn indistinguishable(fed: &Federation, imported: &[Imported]) -> Vec<Diagnostic> {
    let pinned: Vec<&Imported> = imported.iter().filter(|s| s.service_account.is_some()).collect();
    let mut reported = BTreeSet::new();
    let mut found = Vec::new();
    for service in &pinned {
        let aliased = |m: MeshId| m == service.importer || fed.are_peered(m, service.importer);
        for other in pinned.iter().filter(|o| o.exporter != service.exporter && aliased(o.exporter)) {
            if other.backing.namespace != service.backing.namespace || other.service_account != service.service_account
            {
                continue;
            }
            let pair = (service.exporter.min(other.exporter), service.exporter.max(other.exporter));
            if reported.insert((
                service.importer,
                pair,
                service.backing.namespace.clone(),
                service.service_account.clone(),
            )) {
                found.push(finding(fed, service, other));
            }
        }
    }
    found
}

fn finding(fed: &Federation, service: &Imported, other: &Imported) -> Diagnostic {
    let name = |m: MeshId| fed.mesh(m).name.value.as_str();
    let (importer, exporter) = (name(service.importer), name(service.exporter));
    let account = service.service_account.as_deref().unwrap_or_default();
    let identity = format!("ns/{}/sa/{account}", service.backing.namespace);
    let whose = if other.exporter == service.importer {
        "its own".to_string()
    } else {
        format!("`{}`'s", name(other.exporter))
    };
    let span = |s: &Imported| {
        let rule = &fed.imports[s.block].rules[s.rule];
        rule.service_account.as_ref().map_or_else(|| rule.service.span.clone(), |a| a.span.clone())
    };
    Diagnostic::new(
        codes::istio::INDISTINGUISHABLE_IDENTITY,
        format!(
            "mesh `{importer}` cannot tell `{exporter}`'s identity `{identity}` from {whose}: trust-domain aliases make them one"
        ),
    )
    .label(span(service), format!("`{importer}` pins `{}`", service.identity(fed).unwrap_or_default()))
    .label(span(other), format!("`{}` runs `{identity}` too", name(other.exporter)))
    .help(
        "every federated mesh aliases its peers' trust domains, and istiod expands identities in `subjectAltNames` and \
         `<td>/ns/<ns>/sa/<sa>` principals to all of them: the pinned ServiceEntry also accepts the other workload, and a \
         policy naming one admits both. Give the workloads a service account of their own in each mesh (e.g. \
         `<mesh>-<service>`); fedc's export-scope policies admit by trust domain and are not affected",
    )
}
