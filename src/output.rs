//! Where a conversion goes: stdout, or a file replaced atomically.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Runs `write` on stdout (`file` is `None`) or on a temporary file beside
/// `file` that is renamed over it once `write` succeeds, so readers never
/// see a half-written file and a failed run leaves the old one in place.
/// The new file gets the usual permissions (0666 less the umask), like a
/// file the shell would create. Output is buffered and flushed here.
pub fn write_output<T>(
    file: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let Some(file) = file else {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let value = write(&mut out)?;
        out.flush()?;
        return Ok(value);
    };
    let failed = |source| Error::File {
        path: file.to_path_buf(),
        source,
    };
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".currents-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir).map_err(failed)?;
    let mut out = BufWriter::new(temp.as_file());
    let value = write(&mut out)?;
    out.flush().map_err(failed)?;
    drop(out);
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(file).map_err(|e| failed(e.error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_only_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.txt");
        std::fs::write(&file, "old").unwrap();
        let result: Result<()> = write_output(Some(&file), |out| {
            out.write_all(b"half")?;
            Err(Error::Usage("stop".into()))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        write_output(Some(&file), |out| Ok(out.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }
}
