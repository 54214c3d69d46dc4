//! The tool's own streams: stderr that never stops a run, stdout that keeps
//! a verdict when its reader goes away, and a closed stdout told as an error.

use std::io::{self, Write};

/// Writes a line to stderr. A failing stderr (`2>/dev/full`, closed) is
/// not a reason to stop or panic: the exit status still tells the outcome.
pub fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// A writer that, once its reader went away (`| head`), drops the rest of
/// its output instead of failing: a command whose exit status is a verdict
/// (`check`, `fmt --check`) runs on to give it. Other errors are returned.
pub struct KeepVerdict<W: Write> {
    inner: W,
    gone: bool,
}

impl<W: Write> KeepVerdict<W> {
    pub fn new(inner: W) -> Self {
        KeepVerdict { inner, gone: false }
    }

    fn guard(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for KeepVerdict<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.gone {
            let result = self.inner.write_all(buf);
            self.guard(result)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.gone {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard(result)
    }
}

/// An error when stdout is closed (`>&-`): the standard library would
/// quietly drop everything written to it, and the run would exit 0.
pub fn require_stdout() -> crate::Result<()> {
    if crate::output::stdout_is_open() {
        Ok(())
    } else {
        Err(crate::Error::Io(io::Error::other(
            "stdout is closed: nothing could be written (give the output a place: `> FILE`)",
        )))
    }
}
