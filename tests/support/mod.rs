//! Helpers shared by the emit, check --out and diff tests: a large topology generator, the fedc
//! binary, and byte-exact snapshots of output trees.

include!("yaml_words.rs");

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A topology of `meshes` meshes (at least 2) on `meshes / 4` clusters (at least 1), every mesh
/// behind a LoadBalancer with an address pattern, all of them in one full-mesh peering (so
/// `2 · meshes · (meshes − 1)` peer and root-cert files), every tenth mesh exporting a service
/// that its neighbour imports, and Argo CD and Flux objects. 80 meshes give about 7,000 files.
pub fn large_topology(meshes: usize) -> String {
    let meshes = meshes.max(2);
    let clusters = (meshes / 4).max(1);
    let mut text = String::from(
        "[federation]\nname = \"large\"\n\n[gitops]\nrepo_url = \"https://git.example.com/fleet.git\"\nargocd = {}\nflux = { source = \"fleet\" }\n",
    );
    for c in 0..clusters {
        let _ = write!(
            text,
            "\n[[clusters]]\nname = \"c{c:03}\"\nplatform = \"aws\"\nnetwork = \"net-{c:03}\"\nlocality = {{ region = \"region-{}\" }}\n",
            c % 5
        );
    }
    for m in 0..meshes {
        let _ = write!(
            text,
            "\n[[meshes]]\nname = \"m{m:03}\"\ncluster = \"c{:03}\"\nversion = \"v2.6\"\n[meshes.ingress]\ntype = \"LoadBalancer\"\naddress = \"{{gateway}}.m{m:03}.example.com\"\n",
            m % clusters
        );
    }
    let names: Vec<String> = (0..meshes).map(|m| format!("\"m{m:03}\"")).collect();
    let _ = write!(text, "\n[[peerings]]\nmeshes = [{}]\n", names.join(", "));
    for m in (0..meshes).step_by(10) {
        let next = (m + 1) % meshes;
        let _ = write!(
            text,
            "\n[[exports]]\nmesh = \"m{m:03}\"\n  [[exports.rules]]\n  service = \"bookinfo-m{m:03}/ratings\"\n\n[[imports]]\nmesh = \"m{next:03}\"\nfrom = \"m{m:03}\"\n  [[imports.rules]]\n  service = \"bookinfo-m{m:03}/ratings\"\n"
        );
    }
    text
}

pub fn fedc_bin() -> &'static str {
    env!("CARGO_BIN_EXE_fedc")
}

/// Runs the fedc binary in `cwd` without colour.
pub fn fedc(args: &[&str], cwd: &Path) -> Output {
    Command::new(fedc_bin()).args(args).current_dir(cwd).env("NO_COLOR", "1").output().expect("run fedc")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the example topology and its certificates into `dir`; returns the topology's path.
pub fn example_into(dir: &Path) -> PathBuf {
    let examples = repo().join("examples");
    copy_dir(&examples.join("certs"), &dir.join("certs"));
    let topology = dir.join("federation.toml");
    std::fs::copy(examples.join("federation.toml"), &topology).expect("copy example");
    topology
}

/// Edits a topology file in place.
pub fn edit(topology: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(topology).expect("read topology");
    std::fs::write(topology, change(text)).expect("write topology");
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` (fedc.lock included, the empty build-lock file excluded) with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir).map(|(relative, path)| (relative, std::fs::read(path).expect("read"))).collect()
}

/// Every file under `dir` with its modification time and inode: what a rewrite would change.
pub fn stamps(dir: &Path) -> BTreeMap<String, (std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    walk(dir)
        .map(|(relative, path)| {
            let meta = std::fs::metadata(path).expect("stat");
            (relative, (meta.modified().expect("mtime"), meta.ino()))
        })
        .collect()
}

fn walk(dir: &Path) -> impl Iterator<Item = (String, PathBuf)> + '_ {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file() && e.file_name() != ".fedc-build.lock")
        .map(move |e| {
            let relative = e.path().strip_prefix(dir).expect("prefix");
            let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            (key, e.path().to_path_buf())
        })
}

/// The paths of two trees that differ, for readable assertion messages.
pub fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).map(|k| k.to_string()).collect()
}

/// Topologies the golden and conformance tests also compile with `--target` (issue 10: the example
/// builds under `ossm2`, `ossm3` and `istio`), as (file stem, target).
pub const RETARGETED: &[(&str, &str)] = &[("federation", "ossm3"), ("federation", "istio")];

/// `topology` built (by the fedc binary) as written and under each of its `RETARGETED` targets,
/// each with the name its output is known by (`federation`, `federation.ossm3`, …): every file the
/// build wrote but `fedc.lock`.
pub fn built_variants(topology: &Path) -> Vec<(String, BTreeMap<String, String>)> {
    let stem = topology.file_stem().expect("stem").to_string_lossy().into_owned();
    let without_lock = |mut files: BTreeMap<String, String>| {
        files.remove("fedc.lock");
        files
    };
    let mut variants = vec![(stem.clone(), without_lock(built(topology, &[])))];
    for (_, target) in RETARGETED.iter().filter(|(s, _)| *s == stem) {
        variants.push((format!("{stem}.{target}"), without_lock(built(topology, &["--target", target]))));
    }
    variants
}

/// The Kubernetes objects among built files: each `.yaml` file that parses as a mapping with an
/// `apiVersion` and a `kind` (not kustomization.yaml), by path.
pub fn objects(files: &BTreeMap<String, String>) -> BTreeMap<String, serde_json::Value> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".yaml") && !path.ends_with("/kustomization.yaml"))
        .filter_map(|(path, text)| {
            let value: serde_json::Value = serde_yaml_ng::from_str(text).ok()?;
            (value["apiVersion"].is_string() && value["kind"].is_string()).then(|| (path.clone(), value))
        })
        .collect()
}

/// What `fedc build … --format json` did: its exit status, the findings it printed (warnings, or
/// the errors that stopped it), its stderr and the files it wrote (`fedc.lock` excluded).
pub struct Build {
    pub status: Option<i32>,
    pub findings: Vec<serde_json::Value>,
    pub stderr: String,
    pub files: BTreeMap<String, String>,
}

impl Build {
    /// The code of every finding, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.findings.iter().filter_map(|d| d["code"].as_str()).collect()
    }

    /// The objects it wrote (see [`objects`]).
    pub fn objects(&self) -> BTreeMap<String, serde_json::Value> {
        objects(&self.files)
    }
}

/// Builds `topology` with the fedc binary into a fresh directory, `args` appended to
/// `fedc build TOPOLOGY --out DIR --format json`, whatever the outcome.
pub fn build(topology: &Path, args: &[&str]) -> Build {
    let out = tempfile::tempdir().expect("tempdir");
    let out_dir = out.path().join("rendered");
    let topology = topology.to_str().expect("UTF-8 path");
    let mut all = vec!["build", topology, "--out", out_dir.to_str().expect("UTF-8 path"), "--format", "json"];
    all.extend_from_slice(args);
    let output = fedc(&all, repo());
    let stderr = stderr(&output);
    let leading = serde_json::Deserializer::from_str(&stderr).into_iter::<serde_json::Value>().next();
    let findings = match leading {
        Some(Ok(document)) => document["diagnostics"].as_array().cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut files: BTreeMap<String, String> = if out_dir.exists() {
        tree(&out_dir).into_iter().map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8"))).collect()
    } else {
        BTreeMap::new()
    };
    files.remove("fedc.lock");
    Build { status: output.status.code(), findings, stderr, files }
}

/// Builds `topology` with the fedc binary into a fresh directory (with `args` appended to
/// `fedc build TOPOLOGY --out DIR`) and returns every file it wrote, by `/`-separated path relative
/// to the output (`fedc.lock` included). Fails the test, showing stderr, when the build fails.
pub fn built(topology: &Path, args: &[&str]) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().expect("tempdir");
    let out_dir = out.path().join("rendered");
    let topology = topology.to_str().expect("UTF-8 path");
    let mut all = vec!["build", topology, "--out", out_dir.to_str().expect("UTF-8 path")];
    all.extend_from_slice(args);
    let output = fedc(&all, repo());
    assert!(output.status.success(), "fedc {all:?} failed:\n{}", stderr(&output));
    tree(&out_dir)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("fedc writes UTF-8")))
        .collect()
}

/// The built-in templates, by name relative to `templates/` (what `--templates DIR` may
/// override), with their text: the files fedc compiles in (a unit test in src/render/templates.rs
/// holds the two lists equal).
pub fn built_in_templates() -> Vec<(String, String)> {
    walk(&repo().join("templates"))
        .map(|(name, path)| (name, std::fs::read_to_string(path).expect("read template")))
        .collect()
}

/// The text of the built-in template `name` (e.g. `maistra/servicemeshpeer.yaml.j2`).
pub fn built_in_template(name: &str) -> String {
    std::fs::read_to_string(repo().join("templates").join(name)).expect("built-in template")
}

/// Recovers an interrupted build in `out` and nothing more: a build of `topology` that stops once
/// it has recovered (the test binary's fault injection, src/emit/fault.rs), so that the tree is
/// what recovery left; exit 2 with `fedc::emit::injected` when recovery went through, another
/// code when it was refused. Tried again while the build lock is busy: a process another test
/// spawns at that moment may hold a copy of the released lock's descriptor between its fork and
/// its exec.
pub fn recover(topology: &Path, out: &Path) -> Output {
    let run = || {
        Command::new(fedc_bin())
            .args(["build".as_ref(), topology.as_os_str(), "--out".as_ref(), out.as_os_str()])
            .env("NO_COLOR", "1")
            .env("FEDC_FAULT", "after-recovery")
            .output()
            .expect("run fedc")
    };
    for _ in 0..100 {
        let output = run();
        if !stderr(&output).contains("another fedc command is using it") {
            return output;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    run()
}

/// What an in-process run printed and returned.
pub struct Ran {
    pub code: std::process::ExitCode,
    pub stdout: String,
    pub stderr: String,
}

/// Runs fedc in this process, as the binary does (`fedc::run_with`, the function its `main`
/// calls), with `args` after the program name: for property tests that run it thousands of times.
pub fn run_in_process(args: &[&str]) -> Ran {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code =
        fedc::run_with(std::iter::once("fedc").chain(args.iter().copied()), fedc::Streams::new(&mut out, &mut err));
    Ran { code, stdout: String::from_utf8_lossy(&out).into_owned(), stderr: String::from_utf8_lossy(&err).into_owned() }
}

/// The code of a failure as the human format prints it, `error[<code>]: …`.
pub fn failure_code(text: &str) -> Option<&str> {
    let start = text.find("error[")? + "error[".len();
    let end = start + text[start..].find(']')?;
    Some(&text[start..end])
}
