//! The topology as it was at a git revision, with the attachments it names there (`fedc diff
//! --base-rev REV`): the old side of a pull request without a copy on disk whose certificate
//! paths no longer resolve. The repository is a pull request's, so hostile: git is run without a
//! shell, as plumbing (`git cat-file`: no pager, no textconv or filter driver), each object's
//! type and size are checked before it is read and reading stops past the limit, the revision
//! cannot be taken for an option, and attachment paths stay inside the topology's directory in
//! that revision (no absolute path, no `..`).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use super::{ATTACHMENT_LIMIT, FileProblem, Loaded, TOPOLOGY_LIMIT, assemble};
use crate::error::Error;
use crate::source::SourceFile;

/// What `REV` holds at the topology's path: `None` when the topology is not there (the base
/// branch of the pull request that adopts fedc).
pub(crate) fn at_revision(topology: &Path, rev: &str) -> Result<Option<Loaded>, Error> {
    let usage = Error::usage;
    check_revision(rev).map_err(usage)?;
    let name =
        topology.file_name().and_then(|n| n.to_str()).ok_or_else(|| Error::io_other(topology, "not a file name"))?;
    let dir = topology.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let git = Git { dir, rev };
    git.verify()?;
    let text = match git.read(name, TOPOLOGY_LIMIT) {
        Ok(text) => text,
        Err(Missing::Absent) => return Ok(None),
        Err(Missing::Problem(problem)) => {
            return Err(Error::io_other(topology, format!("at revision `{rev}`: {problem}")));
        }
    };
    let source = SourceFile::new(format!("{rev}:{}", topology.display()), text);
    assemble(source, |written| {
        let components = confined(written, &dir.display().to_string())?;
        git.read(&components.join("/"), ATTACHMENT_LIMIT).map_err(|missing| match missing {
            Missing::Absent => FileProblem::Unreadable(format!("not in revision `{rev}`")),
            Missing::Problem(problem) => problem,
        })
    })
    .map(Some)
}

/// A revision as the user names it (`origin/main`, a commit): never an option, and without `:`
/// so that `REV:./path` names one path.
fn check_revision(rev: &str) -> Result<(), String> {
    let bad = rev.is_empty()
        || rev.len() > 256
        || rev.starts_with('-')
        || rev.chars().any(|c| c.is_control() || c.is_whitespace() || c == ':');
    if bad {
        return Err(format!(
            "--base-rev `{}`: not a revision fedc reads (a branch, tag or commit)",
            rev.escape_debug()
        ));
    }
    Ok(())
}

/// The components of an attachment path as written, relative to the topology's directory; an
/// absolute path or a `..` is outside it.
fn confined(written: &str, dir: &str) -> Result<Vec<String>, FileProblem> {
    let absolute = written.starts_with('/');
    let outside = || FileProblem::OutsideRepository { root: dir.to_string(), absolute };
    let components: Vec<String> =
        written.split('/').filter(|c| !c.is_empty() && *c != ".").map(str::to_string).collect();
    if absolute || components.is_empty() || components.iter().any(|c| c == ".." || c.contains('\\')) {
        return Err(outside());
    }
    Ok(components)
}

enum Missing {
    /// No such path in the revision.
    Absent,
    Problem(FileProblem),
}

struct Git<'a> {
    /// Where git runs: the topology's directory, so `REV:./path` is relative to it.
    dir: &'a Path,
    rev: &'a str,
}

impl Git<'_> {
    fn command(&self) -> Command {
        let mut command = Command::new("git");
        command.arg("-C").arg(self.dir).arg("--no-pager").stdin(Stdio::null()).stderr(Stdio::null());
        command
    }

    /// The revision names a commit in this repository.
    fn verify(&self) -> Result<(), Error> {
        let spec = format!("{}^{{commit}}", self.rev);
        let status = self.command().args(["rev-parse", "--verify", "--quiet", &spec]).stdout(Stdio::null()).status();
        match status {
            Ok(status) if status.success() => Ok(()),
            Ok(_) => Err(Error::usage(format!(
                "--base-rev `{}`: no such commit in the git repository of {}",
                self.rev,
                self.dir.display()
            ))),
            Err(e) => Err(Error::io_other(self.dir, format!("cannot run git: {e}"))),
        }
    }

    /// The blob at `path` (relative to the topology's directory), as text of at most `limit` bytes.
    fn read(&self, path: &str, limit: u64) -> Result<String, Missing> {
        let (oid, kind, size) = self.describe(path)?;
        if kind != "blob" {
            let kind = if kind == "tree" { "directory" } else { "git object that is not a file" };
            return Err(Missing::Problem(FileProblem::NotRegular { kind }));
        }
        if size > limit {
            return Err(Missing::Problem(FileProblem::TooLarge { limit }));
        }
        let unreadable = |e: std::io::Error| Missing::Problem(FileProblem::Unreadable(format!("git: {e}")));
        let mut child =
            self.command().args(["cat-file", "blob", &oid]).stdout(Stdio::piped()).spawn().map_err(unreadable)?;
        let mut bytes = Vec::new();
        let read = child.stdout.take().map(|out| out.take(limit + 1).read_to_end(&mut bytes));
        let _ = child.kill();
        let _ = child.wait();
        read.transpose().map_err(unreadable)?;
        if bytes.len() as u64 > limit {
            return Err(Missing::Problem(FileProblem::TooLarge { limit }));
        }
        String::from_utf8(bytes).map_err(|_| Missing::Problem(FileProblem::Unreadable("it is not UTF-8 text".into())))
    }

    /// `(object id, type, size)` of `REV:./path`, asked on stdin so nothing in it is an argument.
    fn describe(&self, path: &str) -> Result<(String, String, u64), Missing> {
        let unreadable = |e: std::io::Error| Missing::Problem(FileProblem::Unreadable(format!("git: {e}")));
        if path.contains('\n') {
            return Err(Missing::Absent);
        }
        let mut child = self
            .command()
            .args(["cat-file", "--batch-check"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(unreadable)?;
        let request = format!("{}:./{path}\n", self.rev);
        let written = child.stdin.take().map(|mut stdin| stdin.write_all(request.as_bytes()));
        let mut answer = String::new();
        let read = child.stdout.take().map(|out| out.take(4096).read_to_string(&mut answer));
        let _ = child.wait();
        written.transpose().map_err(unreadable)?;
        read.transpose().map_err(unreadable)?;
        let fields: Vec<&str> = answer.trim_end().split(' ').collect();
        match fields.as_slice() {
            [oid, kind, size] if oid.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let size =
                    size.parse().map_err(|_| Missing::Problem(FileProblem::Unreadable("git: bad size".into())))?;
                Ok((oid.to_string(), kind.to_string(), size))
            }
            _ => Err(Missing::Absent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_that_could_be_options_or_paths_are_refused() {
        for good in ["origin/main", "HEAD~1", "v1.2.0", "0123abcd", "refs/heads/main"] {
            assert_eq!(check_revision(good), Ok(()), "{good}");
        }
        for bad in ["", "-c", "--output=x", "main:federation.toml", "a b", "a\nb", &"x".repeat(300)] {
            assert!(check_revision(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn attachments_stay_in_the_topology_directory() {
        assert_eq!(confined("certs/red.pem", "."), Ok(vec!["certs".to_string(), "red.pem".to_string()]));
        assert_eq!(confined("./certs//red.pem", "."), Ok(vec!["certs".to_string(), "red.pem".to_string()]));
        for bad in ["/etc/passwd", "../secret.pem", "certs/../../x", "", ".", "a\\b"] {
            assert!(confined(bad, ".").is_err(), "{bad}");
        }
    }
}
