//! Anthos Service Mesh names remote secrets after the remote's kube context, as
//! `asmcli create-mesh` does (`Asm::secret_id`): the resulting ID must be a valid Secret name
//! suffix and data key, which an arbitrary context name (`arn:aws:eks:…/east`) may not give.

use super::Rule;
use crate::check::Context;
use crate::check::kubernetes::is_dns1123_label;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::Asm;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for mesh in &cx.federation.meshes {
        let Some(istio) = mesh.istio.as_ref().filter(|i| i.asm.is_some()) else { continue };
        for member in &istio.members {
            let context = &cx.federation.cluster(member.cluster).context;
            let id = Asm::secret_id(&context.value);
            if is_dns1123_label(&id) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    codes::istio::ASM_SETTING,
                    format!("kube context `{}` gives the remote-secret ID `{id}`, not a valid name", context.value),
                )
                .label(context.span.clone(), "asmcli create-mesh names the cluster's remote secret after this")
                .label(member.span.clone(), "a cluster of the Anthos Service Mesh mesh")
                .help("use a context of lower-case letters, digits, `-`, `_`, `.`, `@` or `:` (`kubectl config rename-context`), and set it as the cluster's `context`"),
            );
        }
    }
}
