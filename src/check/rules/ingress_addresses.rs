//! Addresses peers dial to reach this mesh's ingress gateways: a LoadBalancer mesh must give every
//! peer one, each a bare IP address or DNS name (istiod resolves them, maistra-semantics §8), and
//! an address pattern may only use the placeholders fedc fills in.

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::check::addresses::{PLACEHOLDERS, address_problem, sample, unknown_placeholders};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Exposure, Federation, Located, MeshId};
use crate::suggest::unknown_help;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    // `istio`/`ossm3` meshes are reached through their clusters' `eastwest_address` instead.
    for id in fed.mesh_ids().filter(|&id| fed.mesh(id).istio.is_none()) {
        match &fed.mesh(id).ingress.exposure {
            Exposure::LoadBalancer { pattern, addresses } => {
                missing(out, fed, id, pattern.as_ref(), addresses);
                out.extend(pattern.as_ref().and_then(pattern_finding));
                for address in addresses.values().flat_map(|list| &list.value) {
                    out.extend(address_finding(address));
                }
            }
            Exposure::NodePort { nodes, .. } => {
                for address in nodes {
                    out.extend(address_finding(address));
                }
            }
        }
    }
}

type Addresses = BTreeMap<String, Located<Vec<Located<String>>>>;

fn missing(
    out: &mut Vec<Diagnostic>,
    fed: &Federation,
    id: MeshId,
    pattern: Option<&Located<String>>,
    addresses: &Addresses,
) {
    let mesh = fed.mesh(id);
    for peer in fed.peers_of(id) {
        let peer = &fed.mesh(peer).name.value;
        let listed = addresses.get(peer);
        if listed.is_some_and(|l| !l.value.is_empty()) || (listed.is_none() && pattern.is_some()) {
            continue;
        }
        let at = listed.map_or(mesh.ingress.span.clone(), |l| l.span.clone());
        out.push(
            Diagnostic::new(
                codes::ingress::MISSING_ADDRESS,
                format!("mesh `{}` gives peer `{peer}` no address to reach its ingress gateway", mesh.name.value),
            )
            .label(at, format!("no address for `{peer}`"))
            .help(format!(
                "set `ingress.address` to a pattern like \"{{gateway}}.example.com\", or `ingress.addresses.{peer} = [\"…\"]`"
            )),
        );
    }
}

fn pattern_finding(pattern: &Located<String>) -> Option<Diagnostic> {
    match unknown_placeholders(&pattern.value) {
        Ok(unknown) if !unknown.is_empty() => {
            let help =
                unknown.iter().map(|u| unknown_help("placeholder", u, PLACEHOLDERS)).collect::<Vec<_>>().join("; ");
            let names: Vec<String> = unknown.iter().map(|u| format!("`{{{u}}}`")).collect();
            Some(
                Diagnostic::new(
                    codes::ingress::UNKNOWN_PLACEHOLDER,
                    format!("address pattern uses unknown placeholder {}", names.join(", ")),
                )
                .label(pattern.span.clone(), "fedc fills in `{peer}`, `{mesh}`, `{gateway}` and `{cluster}`")
                .help(help),
            )
        }
        Ok(_) => address_finding(&Located::new(sample(&pattern.value), pattern.span.clone())).map(|d| Diagnostic {
            message: format!("address pattern `{}` does not make an address", pattern.value),
            ..d
        }),
        Err(_) => Some(invalid(pattern, "braces must enclose a placeholder such as `{gateway}`")),
    }
}

fn address_finding(address: &Located<String>) -> Option<Diagnostic> {
    address_problem(&address.value).map(|problem| invalid(address, problem))
}

fn invalid(address: &Located<String>, problem: &str) -> Diagnostic {
    Diagnostic::new(codes::ingress::INVALID_ADDRESS, format!("`{}` is not an address peers can dial", address.value))
        .label(address.span.clone(), problem)
        .help("write a bare IP address or DNS name, without scheme, port or path")
}
