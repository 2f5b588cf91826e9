//! Root certificates are published to every peer in a ConfigMap: the file must be readable and hold
//! CA certificates only, each within its validity period, and fit in a ConfigMap. A mesh with
//! peers but no `root_cert` leaves each peer's `<mesh>-ca-root-cert` ConfigMap to be created out of
//! band; the peer does not reconcile until it exists.

use std::time::{SystemTime, UNIX_EPOCH};

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::load::size;
use crate::model::{ExpiryWarning, Mesh, RootCert};
use crate::pem::x509::{self, Certificate, utc};
use crate::pem::{self, Block};

pub(crate) const RULE: Rule = Rule { run };

/// The API server refuses a ConfigMap whose data exceeds 1 MiB (and etcd an object much larger).
const CONFIG_MAP_LIMIT: usize = 1024 * 1024;

/// Allowance for everything in the ConfigMap besides the certificates: names, labels, and what
/// Argo CD or kubectl add (a `last-applied-configuration` annotation is not counted: use
/// server-side apply for large bundles).
const CONFIG_MAP_OVERHEAD: usize = 8 * 1024;

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        match &mesh.root_cert {
            Some(cert) => {
                cert_findings(mesh, cert, &Clock { now, warning: &fed.certificate_expiry_warning.value }, out)
            }
            // A partner's missing certificate is `fedc::partner::missing-root-cert`, an error.
            None if !fed.peers_of(id).is_empty() && !fed.is_partner(id) => out.push(
                Diagnostic::new(
                    codes::cert::MISSING,
                    format!("mesh `{}` has peers but no `root_cert`", mesh.name.value),
                )
                .label(mesh.name.span.clone(), missing_root_label(mesh))
                .help(if mesh.istio.is_some() {
                    "set `root_cert` to this mesh's root CA (PEM), or add it to every peer's `meshConfig.caCertificates` with an overlay"
                } else {
                    "set `root_cert` to this mesh's root CA (PEM), or create the ConfigMap on every peer yourself"
                }),
            ),
            None => {}
        }
    }
}

/// The time certificates are judged at, and how early to warn about expiry.
struct Clock<'a> {
    /// Seconds since the Unix epoch.
    now: i64,
    warning: &'a ExpiryWarning,
}

/// Every finding about one mesh's `root_cert` file.
fn cert_findings(mesh: &Mesh, cert: &RootCert, clock: &Clock, out: &mut Vec<Diagnostic>) {
    let path = &cert.path;
    let Some(text) = &cert.pem else {
        if let Some(problem) = &cert.read_error {
            out.push(problem.diagnostic(&path.value, path.span.clone()));
        }
        return;
    };
    let blocks = match pem::blocks(text) {
        Ok(blocks) => blocks,
        Err(problem) => {
            out.push(
                Diagnostic::new(
                    codes::cert::INVALID,
                    format!("root certificate of mesh `{}` {problem}", mesh.name.value),
                )
                .label(path.span.clone(), format!("`{}` is published to every peer", path.value))
                .help("the file must hold PEM `CERTIFICATE` blocks only: never a private key"),
            );
            return;
        }
    };
    out.extend(bundle_size(mesh, cert, &blocks));
    for block in &blocks {
        let finding = match x509::inspect(block) {
            Ok(certificate) => certificate_finding(cert, &certificate, clock),
            Err(reason) => Some(not_x509(cert, block, &reason)),
        };
        out.extend(finding);
    }
}

fn not_x509(cert: &RootCert, block: &Block, reason: &str) -> Diagnostic {
    Diagnostic::new(
        codes::cert::NOT_X509,
        format!(
            "the `CERTIFICATE` block at line {} of `{}` is not a certificate: {reason}",
            block.line, cert.path.value
        ),
    )
    .label(cert.path.span.clone(), "this file")
    .help("a `CERTIFICATE` block holds one base64-encoded DER X.509 certificate; re-export the root CA")
}

/// At most one finding per certificate: not a CA, else not yet valid, expired or expiring.
fn certificate_finding(cert: &RootCert, certificate: &Certificate, clock: &Clock) -> Option<Diagnostic> {
    let which = format!("`{}` (line {} of `{}`)", certificate.subject, certificate.line, cert.path.value);
    let label = |d: Diagnostic| d.label(cert.path.span.clone(), "this file");
    if let Some(reason) = certificate.not_a_ca {
        let message = format!("certificate {which} is not a CA certificate: {reason}");
        return Some(label(Diagnostic::new(codes::cert::NOT_A_CA, message)).help(
            "`root_cert` is the mesh's root CA (basicConstraints CA:TRUE, keyUsage keyCertSign), not a gateway's or a \
             workload's certificate",
        ));
    }
    if certificate.not_before > clock.now {
        let message = format!("root certificate {which} is not valid before {}", utc(certificate.not_before));
        return Some(
            label(Diagnostic::new(codes::cert::NOT_YET_VALID, message))
                .help("peers refuse it until then: publish the root CA in use now (keep the new one for later)"),
        );
    }
    if certificate.not_after < clock.now {
        let message = format!("root certificate {which} expired on {}", utc(certificate.not_after));
        return Some(
            label(Diagnostic::new(codes::cert::EXPIRED, message))
                .help("peers refuse it: replace it with the mesh's current root CA"),
        );
    }
    if certificate.not_after - clock.now < clock.warning.seconds {
        let message = format!(
            "root certificate {which} expires on {}, within the {} warning window",
            utc(certificate.not_after),
            clock.warning.written
        );
        return Some(label(Diagnostic::new(codes::cert::EXPIRES_SOON, message)).help(
            "rotate the root CA: publish the new root next to the old one (both in this file) before the old one \
             expires; `[federation] certificate_expiry_warning` sets the window",
        ));
    }
    None
}

/// The ConfigMap's size as the API server stores it (JSON, so each line break takes two bytes),
/// plus an allowance for the rest of the object: refused above 1 MiB.
fn bundle_size(mesh: &Mesh, cert: &RootCert, blocks: &[Block]) -> Option<Diagnostic> {
    let pem: usize = blocks.iter().map(|b| b.text.len() + b.text.matches('\n').count()).sum();
    let estimate = pem + CONFIG_MAP_OVERHEAD;
    (estimate > CONFIG_MAP_LIMIT).then(|| {
        Diagnostic::new(
            codes::cert::TOO_LARGE,
            format!(
                "the {} certificates in `{}` would make ConfigMap `{}-ca-root-cert` about {estimate} bytes; the API \
                 server refuses more than {}",
                blocks.len(),
                cert.path.value,
                mesh.name.value,
                size(CONFIG_MAP_LIMIT as u64)
            ),
        )
        .label(cert.path.span.clone(), "this file")
        .help("publish only the root CAs peers need (the current one, and the next during a rotation)")
    })
}

/// Where peers look for the root: OSSM 2's CA ConfigMap, or an Istio peer's `caCertificates`.
fn missing_root_label(mesh: &crate::model::Mesh) -> String {
    match mesh.istio {
        Some(_) => "peers' `meshConfig.caCertificates` will lack this mesh's root".to_string(),
        None => format!("peers expect ConfigMap `{}-ca-root-cert`", mesh.name.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::model::Located;

    const DAY: i64 = 86_400;

    fn code_at(now: i64, window_days: i64) -> Option<Code> {
        let cert = RootCert {
            path: Located::new("ca.pem".to_string(), 0..1),
            pem: None,
            certificates: None,
            read_error: None,
        };
        let certificate = Certificate {
            line: 1,
            subject: "CN=ca".to_string(),
            not_before: 1000 * DAY,
            not_after: 2000 * DAY,
            not_a_ca: None,
        };
        let warning = ExpiryWarning { seconds: window_days * DAY, written: format!("{window_days}d") };
        certificate_finding(&cert, &certificate, &Clock { now, warning: &warning }).map(|d| d.code)
    }

    #[test]
    fn validity_is_judged_at_the_clock() {
        assert_eq!(code_at(1000 * DAY - 1, 30), Some(codes::cert::NOT_YET_VALID));
        assert_eq!(code_at(1000 * DAY, 30), None);
        assert_eq!(code_at(1970 * DAY, 30), None);
        assert_eq!(code_at(1970 * DAY + 1, 30), Some(codes::cert::EXPIRES_SOON));
        assert_eq!(code_at(1990 * DAY, 5), None);
        assert_eq!(code_at(2000 * DAY, 30), Some(codes::cert::EXPIRES_SOON));
        assert_eq!(code_at(2000 * DAY + 1, 30), Some(codes::cert::EXPIRED));
        assert_eq!(code_at(2000 * DAY + 1, 0), Some(codes::cert::EXPIRED));
    }
}
