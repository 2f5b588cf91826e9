// fedc allocates and frees many small values on every core (template contexts, rendered text,
// parsed objects); musl's allocator, in the static release binary, serialises them (docs/decisions.md,
// "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Where transparent huge pages are on for every process, they back mimalloc's arenas in 2 MiB
    // pages and add a fifth to fedc's peak memory for no measured gain in speed. Best effort: a
    // kernel that refuses just keeps its setting.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    fedc::run()
}
