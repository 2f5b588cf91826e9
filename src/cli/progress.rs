//! A progress line on stderr for work that takes over a second (a 200-mesh build is 20 s of
//! silence otherwise), only when stderr is a terminal: a CI log or a file gets no redrawn lines.
//! A thread redraws the line from counters the command updates; it prints nothing if the work
//! ends within the delay, and clears its line when the work ends, before anything else is printed.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long work may run before its progress is shown.
pub(crate) const DELAY: Duration = Duration::from_secs(1);
/// How often the line is redrawn.
const REDRAW: Duration = Duration::from_millis(250);

/// The progress of one command; dropping it ends the line.
pub(crate) struct Progress {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    what: String,
    stage: Mutex<&'static str>,
    files: AtomicUsize,
    done: Mutex<bool>,
    wake: Condvar,
}

impl Progress {
    /// Progress of `what` (e.g. `building federation.toml`) on stderr, only if it is a terminal.
    /// The line is written to its own handle on stderr's file descriptor: the command holds
    /// `std::io::stderr()`'s lock while it runs, and the thread must not wait for it.
    pub(crate) fn on_stderr(stderr_is_terminal: bool, what: String) -> Progress {
        use std::os::fd::AsFd;
        let handle = || std::io::stderr().as_fd().try_clone_to_owned().ok().map(std::fs::File::from);
        let writer = stderr_is_terminal.then(handle).flatten().map(|file| Box::new(file) as Box<dyn Write + Send>);
        Progress::new(writer, what, DELAY)
    }

    /// Progress drawn on `writer` once `delay` has passed; none without a writer.
    pub(crate) fn new(writer: Option<Box<dyn Write + Send>>, what: String, delay: Duration) -> Progress {
        let shared = Arc::new(Shared {
            what,
            stage: Mutex::new("checking"),
            files: AtomicUsize::new(0),
            done: Mutex::new(false),
            wake: Condvar::new(),
        });
        let thread = writer.map(|writer| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || draw(&shared, writer, delay))
        });
        Progress { shared, thread }
    }

    /// What is being done now: `checking`, `rendering`, …
    pub(crate) fn stage(&self, stage: &'static str) {
        if let Ok(mut current) = self.shared.stage.lock() {
            *current = stage;
        }
    }

    /// `n` more files rendered.
    pub(crate) fn files(&self, n: usize) {
        self.shared.files.fetch_add(n, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Ok(mut done) = self.shared.done.lock() {
            *done = true;
        }
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Waits `delay`, then redraws the line until the work is done, then clears it.
fn draw(shared: &Shared, mut writer: Box<dyn Write + Send>, delay: Duration) {
    let start = Instant::now();
    let mut wait = delay;
    let mut drawn = false;
    loop {
        let Ok(done) = shared.done.lock() else { return };
        let Ok((done, _)) = shared.wake.wait_timeout_while(done, wait, |done| !*done) else { return };
        if *done {
            break;
        }
        drop(done);
        let stage = shared.stage.lock().map(|s| *s).unwrap_or("working");
        let files = shared.files.load(Ordering::Relaxed);
        let line = line(&shared.what, stage, files, start.elapsed());
        // A terminal that has gone away is not worth failing the command for.
        let _ = write!(writer, "\r\x1b[2K{line}").and_then(|()| writer.flush());
        drawn = true;
        wait = REDRAW;
    }
    if drawn {
        let _ = write!(writer, "\r\x1b[2K").and_then(|()| writer.flush());
    }
}

/// `fedc: building federation.toml: rendering, 12034 files (7 s)`.
fn line(what: &str, stage: &str, files: usize, elapsed: Duration) -> String {
    let files = if files > 0 { format!(", {files} files") } else { String::new() };
    format!("fedc: {what}: {stage}{files} ({} s)", elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer the test reads back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
        }
    }

    #[test]
    fn work_within_the_delay_prints_nothing() {
        let captured = Captured::default();
        let progress = Progress::new(Some(Box::new(captured.clone())), "building t.toml".into(), DELAY);
        progress.files(10);
        drop(progress);
        assert_eq!(captured.text(), "");
    }

    #[test]
    fn longer_work_draws_a_line_and_clears_it_at_the_end() {
        let captured = Captured::default();
        let progress = Progress::new(Some(Box::new(captured.clone())), "building t.toml".into(), Duration::ZERO);
        progress.stage("rendering");
        progress.files(12);
        std::thread::sleep(REDRAW * 2);
        drop(progress);
        let text = captured.text();
        assert!(text.starts_with("\r\x1b[2Kfedc: building t.toml: "), "{text:?}");
        assert!(text.contains("rendering, 12 files (0 s)"), "{text:?}");
        assert!(text.ends_with("\r\x1b[2K"), "the line is cleared: {text:?}");
    }

    #[test]
    fn without_a_terminal_no_thread_runs() {
        let progress = Progress::on_stderr(false, "x".into());
        assert!(progress.thread.is_none());
    }

    #[test]
    fn the_line_says_what_where_and_how_long() {
        assert_eq!(
            line("building a.toml", "checking", 0, Duration::from_millis(1500)),
            "fedc: building a.toml: checking (1 s)"
        );
        assert_eq!(line("diff", "rendering", 3, Duration::from_secs(20)), "fedc: diff: rendering, 3 files (20 s)");
    }
}
