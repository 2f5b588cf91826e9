//! `fedc init`: writes a commented starter topology (two meshes, one export, one import, one
//! failover) and the two example root certificates it names, so that `fedc check` passes with no
//! finding. It never overwrites: if any file it would write exists (or is a link, even a dangling
//! one), it writes nothing. Files are created exclusively and without following links; the
//! topology last, so that a failure leaves no topology naming certificates that are not there.

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Console, Failure};
use crate::diagnostic::codes;
use crate::error::Error;
use crate::report::Format as ReportFormat;

const TOPOLOGY: &str = include_str!("starter/federation.toml");
const RED_ROOT: &str = include_str!("starter/red-root.pem");
const BLUE_ROOT: &str = include_str!("starter/blue-root.pem");

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::INIT.text())]
pub(crate) struct Args {
    /// Where to write the topology.
    #[arg(default_value = "federation.toml")]
    pub(crate) path: PathBuf,
}

pub(crate) fn run(args: &Args, console: &mut Console) -> Result<ExitCode, Failure> {
    write_starter(&args.path).map_err(|e| (e, ReportFormat::Human))?;
    console.out(&format!(
        "wrote {} and its example root certificates; next: fedc check {}\n",
        args.path.display(),
        args.path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Writes the starter files, or nothing when one of them exists already.
pub(crate) fn write_starter(path: &Path) -> Result<(), Error> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let certs = dir.join("certs");
    let files = [
        (path.to_path_buf(), TOPOLOGY),
        (certs.join("red-root.pem"), RED_ROOT),
        (certs.join("blue-root.pem"), BLUE_ROOT),
    ];
    for (file, _) in &files {
        refuse_existing(file)?;
    }
    match std::fs::symlink_metadata(&certs) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(existing(&certs, "exists and is not a directory")),
        Err(_) => std::fs::create_dir(&certs).map_err(|e| Error::io(&certs, e))?,
    }
    // The certificates go through the directory opened without following a link, so a `certs`
    // link appearing after the check above is refused rather than written through.
    let flags = rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::NOFOLLOW;
    let certs_fd = rustix::fs::open(&certs, flags | rustix::fs::OFlags::CLOEXEC, rustix::fs::Mode::empty())
        .map_err(|e| Error::io(&certs, e))?;
    for (file, text) in &files[1..] {
        let name = file.file_name().unwrap_or_default();
        create_in(&certs_fd, name, text).map_err(|e| Error::io(file, e))?;
    }
    create(path, TOPOLOGY)
}

/// Creates `name` in the directory `dir` exclusively, without following a link, and writes `text`.
fn create_in(dir: &std::os::fd::OwnedFd, name: &std::ffi::OsStr, text: &str) -> std::io::Result<()> {
    use rustix::fs::OFlags;
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::openat(dir, name, flags, rustix::fs::Mode::from_raw_mode(0o644))?;
    std::fs::File::from(fd).write_all(text.as_bytes())
}

fn refuse_existing(file: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(file) {
        Ok(meta) if meta.file_type().is_symlink() => Err(existing(file, "is a symbolic link")),
        Ok(_) => Err(existing(file, "exists already")),
        Err(_) => Ok(()),
    }
}

fn existing(file: &Path, what: &str) -> Error {
    Error::output(
        codes::io::EXISTS,
        format!("{}: {what}; fedc init never overwrites a file or follows a link, and wrote nothing", file.display()),
    )
}

/// Creates `file` exclusively (a file or link appearing meanwhile makes it fail) and writes `text`.
fn create(file: &Path, text: &str) -> Result<(), Error> {
    let mut handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(file)
        .map_err(|e| Error::io(file, e))?;
    handle.write_all(text.as_bytes()).map_err(|e| Error::io(file, e))
}
