//! Writing to stdout and stderr. `print!` panics when the reader has gone away (`fedc diff | head`);
//! a closed pipe is the reader's choice, not a failure of fedc, so what cannot be written is dropped.

use std::io::Write;

/// Writes `text` to standard output.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// Writes `text` to standard error.
pub fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
