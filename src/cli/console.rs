//! A run's two output streams. A closed pipe is the reader's choice (`fedc diff | head`): what
//! cannot be written then is dropped. Any other write error (a full disk, `> /dev/full`) is a
//! failure: the stream stops, and the run ends with exit code 2 however the command went.

use std::io::{self, Write};

/// Where a run writes, and whether each stream is a terminal (colour, progress).
pub struct Streams<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl<'a> Streams<'a> {
    /// Streams that are not terminals (files, pipes, buffers).
    pub fn new(stdout: &'a mut dyn Write, stderr: &'a mut dyn Write) -> Self {
        Streams { stdout, stderr, stdout_is_terminal: false, stderr_is_terminal: false }
    }
}

/// One output stream: written and flushed text by text, until it closes or fails.
struct Stream<'a> {
    writer: &'a mut dyn Write,
    closed: bool,
    failed: Option<io::Error>,
}

impl<'a> Stream<'a> {
    fn new(writer: &'a mut dyn Write) -> Self {
        Stream { writer, closed: false, failed: None }
    }

    fn write(&mut self, text: &str) {
        if self.closed || self.failed.is_some() {
            return;
        }
        match self.writer.write_all(text.as_bytes()).and_then(|()| self.writer.flush()) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
            Err(error) => self.failed = Some(error),
        }
    }
}

/// Whether to colour each output stream.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Colors {
    pub(crate) stdout: bool,
    pub(crate) stderr: bool,
}

/// The streams a command writes its outcome to.
pub(crate) struct Console<'a> {
    stdout: Stream<'a>,
    stderr: Stream<'a>,
    pub(crate) colors: Colors,
    /// Whether standard error is a terminal: progress is shown only there.
    pub(crate) stderr_is_terminal: bool,
}

impl<'a> Console<'a> {
    pub(crate) fn new(streams: Streams<'a>, colors: Colors) -> Self {
        let stderr_is_terminal = streams.stderr_is_terminal;
        Console { stdout: Stream::new(streams.stdout), stderr: Stream::new(streams.stderr), colors, stderr_is_terminal }
    }

    /// Writes `text` to standard output.
    pub(crate) fn out(&mut self, text: &str) {
        self.stdout.write(text);
    }

    /// Writes `text` to standard error.
    pub(crate) fn err(&mut self, text: &str) {
        self.stderr.write(text);
    }

    /// The first error writing either stream (other than a closed pipe): the run has failed. An
    /// error on standard output is also reported on standard error, if that still works.
    pub(crate) fn failure(mut self) -> Option<io::Error> {
        if let Some(error) = self.stdout.failed.take() {
            self.err(&format!("error[fedc::io::failed]: cannot write to standard output: {error}\n"));
            return Some(error);
        }
        self.stderr.failed.take()
    }
}
