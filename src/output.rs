//! Where output goes: stdout, or a file written atomically (a temporary
//! file beside it, renamed over it only when everything was written), so a
//! failed or killed run never leaves half a file behind.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
#[cfg(feature = "cli")]
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};

/// An output stream: buffered stdout or an atomic file.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// Something that is not a regular file (`/dev/null`, a pipe): written
    /// in place, since renaming over it would replace it.
    Device(BufWriter<std::fs::File>),
    /// A temporary file that becomes `path` on [`Output::commit`].
    File(AtomicFile),
}

/// A temporary file beside its target, renamed over it on commit and
/// removed when dropped uncommitted.
pub struct AtomicFile {
    /// Written through the plain file, so a failure is the system's own
    /// error, told with the target's name (see [`of_target`]).
    file: BufWriter<std::fs::File>,
    temp: tempfile::TempPath,
    /// Keeps the temporary file on the list an interrupted run removes.
    _listed: Listed,
    path: PathBuf,
}

impl AtomicFile {
    /// A new temporary file beside `path`, to become it.
    fn beside(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".currents-").suffix(".tmp");
        // A temporary file is 0600; the output is an ordinary file
        // (0666 less the umask), as a shell redirection would make it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        // Made and listed under the list's lock: an interrupt between the
        // two would leave an unlisted temporary file behind.
        let mut list = in_flight();
        let made = builder.tempfile_in(dir).map(|temp| {
            let (file, temp) = temp.into_parts();
            list.push(temp.to_path_buf());
            (file, temp)
        });
        drop(list);
        let (file, temp) = made.map_err(|source| {
            // tempfile's message names the temporary file, which means
            // nothing to the user: say what is wrong with the folder.
            let source = if dir.is_dir() {
                io::Error::from(source.kind())
            } else {
                let why = if dir.exists() {
                    "is not a folder"
                } else {
                    "does not exist"
                };
                let message = format!("cannot write here: {} {why}", dir.display());
                io::Error::new(io::ErrorKind::NotFound, message)
            };
            Error::File {
                path: path.to_path_buf(),
                source,
            }
        })?;
        Ok(AtomicFile {
            _listed: Listed(temp.to_path_buf()),
            file: BufWriter::with_capacity(BUFFER, file),
            temp,
            path: path.to_path_buf(),
        })
    }
}

/// Output buffer size: one event line is a few KiB, so std's 8 KiB would
/// mean a system call for nearly every line.
const BUFFER: usize = 64 * 1024;

impl Output {
    fn stdout() -> Result<Self> {
        if !stdout_is_open() {
            return Err(Error::Io(io::Error::other(
                "stdout is closed: nothing could be written (give the output a place: -o FILE)",
            )));
        }
        Ok(Output::Stdout(BufWriter::with_capacity(
            BUFFER,
            io::stdout(),
        )))
    }

    /// Stdout for `None` or `-`, else an atomic file at `path`.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        match path {
            None => Self::stdout(),
            Some(p) if p.as_os_str() == "-" => Self::stdout(),
            Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                let file =
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|source| Error::File {
                            path: path.to_path_buf(),
                            source,
                        })?;
                Ok(Output::Device(BufWriter::with_capacity(BUFFER, file)))
            }
            Some(path) if path.is_dir() || path.as_os_str().as_encoded_bytes().ends_with(b"/") => {
                Err(Error::Usage(format!(
                    "-o {}: a folder; -o takes a file name (a folder only with --split-by)",
                    path.display()
                )))
            }
            Some(path) => Ok(Output::File(AtomicFile::beside(path)?)),
        }
    }

    /// Flushes, and for a file renames it into place. Dropping an output
    /// without committing it leaves the target as it was.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => Ok(out.flush()?),
            Output::Device(mut out) => Ok(out.flush()?),
            Output::File(AtomicFile {
                file,
                temp,
                path,
                _listed,
            }) => {
                let file_error = |source| Error::File {
                    path: path.clone(),
                    source,
                };
                let file = file.into_inner().map_err(|e| file_error(e.into_error()))?;
                file.sync_all().map_err(file_error)?;
                // A new file keeps the mode it was made with (0666 less the
                // umask); a replaced one gets the target's permissions.
                if let Ok(meta) = std::fs::metadata(&path) {
                    file.set_permissions(meta.permissions())
                        .map_err(file_error)?;
                }
                drop(file);
                persist(temp, &path).map_err(file_error)
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::Device(out) => out.write(buf),
            Output::File(f) => f.file.write(buf).map_err(|e| of_target(&f.path, e)),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::Device(out) => out.write_all(buf),
            Output::File(f) => f.file.write_all(buf).map_err(|e| of_target(&f.path, e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::Device(out) => out.flush(),
            Output::File(f) => f.file.flush().map_err(|e| of_target(&f.path, e)),
        }
    }
}

/// Our temporary files on disk, which an interrupted run removes
/// ([`abandon_in_flight`]) since it exits without running destructors.
static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    writing: Vec::new(),
    #[cfg(feature = "cli")]
    retired: Retired::new(),
    #[cfg(feature = "cli")]
    removing: None,
});

/// The list behind [`abandon_in_flight`].
pub struct InFlight {
    /// Temporary files being written.
    writing: Vec<PathBuf>,
    /// Pages `fmt` replaced, kept under temporary names until the run ends
    /// ([`remove_replaced`]).
    #[cfg(feature = "cli")]
    retired: Retired,
    /// The retired pages being removed at the end of the run.
    #[cfg(feature = "cli")]
    removing: Option<std::sync::Arc<Retired>>,
}

impl InFlight {
    fn push(&mut self, path: PathBuf) {
        self.writing.push(path);
    }

    #[cfg(feature = "cli")]
    fn all(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let removing = self.removing.iter().flat_map(|list| list.paths());
        let retired = self.retired.paths().chain(removing);
        self.writing.iter().cloned().chain(retired)
    }
}

/// Files kept until the end of a run, grouped by folder: a run rewrites
/// folder after folder, and a temporary name is ASCII, so a page costs
/// its name's 20 bytes, not a whole path (150 bytes: 15 MiB more at
/// 100,000 pages).
#[cfg(feature = "cli")]
struct Retired {
    /// A folder and the names in it, each followed by a `/`.
    folders: Vec<(PathBuf, String)>,
    /// A path that is not a folder and an ASCII name (none expected).
    others: Vec<PathBuf>,
}

#[cfg(feature = "cli")]
impl Retired {
    const fn new() -> Self {
        Retired {
            folders: Vec::new(),
            others: Vec::new(),
        }
    }

    fn push(&mut self, path: PathBuf) {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        else {
            self.others.push(path);
            return;
        };
        // Threads working in different folders alternate: the last few are looked at.
        let recent = self.folders.len().saturating_sub(4);
        match self.folders[recent..].iter_mut().find(|(f, _)| f == folder) {
            Some((_, names)) => {
                names.push_str(name);
                names.push('/');
            }
            None => self
                .folders
                .push((folder.to_path_buf(), format!("{name}/"))),
        }
    }

    fn names(names: &str) -> impl Iterator<Item = &str> {
        names.split_terminator('/')
    }

    fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let grouped = self
            .folders
            .iter()
            .flat_map(|(folder, names)| Self::names(names).map(|name| folder.join(name)));
        grouped.chain(self.others.iter().cloned())
    }
}

fn in_flight() -> MutexGuard<'static, InFlight> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file on the in-flight list (put there as it is made) while
/// this lives.
struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        in_flight().writing.retain(|p| *p != self.0);
    }
}

/// Renames a temporary file over its target, holding the in-flight list:
/// an interrupt then comes before (the file is removed) or after (it is in
/// place), never in between.
fn persist(temp: tempfile::TempPath, target: &Path) -> io::Result<()> {
    let _list = in_flight();
    temp.persist(target).map_err(|e| e.error)
}

/// Removes every temporary file of ours and returns the list, held: no
/// rename can start until the process exits. For an interrupted run
/// (SIGINT, SIGTERM), just before it exits.
#[cfg(feature = "cli")]
pub fn abandon_in_flight() -> MutexGuard<'static, InFlight> {
    let list = in_flight();
    for path in list.all() {
        let _ = std::fs::remove_file(path);
    }
    list
}

#[cfg(feature = "cli")]
/// Temporary files (`.currents-*.tmp`) that earlier runs left under the
/// folders in `paths` (a kill, a power loss: nothing could remove them),
/// not those of this run. Symlinked folders are not followed.
pub fn stale_temp_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let ours: Vec<PathBuf> = in_flight().all().collect();
    paths
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|p| {
            // Hidden and ignored files too: a temporary file is hidden.
            ignore::WalkBuilder::new(p)
                .standard_filters(false)
                .build()
                .filter_map(|e| e.ok())
        })
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_temp_name(e.file_name()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| !ours.contains(p))
        .collect()
}

#[cfg(feature = "cli")]
fn is_temp_name(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(b".currents-") && name.ends_with(b".tmp")
}

/// False when stdout was closed (`>&-`). The standard library opens
/// `/dev/null` read-write on a closed standard descriptor at start, so
/// everything written would vanish and the run exit 0; a shell's
/// `>/dev/null` opens it write-only, which is how the two are told apart.
pub fn stdout_is_open() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::{AsFd, AsRawFd};
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let stdout = io::stdout();
        let Ok(fd) = stdout.as_fd().try_clone_to_owned() else {
            return false;
        };
        // SAFETY: F_GETFL reads the flags of a descriptor we own.
        let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) };
        if flags < 0 || flags & libc::O_ACCMODE != libc::O_RDWR {
            return flags >= 0;
        }
        let Ok(meta) = std::fs::File::from(fd).metadata() else {
            return true;
        };
        let null = std::fs::metadata("/dev/null").map(|m| m.rdev());
        !(meta.file_type().is_char_device() && null.is_ok_and(|rdev| rdev == meta.rdev()))
    }
    #[cfg(not(unix))]
    true
}

/// A failed write to the temporary file, told as one of the target
/// (`out.csv: No space left on device`): the temporary name means nothing
/// to the user, and the message must name the file whoever reports it.
fn of_target(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(all(test, feature = "cli"))]
/// A file's bytes replaced atomically, keeping its permissions. A symlink
/// is followed: its target is replaced and the link kept. The new bytes
/// are synced before the rename.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let file_error = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let target = std::fs::canonicalize(path).map_err(file_error)?;
    let meta = std::fs::metadata(&target).map_err(file_error)?;
    replace(path, &target, &meta, bytes, true)
}

#[cfg(feature = "cli")]
/// `fmt`'s rewrite of a page read as `original` when it looked like
/// `read`: refused, leaving the page as it is, when the page changed since
/// (size, time or bytes), is read-only, has other hard links, or has an
/// owner or group the new file cannot be given. Not synced: the caller
/// syncs once at the end ([`sync_filesystems`]).
pub fn replace_page(
    path: &Path,
    read: &std::fs::Metadata,
    original: &[u8],
    bytes: &[u8],
) -> Result<()> {
    let refuse = |why: String| Error::File {
        path: path.to_path_buf(),
        source: io::Error::other(why),
    };
    // A link is followed: its target is replaced, the link kept.
    let link = std::fs::symlink_metadata(path).map_err(|e| refuse(e.to_string()))?;
    let target = if link.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(|e| refuse(e.to_string()))?
    } else {
        path.to_path_buf()
    };
    let now = if link.file_type().is_symlink() {
        std::fs::metadata(&target).map_err(|e| refuse(e.to_string()))?
    } else {
        link
    };
    // Size and modification time (to the nanosecond where the file system
    // keeps them) tell a page written to since it was read.
    let changed = now.len() != read.len()
        || now.len() != original.len() as u64
        || now.modified().ok() != read.modified().ok()
        || !same_file(&now, read);
    if changed {
        return Err(refuse(
            "changed while fmt ran: left as it is (run fmt again)".into(),
        ));
    }
    if now.permissions().readonly() {
        return Err(refuse(
            "read-only: left as it is (make it writable to format it)".into(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if now.nlink() > 1 {
            return Err(refuse(format!(
                "has {} hard links: replacing it would part them; left as it is",
                now.nlink()
            )));
        }
    }
    replace_making_room(path, &target, &now, bytes)
}

/// [`replace`], making room on a full disk. The old pages kept until the
/// end take room: on a full disk they go at once, and the page is tried
/// again. Another thread may take the room meanwhile (its own old page
/// then waits to be freed): the page is tried again twice in any case,
/// then as long as freeing found old pages to remove, up to a bound.
#[cfg(feature = "cli")]
fn replace_making_room(
    path: &Path,
    target: &Path,
    now: &std::fs::Metadata,
    bytes: &[u8],
) -> Result<()> {
    const SURE_TRIES: usize = 3;
    const MAX_TRIES: usize = 32;
    let mut tries = 0;
    let mut freed = true;
    loop {
        tries += 1;
        match replace(path, target, now, bytes, false) {
            Err(Error::File { source, .. })
                if out_of_space(&source) && tries < MAX_TRIES && (tries < SURE_TRIES || freed) =>
            {
                freed = free_replaced();
            }
            done => return done,
        }
    }
}

#[cfg(feature = "cli")]
fn out_of_space(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// Removes the old pages kept so far, after any removal under way has
/// ended (so that its room is free too when this returns). False when
/// there was none to remove.
#[cfg(feature = "cli")]
fn free_replaced() -> bool {
    static FREEING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = FREEING.lock().unwrap_or_else(PoisonError::into_inner);
    let any = {
        let list = in_flight();
        !(list.retired.folders.is_empty() && list.retired.others.is_empty())
    };
    remove_replaced();
    any
}

#[cfg(feature = "cli")]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.ino() == b.ino() && a.dev() == b.dev()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

#[cfg(feature = "cli")]
/// Writes `bytes` beside `target` and renames them over it, with its
/// permissions, owner and group (refused when they cannot be kept).
fn replace(
    path: &Path,
    target: &Path,
    meta: &std::fs::Metadata,
    bytes: &[u8],
    sync: bool,
) -> Result<()> {
    let file_error = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Output::File(AtomicFile::beside(target)?);
    let Output::File(f) = &mut out else {
        unreachable!("made above")
    };
    // Straight to the file: the caller names it, the error need not.
    f.file.write_all(bytes).map_err(file_error)?;
    keep_mode_and_owner(f.file.get_ref(), meta).map_err(file_error)?;
    let Output::File(AtomicFile {
        file,
        temp,
        _listed,
        ..
    }) = out
    else {
        unreachable!("matched above")
    };
    let file = file.into_inner().map_err(|e| file_error(e.into_error()))?;
    if sync {
        file.sync_all().map_err(file_error)?;
    }
    drop(file);
    swap_in(temp, target, meta).map_err(file_error)
}

/// Puts a temporary file in place of `target`, whose old file is kept
/// (under the temporary name, listed) until [`remove_replaced`].
///
/// Why not a plain rename: it frees the old file's inode at once, and on
/// ext4 without a journal each new file is then given an inode after a
/// scan over every inode freed in the last minutes, so a run slows down
/// as it goes (64% of `fmt`'s time over 20,000 pages, in `recently_deleted`).
/// Exchanging the two names and removing the old files at the end keeps
/// the creations fast; readers that have the old file open keep it, as
/// with a rename.
#[cfg(all(feature = "cli", target_os = "linux"))]
fn swap_in(
    temp: tempfile::TempPath,
    target: &Path,
    expected: &std::fs::Metadata,
) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c_path =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::from);
    let (from, to) = (c_path(&temp)?, c_path(target)?);
    let exchange = || {
        // SAFETY: two NUL-terminated paths, alive for the call.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        done == 0
    };
    let mut list = in_flight();
    if exchange() {
        // Unlike a rename, an exchange succeeds over a folder, or over a
        // file put there since the checks: such a swap is undone.
        let old = std::fs::symlink_metadata(&temp);
        if !old.is_ok_and(|old| old.is_file() && same_file(&old, expected)) {
            return match exchange() {
                true => Err(io::Error::other(
                    "changed while fmt ran: left as it is (run fmt again)",
                )),
                false => Err(io::Error::last_os_error()),
            };
        }
        // The temporary name holds the old page now: it goes at the end.
        list.retired.push(temp.keep().map_err(|e| e.error)?);
        return Ok(());
    }
    match io::Error::last_os_error() {
        e if e.kind() == io::ErrorKind::NotFound => {
            Err(io::Error::other("removed while fmt ran: left removed"))
        }
        // A file system without the exchange: a plain rename.
        e if matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EXDEV)
        ) =>
        {
            temp.persist(target).map_err(|e| e.error)
        }
        e => Err(e),
    }
}

#[cfg(all(feature = "cli", not(target_os = "linux")))]
fn swap_in(
    temp: tempfile::TempPath,
    target: &Path,
    _expected: &std::fs::Metadata,
) -> io::Result<()> {
    persist(temp, target)
}

#[cfg(feature = "cli")]
/// Removes the old pages [`replace_page`] kept, once the run has replaced
/// them all. Returns how many could not be removed (each one is still a
/// `.currents-*.tmp` file that `fmt --remove-stale` finds).
pub fn remove_replaced() -> usize {
    // A removal mostly waits for the disk (freed blocks are discarded on a
    // `discard` mount: 2.4 s for 20,000 files one by one here, 1.1 s on
    // four threads). The files stay listed until all are gone, so an
    // interrupt meanwhile removes the rest (and misses the removed ones).
    const REMOVERS: usize = 4;
    // Moved to `removing` under one lock (an interrupt sees them all the
    // while), and shared, not copied.
    let retired = {
        let mut list = in_flight();
        let retired = std::sync::Arc::new(std::mem::replace(&mut list.retired, Retired::new()));
        list.removing = Some(std::sync::Arc::clone(&retired));
        retired
    };
    // Each remover takes the next folder.
    let (next, failed) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        for _ in 0..REMOVERS {
            scope.spawn(|| remove_folders(&retired, &next, &failed));
        }
    });
    for other in &retired.others {
        remove_counting(other.clone(), &failed);
    }
    in_flight().removing = None;
    failed.load(Relaxed)
}

#[cfg(feature = "cli")]
/// A remover's work: the next folder not yet taken, until none is left.
fn remove_folders(retired: &Retired, next: &AtomicUsize, failed: &AtomicUsize) {
    while let Some((folder, names)) = retired.folders.get(next.fetch_add(1, Relaxed)) {
        for name in Retired::names(names) {
            remove_counting(folder.join(name), failed);
        }
    }
}

#[cfg(feature = "cli")]
/// Removes a file; a failure (other than its being gone already) is counted.
fn remove_counting(path: PathBuf, failed: &AtomicUsize) {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            failed.fetch_add(1, Relaxed);
        }
        _ => {}
    }
}

/// Gives the new file the old one's permissions, owner and group, or says
/// why not (a file of another user, or of a group we are not in, would
/// change hands).
#[cfg(all(feature = "cli", unix))]
fn keep_mode_and_owner(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if new.permissions() != old.permissions() {
        file.set_permissions(old.permissions())?;
    }
    if new.uid() == old.uid() && new.gid() == old.gid() {
        return Ok(());
    }
    let uid = (new.uid() != old.uid()).then(|| old.uid());
    std::os::unix::fs::fchown(file, uid, Some(old.gid())).map_err(|_| {
        io::Error::other(format!(
            "owned by {}:{}, which the rewritten file could not keep; left as it is",
            old.uid(),
            old.gid()
        ))
    })
}

#[cfg(all(feature = "cli", not(unix)))]
fn keep_mode_and_owner(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

#[cfg(feature = "cli")]
/// Makes what was written under `folders` durable: one `syncfs` per file
/// system (data and renames alike), instead of one sync per page.
pub fn sync_filesystems<'a>(folders: impl IntoIterator<Item = &'a Path>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::MetadataExt;
        let mut done = std::collections::BTreeSet::new();
        for folder in folders {
            let Ok(dir) = std::fs::File::open(folder) else {
                continue;
            };
            if !done.insert(dir.metadata()?.dev()) {
                continue;
            }
            // SAFETY: syncfs takes a descriptor we own, open for the call.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err(Error::File {
                    path: folder.to_path_buf(),
                    source: io::Error::last_os_error(),
                });
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    for folder in folders {
        // Elsewhere, a folder's own sync makes its renames durable.
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "old").unwrap();
        let mut out = Output::open(Some(&target)).unwrap();
        out.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        drop(out);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "old",
            "dropped, not committed"
        );
        let mut out = Output::open(Some(&target)).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to check
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let mut out = Output::open(Some(&fifo)).unwrap();
        out.write_all(b"through the pipe").unwrap();
        out.commit().unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        let kind = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the fifo is still a fifo");
    }

    #[cfg(unix)]
    #[test]
    fn replace_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("page.md");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_an_ordinary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new.csv");
        Output::open(Some(&target)).unwrap().commit().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The same mode as a file the ordinary way (0666 less the umask).
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        assert_eq!(mode(&target), mode(&plain));
    }

    #[cfg(feature = "cli")]
    #[test]
    fn a_page_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "old").unwrap();
        let read = std::fs::metadata(&page).unwrap();
        // Appended to meanwhile (same length and time would still differ in bytes).
        std::fs::write(&page, "old and more").unwrap();
        let err = replace_page(&page, &read, b"old", b"formatted").unwrap_err();
        assert!(err.to_string().contains("changed while fmt ran"), "{err}");
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "old and more");
        // Rewritten to the same size: its time tells.
        std::fs::write(&page, "old").unwrap();
        let read = std::fs::metadata(&page).unwrap();
        let later = read.modified().unwrap() + std::time::Duration::from_secs(2);
        std::fs::File::options()
            .write(true)
            .open(&page)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let err = replace_page(&page, &read, b"old", b"formatted").unwrap_err();
        assert!(err.to_string().contains("changed while fmt ran"), "{err}");
        let read = std::fs::metadata(&page).unwrap();
        replace_page(&page, &read, b"old", b"formatted").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "formatted");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn a_replaced_page_is_kept_until_the_run_ends_and_its_readers_keep_it() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "old").unwrap();
        let mut reader = std::fs::File::open(&page).unwrap();
        let read = std::fs::metadata(&page).unwrap();
        replace_page(&page, &read, b"old", b"formatted").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "formatted");
        let temps = || -> Vec<PathBuf> {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p != &page)
                .collect()
        };
        if cfg!(target_os = "linux") {
            let kept = temps();
            assert_eq!(kept.len(), 1, "the old page, until the end");
            assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "old");
        }
        let mut seen = String::new();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "old", "a reader of the old page keeps it");
        remove_replaced();
        assert!(temps().is_empty(), "{:?}", temps());
    }

    #[cfg(feature = "cli")]
    #[test]
    fn retired_files_are_kept_by_folder_and_all_given_back() {
        let mut retired = Retired::new();
        let given: Vec<PathBuf> = [
            "site/a/.currents-1.tmp",
            "site/b/.currents-2.tmp",
            "site/a/.currents-3.tmp",
            ".currents-4.tmp",
            "site/b/.currents-5.tmp",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        for path in &given {
            retired.push(path.clone());
        }
        assert_eq!(retired.folders.len(), 3, "a, b and the working folder");
        let mut back: Vec<PathBuf> = retired.paths().collect();
        back.sort();
        let mut want = given.clone();
        want.sort();
        assert_eq!(back, want);
    }

    #[test]
    fn an_unwritable_folder_is_an_error_naming_the_file() {
        let err = Output::open(Some(Path::new("/no/such/dir/out.csv")))
            .err()
            .unwrap();
        assert!(
            err.to_string().starts_with("/no/such/dir/out.csv: "),
            "{err}"
        );
    }
}
