//! Opening a run's files folder by folder. A walk lists a folder's files
//! one after another, and opening each by its whole path makes the kernel
//! look up every folder on the way again (`corpus/news/2017/06/19/x.md`:
//! six names for one file). While a [`Scope`] lives, a thread keeps the
//! folder of the last file it opened open and opens the next file of that
//! folder by its name alone (`openat`), as `find` and `fts` do. Measured
//! on 100,000 pages (`convert -q -j 1 --to jsonl`, paired with the build
//! before, medians of 11, 15 and 21 pairs): 0.985, 1.001 and 0.990 of its
//! time, system time 3–6% lower; about 1%, as most of the lookup's cost is
//! the file's own name, which a kept folder does not spare.
//!
//! Only during a run: a library user who reads a file, replaces its folder
//! and reads again must see the new folder, which a folder kept open from
//! the first read would hide.

#[cfg(target_os = "linux")]
mod kept {
    use std::cell::RefCell;
    use std::ffi::OsStr;
    use std::fs::File;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    use rustix::fs::{Mode, OFlags};

    #[derive(Default)]
    struct Kept {
        /// Scopes alive on this thread.
        scopes: usize,
        /// The last folder a file was opened in: its path as given, and
        /// the folder itself (`O_PATH`: no read permission needed, as
        /// opening by the whole path needs none).
        folder: Option<(Vec<u8>, OwnedFd)>,
    }

    thread_local! {
        static KEPT: RefCell<Kept> = RefCell::default();
    }

    /// While alive, files this thread opens through [`open`] are opened
    /// relative to their folder, kept open from one file to the next.
    pub(crate) struct Scope {
        /// Thread-bound, as what it scopes is.
        _here: std::marker::PhantomData<*const ()>,
    }

    impl Scope {
        pub(crate) fn enter() -> Scope {
            KEPT.with(|kept| kept.borrow_mut().scopes += 1);
            Scope {
                _here: std::marker::PhantomData,
            }
        }
    }

    impl Drop for Scope {
        fn drop(&mut self) {
            KEPT.with(|kept| {
                let mut kept = kept.borrow_mut();
                kept.scopes -= 1;
                if kept.scopes == 0 {
                    kept.folder = None;
                }
            });
        }
    }

    /// Opens `path` for reading, as `File::open` does.
    pub(crate) fn open(path: &Path) -> std::io::Result<File> {
        KEPT.with(|kept| match kept.try_borrow_mut() {
            Ok(mut kept) if kept.scopes > 0 => kept.open(path),
            _ => File::open(path),
        })
    }

    impl Kept {
        /// [`open`] inside a scope: through the folder kept, or the one
        /// of `path`, which is kept from then on.
        fn open(&mut self, path: &Path) -> std::io::Result<File> {
            let bytes = path.as_os_str().as_bytes();
            let Some(slash) = memchr::memrchr(b'/', bytes) else {
                return File::open(path); // in the working directory: one name already
            };
            // `/x` is in `/`; a name that is no file's goes the usual way, for its usual error.
            let (folder, name) = (&bytes[..slash.max(1)], &bytes[slash + 1..]);
            if matches!(name, b"" | b"." | b"..") {
                return File::open(path);
            }
            if self.folder.as_ref().is_none_or(|(kept, _)| kept != folder) {
                let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                match rustix::fs::open(OsStr::from_bytes(folder), flags, Mode::empty()) {
                    Ok(fd) => self.folder = Some((folder.to_vec(), fd)),
                    Err(_) => {
                        // The whole path then says what is wrong with it.
                        self.folder = None;
                        return File::open(path);
                    }
                }
            }
            let (_, fd) = self.folder.as_ref().expect("kept above");
            let flags = OFlags::RDONLY | OFlags::CLOEXEC;
            let file = rustix::fs::openat(fd, OsStr::from_bytes(name), flags, Mode::empty())?;
            Ok(File::from(file))
        }
    }
}

#[cfg(target_os = "linux")]
pub(crate) use kept::{open, Scope};

/// Elsewhere files are opened by their whole path.
#[cfg(not(target_os = "linux"))]
pub(crate) struct Scope;

#[cfg(not(target_os = "linux"))]
impl Scope {
    pub(crate) fn enter() -> Scope {
        Scope
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn open(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::path::{Path, PathBuf};

    fn read(path: &Path) -> std::io::Result<String> {
        let mut text = String::new();
        open(path)?.read_to_string(&mut text)?;
        Ok(text)
    }

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for (folder, name) in [("a", "1.md"), ("a", "2.md"), ("b", "1.md")] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
            std::fs::write(root.join(folder).join(name), format!("{folder}/{name}")).unwrap();
        }
        (dir, root)
    }

    #[test]
    fn files_read_by_folder_are_the_files_named() {
        let (_dir, root) = site();
        let _scope = Scope::enter();
        for (folder, name) in [("a", "1.md"), ("a", "2.md"), ("b", "1.md"), ("a", "1.md")] {
            let path = root.join(folder).join(name);
            assert_eq!(read(&path).unwrap(), format!("{folder}/{name}"));
        }
    }

    #[test]
    fn errors_are_the_ones_of_the_whole_path() {
        let (_dir, root) = site();
        let _scope = Scope::enter();
        read(&root.join("a/1.md")).unwrap();
        let missing = root.join("a/3.md");
        let expected = std::fs::File::open(&missing).unwrap_err().kind();
        assert_eq!(read(&missing).unwrap_err().kind(), expected);
        let under_a_file = root.join("a/1.md/x.md");
        let expected = std::fs::File::open(&under_a_file).unwrap_err().kind();
        assert_eq!(read(&under_a_file).unwrap_err().kind(), expected);
        assert!(read(&root.join("a/1.md/")).is_err());
    }

    #[test]
    fn a_folder_replaced_after_a_run_is_read_anew() {
        let (_dir, root) = site();
        {
            let _scope = Scope::enter();
            assert_eq!(read(&root.join("a/1.md")).unwrap(), "a/1.md");
        }
        std::fs::rename(root.join("a"), root.join("old")).unwrap();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/1.md"), "new").unwrap();
        let _scope = Scope::enter();
        assert_eq!(read(&root.join("a/1.md")).unwrap(), "new");
    }
}
