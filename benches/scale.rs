//! Build figures for large federations: `cargo bench --bench scale` (default 200 meshes, fully
//! peered; `FEDC_BENCH_MESHES=N` for another size). Prints the time of each command as the binary
//! runs it (`fedc::run_with`: check, build, a no-change build, check --out, diff), files and
//! bytes, the same bytes written by plain `fs::write` (what the disk allows), and peak memory.
//! `scripts/bench/run.sh` measures the release binary itself against `cp -r` and `diff -r`. Measures only:
//! it asserts nothing about speed. `FEDC_BENCH_CERTS=1` gives every mesh a root certificate (a
//! CA ConfigMap per peer too: about twice the files). Then the adversarial shapes
//! (`scale/adversarial.rs`; `FEDC_BENCH_ADVERSARIAL=0` skips them, `FEDC_BENCH_MESHES=0` runs only them).

#[path = "scale/adversarial.rs"]
mod adversarial;
// The integration tests' helpers; the benchmark uses a few of them.
#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let meshes: usize = std::env::var("FEDC_BENCH_MESHES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let work = tempfile::tempdir_in(bench_dir()).expect("scratch directory");
    if meshes > 0 {
        scale(work.path(), meshes);
    }
    if std::env::var("FEDC_BENCH_ADVERSARIAL").map_or(true, |v| v != "0") {
        adversarial::run(work.path());
    }
}

fn scale(work: &Path, meshes: usize) {
    let topology = work.join("federation.toml");
    let mut text = support::large_topology(meshes);
    if std::env::var("FEDC_BENCH_CERTS").is_ok_and(|v| v == "1") {
        let pem = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/certs/red-root.pem");
        std::fs::copy(pem, work.join("root.pem")).expect("copy certificate");
        text = text.replace("version = \"v2.6\"\n", "version = \"v2.6\"\nroot_cert = \"root.pem\"\n");
    }
    std::fs::write(&topology, text).expect("write topology");

    let (topology, out) = (topology.to_str().expect("UTF-8 path"), work.join("out"));
    let out_arg = out.to_str().expect("UTF-8 path");
    // Each command as the binary runs it (`fedc::run_with`), in this process.
    let (_, check) = timed(|| run(&["check", topology], 0));
    let (_, first) = timed(|| run(&["build", topology, "--out", out_arg], 0));
    let (_, again) = timed(|| run(&["build", topology, "--out", out_arg], 0));
    let (_, verify) = timed(|| run(&["check", topology, "--out", out_arg], 0));
    let (_, diff) = timed(|| run(&["diff", topology, "--out", out_arg], 0));
    let files = support::tree(&out);
    let bytes: usize = files.values().map(Vec::len).sum();
    let plain = work.join("plain");
    let (_, raw) = timed(|| write_plain(&plain, &files, false));
    let synced = work.join("synced");
    let (_, raw_synced) = timed(|| write_plain(&synced, &files, true));

    println!("fedc scale benchmark: {meshes} meshes, {} peerings", meshes * (meshes - 1) / 2);
    println!("  files            {:>10}", files.len());
    println!("  bytes            {:>10} ({:.1} MiB)", bytes, bytes as f64 / 1048576.0);
    println!("  check            {:>10.3} s  (load, check, plan and render; nothing kept)", check.as_secs_f64());
    println!(
        "  build, first     {:>10.3} s  ({:.0} files/s, staged, journaled)",
        first.as_secs_f64(),
        rate(files.len(), first)
    );
    println!("  build, no change {:>10.3} s", again.as_secs_f64());
    println!("  check --out      {:>10.3} s", verify.as_secs_f64());
    println!("  diff, no change  {:>10.3} s", diff.as_secs_f64());
    println!("  plain fs::write  {:>10.3} s  (same bytes, no fsync: the disk's pace)", raw.as_secs_f64());
    println!("  plain + fsync    {:>10.3} s  (same bytes, fsync per file)", raw_synced.as_secs_f64());
    println!("  peak memory      {:>10} MiB (VmHWM)", peak_rss_mib().map_or("?".into(), |m| m.to_string()));
}

/// Runs fedc with `args` as the binary does, in this process; fails unless it exits `code`.
fn run(args: &[&str], code: u8) {
    let ran = support::run_in_process(args);
    assert!(ran.code == std::process::ExitCode::from(code), "fedc {args:?}: {}{}", ran.stdout, ran.stderr);
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn rate(files: usize, time: Duration) -> f64 {
    files as f64 / time.as_secs_f64().max(1e-9)
}

fn write_plain(root: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>, sync: bool) {
    for (relative, content) in files {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let mut handle = std::fs::File::create(&path).expect("create");
        std::io::Write::write_all(&mut handle, content).expect("write");
        if sync {
            handle.sync_all().expect("fsync");
        }
    }
}

/// Where to write: `FEDC_BENCH_DIR`, or the target directory (a real disk, unlike tmpfs).
fn bench_dir() -> std::path::PathBuf {
    std::env::var_os("FEDC_BENCH_DIR")
        .map(Into::into)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
