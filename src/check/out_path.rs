//! `--out` against `[gitops] path`: Argo CD and Flux sync `<path>/clusters/<cluster>` from git, so
//! a build into a directory whose path does not end in `path` leaves them syncing a directory with
//! no files (or stale ones). `--out` may be relative or absolute and fedc does not know where the
//! repository root is, so only the tail is compared: the output directory, made absolute and
//! normalised lexically (no file system access), must end with the components of `path`.

use std::path::{Component, Path};

use crate::diagnostic::{Diagnostic, codes};
use crate::load::Topology;

/// [`finding`], unless `[[acknowledge]]` accepts it (code `fedc::gitops::out-mismatch`, item the
/// `[gitops] path` as written): what `build` and `check --out` report. `text` is the topology's.
pub(crate) fn unacknowledged(topology: &Topology, text: &str, out: &Path) -> Option<Diagnostic> {
    let found = finding(topology, out).into_iter().collect();
    super::acknowledge::unacknowledged(topology, text, found).pop()
}

/// `fedc::gitops::out-mismatch` when `out` cannot be the directory `[gitops] path` names.
pub(crate) fn finding(topology: &Topology, out: &Path) -> Option<Diagnostic> {
    let gitops = topology.gitops.as_ref()?.get_ref();
    let path = gitops.path.as_ref()?;
    let wanted: Vec<&str> = path.get_ref().split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if wanted.is_empty() {
        return None; // the repository root: any directory may be it
    }
    let absolute = if out.is_absolute() { out.to_path_buf() } else { std::env::current_dir().ok()?.join(out) };
    let components = normalised(&absolute);
    let matches = components.len() >= wanted.len()
        && components[components.len() - wanted.len()..].iter().zip(&wanted).all(|(have, want)| have == want);
    if matches {
        return None;
    }
    Some(
        Diagnostic::new(
            codes::gitops::OUT_MISMATCH,
            format!("`--out {}` does not end in the `[gitops] path` `{}`", out.display(), path.get_ref()),
        )
        .label(path.span(), "Argo CD / Flux sync `<path>/clusters/<cluster>` from here")
        .help(
            "build into the repository's `<path>` directory, or set `[gitops] path` to where the output is committed",
        ),
    )
}

/// The normal components of `path`, with `.` dropped and `..` applied.
fn normalised(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    parts
}
