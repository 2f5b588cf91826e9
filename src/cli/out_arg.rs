//! The usual slips with `--out`, caught before any command touches the directory: naming a file
//! (often `fedc.lock` itself) instead of the output directory, or checking/diffing against a
//! directory that does not exist. The messages name only what the user typed.

use std::path::Path;

use crate::diagnostic::codes;
use crate::error::Error;

/// The lock file's name, the one file a user may point `--out` at by mistake.
const LOCK: &str = "fedc.lock";

/// Whether `--out` must already exist (check and diff compare with what is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// `build`: a missing directory is created.
    MayBeMissing,
    /// `check --out`: compares with the committed output.
    Existing,
}

/// Refuses an `--out` that names a file, or a missing directory when one is expected.
pub(crate) fn check(out: &Path, expect: Expect, command: &str) -> Result<(), Error> {
    let shown = out.display();
    match std::fs::metadata(out) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) if out.file_name().is_some_and(|n| n == LOCK) => {
            let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Err(Error::output(
                codes::io::OUT_IS_LOCK,
                format!(
                    "--out {shown} names the lock file; give the output directory that holds it: --out {}",
                    dir.display()
                ),
            ))
        }
        Ok(_) => Err(Error::output(
            codes::io::OUT_NOT_DIRECTORY,
            format!(
                "--out {shown} is a file, not a directory; --out names the directory that holds clusters/ and {LOCK}"
            ),
        )),
        Err(_) if expect == Expect::MayBeMissing => Ok(()),
        Err(_) => Err(Error::output(
            codes::io::OUT_MISSING,
            format!(
                "--out {shown} does not exist; `fedc {command} --out` compares with output committed there: \
                 write it first with `fedc build TOPOLOGY --out {shown}`"
            ),
        )),
    }
}
