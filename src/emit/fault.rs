//! Fault injection, for the tests only: the cargo feature `fault-injection`, which the test build
//! enables (a dev-dependency of fedc on itself) and a release build never has. With it, the
//! environment variable `FEDC_FAULT` stops a build's transaction before step N (0-based):
//! `fail-before:N` fails there as an I/O error would (the build rolls back at once),
//! `crash-before:N` ends the process there as a kill would (the next build recovers), and
//! `after-recovery` stops a build once it has recovered an interrupted one (so a test sees what
//! recovery alone did). Without the feature a step is nothing, so the binary a user runs has no
//! such code.

use crate::error::Error;

/// The steps of one build's transaction, counted.
#[derive(Debug, Default)]
pub(super) struct Steps {
    #[cfg(feature = "fault-injection")]
    done: usize,
    #[cfg(feature = "fault-injection")]
    fault: Option<(Fault, usize)>,
}

/// A build may go on after recovering an interrupted one.
#[cfg(not(feature = "fault-injection"))]
#[allow(clippy::unnecessary_wraps)] // the same signature as with faults
pub(super) fn after_recovery() -> Result<(), Error> {
    Ok(())
}

/// A build may go on after recovering an interrupted one, unless `FEDC_FAULT=after-recovery`.
#[cfg(feature = "fault-injection")]
pub(super) fn after_recovery() -> Result<(), Error> {
    match std::env::var("FEDC_FAULT").as_deref() {
        Ok("after-recovery") => Err(Error::output("fedc::emit::injected", "injected stop after recovery")),
        _ => Ok(()),
    }
}

#[cfg(not(feature = "fault-injection"))]
impl Steps {
    pub(super) fn new() -> Self {
        Steps {}
    }

    /// The next step may go on.
    #[allow(clippy::unnecessary_wraps, clippy::unused_self)] // the same signature as with faults
    pub(super) fn next(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(feature = "fault-injection")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Fail,
    Crash,
}

/// The exit status of a process that `crash-before:N` ended.
#[cfg(feature = "fault-injection")]
const CRASHED: i32 = 86;

#[cfg(feature = "fault-injection")]
impl Steps {
    pub(super) fn new() -> Self {
        let setting = std::env::var("FEDC_FAULT").unwrap_or_default();
        let fault = setting.split_once(':').and_then(|(kind, step)| {
            let kind = match kind {
                "fail-before" => Fault::Fail,
                "crash-before" => Fault::Crash,
                _ => return None,
            };
            Some((kind, step.parse().ok()?))
        });
        Steps { done: 0, fault }
    }

    /// The next step may go on, unless the fault is set for it.
    pub(super) fn next(&mut self) -> Result<(), Error> {
        let at = self.done;
        self.done += 1;
        match self.fault {
            Some((Fault::Fail, step)) if step == at => {
                Err(Error::output("fedc::emit::injected", format!("injected failure before step {at}")))
            }
            Some((Fault::Crash, step)) if step == at => std::process::exit(CRASHED),
            _ => Ok(()),
        }
    }
}
