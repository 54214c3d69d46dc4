//! The floor of rewriting pages in place atomically: what any `fmt` must
//! pay the file system, with no markdown work at all. For every `.md` file
//! under the given folders: read it, write its bytes to a new file beside
//! it, put that file in its place (a rename, or with `--exchange` the
//! exchange `fmt` makes, the old files removed at the end on four threads),
//! on `-j` threads.
//! The pages keep their bytes; their inodes are new.
//!
//! `cargo run --release --example replace_floor -- [-j N] [--exchange] DIR...`

use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let exchange = take_flag(&mut args, "--exchange");
    let threads = match args.iter().position(|a| a == "-j") {
        Some(at) => {
            let n = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
            args.drain(at..at + 2);
            n
        }
        None => 1,
    };
    let mut files = Vec::new();
    for root in &args {
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
                files.push(entry.into_path());
            }
        }
    }
    let share = files.len().div_ceil(threads.max(1)).max(1);
    let old: Vec<PathBuf> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(share)
            .map(|part| scope.spawn(move || rewrite_all(part, exchange)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker panicked"))
            .collect()
    });
    // Four removers, as `fmt` has: a removal mostly waits for the disk.
    std::thread::scope(|scope| {
        for part in old.chunks(old.len().div_ceil(4).max(1)) {
            scope.spawn(move || {
                for path in part {
                    std::fs::remove_file(path).expect("remove");
                }
            });
        }
    });
    eprintln!("replace floor: {} files, {threads} threads", files.len());
    Ok(())
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let found = args.iter().any(|a| a == flag);
    args.retain(|a| a != flag);
    found
}

/// Rewrites each file; returns the old files kept (with `exchange`).
fn rewrite_all(files: &[PathBuf], exchange: bool) -> Vec<PathBuf> {
    let mut old = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("read");
        let temp = path.with_file_name(format!(
            ".replace-floor-{i}-{:?}.tmp",
            std::thread::current().id()
        ));
        std::fs::write(&temp, &bytes).expect("write");
        if exchange {
            swap(&temp, path);
            old.push(temp);
        } else {
            std::fs::rename(&temp, path).expect("rename");
        }
    }
    old
}

#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).expect("a path");
    let (a, b) = (c(a), c(b));
    // SAFETY: two NUL-terminated paths, alive for the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    assert_eq!(done, 0, "renameat2: {}", std::io::Error::last_os_error());
}

#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) {
    std::fs::rename(a, b).expect("rename");
}
