//! The `currents` command line: see [`currents::cli`].

/// The model allocates many small strings, on several threads at once:
/// mimalloc does that with less work and less contention than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    commit_memory_on_demand();
    currents::cli::main()
}

/// mimalloc commits its arenas whole unless its environment says otherwise
/// before the first allocation, and never gives that memory back: peak RSS
/// then holds every thread's pages (26–30 MiB for a streaming convert
/// instead of about 10 MiB, and `-j 1` about 9% slower through cache and
/// TLB misses). The option can only be set from outside the process, so the
/// binary sets it and starts itself again, once; an installed binary keeps
/// the setting, which a build-time flag would not. If that fails, it runs on.
#[cfg(unix)]
fn commit_memory_on_demand() {
    use std::os::unix::process::CommandExt;
    const OPTION: &str = "MIMALLOC_ARENA_EAGER_COMMIT";
    if std::env::var_os(OPTION).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let name = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    // `exec` returns only when it failed.
    let _ = std::process::Command::new(&exe)
        .arg0(name)
        .args(args)
        .env(OPTION, "0")
        .exec();
}

#[cfg(not(unix))]
fn commit_memory_on_demand() {}
