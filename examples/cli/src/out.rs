//! Standard output, the one way every subcommand writes its results.
//!
//! A reader that has gone away (`baton rpc faults | head -1`: the pipe's
//! read end is closed) ends the command quietly with exit status 0, as
//! the Unix filters do; `println!` would panic there (exit 101). Any other
//! write error (a full disk behind `> file`) is reported on stderr with
//! exit status 1.

use std::io::{self, Write};

/// Writes `bytes` to stdout and flushes.
pub fn bytes(bytes: &[u8]) {
    if let Err(e) = try_bytes(bytes) {
        fail(&e);
    }
}

/// Writes `text` and a newline to stdout and flushes.
pub fn line(text: &str) {
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text.as_bytes());
    buf.push(b'\n');
    bytes(&buf);
}

/// The same write, the error returned instead (for callers that must
/// wind down first, like `baton listen`, which removes its registration).
pub fn try_bytes(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

/// Whether a write error means the reader is gone.
pub fn reader_gone(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Ends the process for a failed stdout write: quietly with 0 when the
/// reader is gone, else with the error on stderr and 1.
fn fail(e: &io::Error) -> ! {
    if reader_gone(e) {
        std::process::exit(0);
    }
    let _ = writeln!(io::stderr(), "baton: writing stdout: {e}");
    std::process::exit(1);
}
