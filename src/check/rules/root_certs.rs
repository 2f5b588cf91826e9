//! Root certificates are published to every peer in a ConfigMap: the file must be readable and hold
//! certificates only. A mesh with peers but no `root_cert` leaves each peer's `<mesh>-ca-root-cert`
//! ConfigMap to be created out of band; the peer does not reconcile until it exists.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Mesh, RootCert};
use crate::pem;

pub const RULE: Rule = Rule { name: "root-certs", run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        match &mesh.root_cert {
            Some(cert) => out.extend(cert_finding(mesh, cert)),
            None if !fed.peers_of(id).is_empty() => out.push(
                Diagnostic::warning(
                    "fedc::cert::missing",
                    format!("mesh `{}` has peers but no `root_cert`", mesh.name.value),
                )
                .label(mesh.name.span.clone(), format!("peers expect ConfigMap `{}-ca-root-cert`", mesh.name.value))
                .help("set `root_cert` to this mesh's root CA (PEM), or create the ConfigMap on every peer yourself"),
            ),
            None => {}
        }
    }
}

fn cert_finding(mesh: &Mesh, cert: &RootCert) -> Option<Diagnostic> {
    let path = &cert.path;
    let Some(text) = &cert.pem else {
        let reason = cert.read_error.as_deref().unwrap_or("not read");
        return Some(
            Diagnostic::error("fedc::file::unreadable", format!("cannot read `{}`: {reason}", path.value))
                .label(path.span.clone(), "this file")
                .help("paths are relative to the topology file"),
        );
    };
    let problem = pem::certificates(text).err()?;
    Some(
        Diagnostic::error("fedc::cert::invalid", format!("root certificate of mesh `{}` {problem}", mesh.name.value))
            .label(path.span.clone(), format!("`{}` is published to every peer", path.value))
            .help("the file must hold PEM `CERTIFICATE` blocks only: never a private key"),
    )
}
