//! The `currents` command line: see [`currents::cli`].

/// The model allocates many small strings, on several threads at once:
/// mimalloc does that with less work and less contention than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    currents::cli::main()
}
