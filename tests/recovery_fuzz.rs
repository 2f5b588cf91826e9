//! Property test: arbitrary journals, staging trees, locks and planted links in a built output
//! directory, among canaries. Recovery alone (the test binary's `FEDC_FAULT=after-recovery`) and
//! then a build (in process, as the binary runs it) run on each:
//! never a panic, every canary present and byte-for-byte unchanged, and either a coded refusal
//! that left the whole world exactly as it was, or a consistent tree (no journal or staging left
//! after recovery; after a build, every generated file and the lock exactly as a fresh build).
//!
//! Cases: `FEDC_RECOVERY_CASES` (default below, a few seconds in a debug build), e.g.
//! `FEDC_RECOVERY_CASES=5000 cargo test --test integration recovery_fuzz -- --nocapture`.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::hostile_output::{Node, snapshot};
use crate::support::{copy_dir, example_into, failure_code, run_in_process, tree};

const DEFAULT_CASES: u32 = 48;

fn cases() -> u32 {
    std::env::var("FEDC_RECOVERY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

const PLANTED: &str = "planted\n";
const REAL_PATHS: [&str; 5] = [
    "clusters/east/red-system/servicemeshpeer-blue.yaml",
    "clusters/east/kustomization.yaml",
    "argocd/applicationset-bookinfo.yaml",
    "clusters/west/bookinfo/destinationrule-ratings-failover.yaml",
    "clusters/new/ns/x.yaml",
];

/// New directories as fedc records them for `clusters/new/ns/x.yaml` (or not quite).
const NEW_DIRS: [&[&str]; 5] = [
    &[],
    &["clusters/new", "clusters/new/ns"],
    &["clusters/new/ns"],
    &["clusters/new/ns", "clusters/new"],
    &["clusters"],
];

/// Path components a hostile journal or lock may use; `OUTSIDE` becomes the absolute path of the
/// outside directory.
fn component() -> impl Strategy<Value = String> {
    const FIXED: [&str; 25] = [
        "clusters",
        "argocd",
        "flux",
        "east",
        "west",
        "new",
        "..",
        ".",
        "",
        ".git",
        "config",
        "x.yaml",
        "kustomization.yaml",
        "README.md",
        "fedc.lock",
        ".fedc-staging",
        "old",
        "0",
        "w0",
        "d0",
        "a\0b",
        "a\\b",
        "OUTSIDE",
        "c:",
        "é.yaml",
    ];
    prop_oneof![
        4 => proptest::sample::select(FIXED.as_slice()).prop_map(str::to_string),
        1 => "[a-z.]{1,6}",
        1 => Just("n".repeat(300)),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(REAL_PATHS.as_slice()).prop_map(str::to_string),
        1 => (proptest::bool::weighted(0.15), proptest::collection::vec(component(), 1..5))
            .prop_map(|(absolute, parts)| format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"))),
    ]
}

/// A staging name: `None` for the one fedc would write at that position.
fn staging_name() -> impl Strategy<Value = Option<String>> {
    prop_oneof![8 => Just(None), 1 => path().prop_map(Some)]
}

fn hash() -> impl Strategy<Value = String> {
    prop_oneof![Just(sha256(PLANTED.as_bytes())), Just("0".repeat(64)), "[0-9a-fA-F]{0,66}",]
}

#[derive(Debug, Clone)]
struct WriteSpec {
    path: String,
    staged: Option<String>,
    sha256: String,
    backup: Option<Option<String>>,
}

#[derive(Debug, Clone)]
enum JournalSpec {
    Absent,
    Structured {
        version: u32,
        old_lock: Option<String>,
        new_lock: String,
        writes: Vec<WriteSpec>,
        deletes: Vec<(String, Option<String>)>,
        new_dirs: Vec<String>,
    },
    Raw(Vec<u8>),
}

fn journal() -> impl Strategy<Value = JournalSpec> {
    let write = (path(), staging_name(), hash(), proptest::option::of(staging_name()))
        .prop_map(|(path, staged, sha256, backup)| WriteSpec { path, staged, sha256, backup });
    let structured = (
        prop_oneof![12 => Just(1u32), 1 => 0u32..4],
        proptest::option::of(hash()),
        hash(),
        proptest::collection::vec(write, 0..4),
        proptest::collection::vec((path(), staging_name()), 0..3),
        prop_oneof![
            6 => proptest::sample::select(NEW_DIRS.as_slice()).prop_map(|dirs| dirs.iter().map(|d| d.to_string()).collect()),
            1 => proptest::collection::vec(path(), 0..3),
        ],
    )
        .prop_map(|(version, old_lock, new_lock, writes, deletes, new_dirs)| JournalSpec::Structured {
            version,
            old_lock,
            new_lock,
            writes,
            deletes,
            new_dirs,
        });
    prop_oneof![
        2 => Just(JournalSpec::Absent),
        6 => near_valid(),
        3 => structured,
        1 => proptest::collection::vec(any::<u8>(), 0..120).prop_map(JournalSpec::Raw),
    ]
}

/// Journals of the shape fedc writes, about files of the example build: mostly valid, so that
/// recovery goes on to meet the planted staging files, links and locks.
fn near_valid() -> impl Strategy<Value = JournalSpec> {
    let paths = proptest::sample::subsequence(REAL_PATHS.to_vec(), 0..=REAL_PATHS.len()).prop_flat_map(|paths| {
        let len = paths.len();
        (Just(paths), 0..=len)
    });
    let lock_hash = prop_oneof![Just(LOCK_HASH.to_string()), Just("0".repeat(64)), Just(sha256(PLANTED.as_bytes()))];
    (
        paths,
        proptest::collection::vec((hash_valid(), proptest::bool::weighted(0.6)), REAL_PATHS.len()),
        proptest::option::of(lock_hash.clone()),
        lock_hash,
        proptest::bool::weighted(0.8),
    )
        .prop_map(|((paths, split), details, old_lock, new_lock, right_dirs)| {
            let (writes, deletes) = paths.split_at(split);
            let writes: Vec<WriteSpec> = writes
                .iter()
                .zip(&details)
                .map(|(path, (sha256, backed_up))| WriteSpec {
                    path: path.to_string(),
                    staged: None,
                    sha256: sha256.clone(),
                    backup: backed_up.then_some(None),
                })
                .collect();
            let creates_dirs = writes.iter().any(|w| w.path.starts_with("clusters/new/"));
            let new_dirs =
                if creates_dirs == right_dirs { vec!["clusters/new".into(), "clusters/new/ns".into()] } else { vec![] };
            let deletes = deletes.iter().map(|path| (path.to_string(), None)).collect();
            JournalSpec::Structured { version: 1, old_lock, new_lock, writes, deletes, new_dirs }
        })
}

fn hash_valid() -> impl Strategy<Value = String> {
    prop_oneof![Just(sha256(PLANTED.as_bytes())), Just("0".repeat(64))]
}

/// Stands for the sha256 of the example build's lock (see `materialize`).
const LOCK_HASH: &str = "LOCK_HASH";

/// What to put at a name: a file, a directory, or a link to outside.
#[derive(Debug, Clone, Copy)]
enum Kind {
    File,
    Dir,
    LinkToFile,
    LinkToDir,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![4 => Just(Kind::File), 1 => Just(Kind::Dir), 1 => Just(Kind::LinkToFile), 1 => Just(Kind::LinkToDir)]
}

#[derive(Debug, Clone)]
enum LockSpec {
    Keep,
    Raw(Vec<u8>),
    Files(Vec<(String, String)>),
}

fn lock() -> impl Strategy<Value = LockSpec> {
    prop_oneof![
        4 => Just(LockSpec::Keep),
        1 => proptest::collection::vec(any::<u8>(), 0..80).prop_map(LockSpec::Raw),
        2 => proptest::collection::vec((path(), hash()), 0..4).prop_map(LockSpec::Files),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    journal: JournalSpec,
    staging: Option<Kind>,
    staged: Vec<(&'static str, Kind)>,
    lock: LockSpec,
    links: Vec<(&'static str, Kind)>,
}

fn case() -> impl Strategy<Value = Case> {
    const TARGETS: [&str; 9] = [
        "clusters",
        "clusters/east",
        "clusters/west/bookinfo",
        "argocd",
        "fedc.lock",
        ".fedc-build.lock",
        ".fedc-journal.tmp",
        ".fedc-journal",
        "clusters/east/red-system/servicemeshpeer-blue.yaml",
    ];
    (
        journal(),
        proptest::option::weighted(0.8, prop_oneof![12 => Just(Kind::Dir), 1 => kind()]),
        proptest::collection::vec((staged_name(), staged_kind()), 0..4),
        lock(),
        proptest::collection::vec(
            (proptest::sample::select(TARGETS.as_slice()), prop_oneof![Just(Kind::LinkToFile), Just(Kind::LinkToDir)]),
            0..2,
        ),
    )
        .prop_map(|(journal, staging, staged, lock, links)| Case { journal, staging, staged, lock, links })
}

/// Mostly the names a build stages, as regular files; sometimes anything else.
fn staged_name() -> impl Strategy<Value = &'static str> {
    const VALID: [&str; 6] = ["new/0", "new/1", "old/w0", "old/w1", "old/d0", "fedc.lock"];
    const HOSTILE: [&str; 5] = ["junk", "new/00", "new", "old", "old/x"];
    prop_oneof![6 => proptest::sample::select(VALID.as_slice()), 1 => proptest::sample::select(HOSTILE.as_slice())]
}

fn staged_kind() -> impl Strategy<Value = Kind> {
    prop_oneof![8 => Just(Kind::File), 1 => kind()]
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// One case's directories: the world root, the output inside it, the outside links point at.
struct Dirs {
    out: PathBuf,
    outside: PathBuf,
    lock_hash: String,
}

fn materialize(value: &str, dirs: &Dirs) -> String {
    value.replace("OUTSIDE", &dirs.outside.display().to_string()).replace(LOCK_HASH, &dirs.lock_hash)
}

fn journal_json(spec: &JournalSpec, dirs: &Dirs) -> Option<Vec<u8>> {
    let JournalSpec::Structured { version, old_lock, new_lock, writes, deletes, new_dirs } = spec else {
        return match spec {
            JournalSpec::Raw(bytes) => Some(bytes.clone()),
            _ => None,
        };
    };
    let name = |given: &Option<String>, own: String| given.as_ref().map_or(own, |g| materialize(g, dirs));
    let writes: Vec<serde_json::Value> = writes
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let backup = w.backup.as_ref().map(|b| name(b, format!("old/w{i}")));
            serde_json::json!({"path": materialize(&w.path, dirs), "staged": name(&w.staged, format!("new/{i}")), "sha256": w.sha256, "backup": backup})
        })
        .collect();
    let deletes: Vec<serde_json::Value> = (deletes.iter().enumerate())
        .map(|(i, (path, backup))| serde_json::json!({"path": materialize(path, dirs), "backup": name(backup, format!("old/d{i}"))}))
        .collect();
    let new_dirs: Vec<String> = new_dirs.iter().map(|d| materialize(d, dirs)).collect();
    let (old_lock, new_lock) = (old_lock.as_ref().map(|h| materialize(h, dirs)), materialize(new_lock, dirs));
    let journal = serde_json::json!({"version": version, "old_lock": old_lock, "new_lock": new_lock, "writes": writes, "deletes": deletes, "new_dirs": new_dirs});
    Some(serde_json::to_vec_pretty(&journal).expect("json"))
}

/// Whether some ancestor of `relative` inside `out` is a link or not a directory: planting
/// there would go through it (outside), so the fuzzer itself must not.
fn blocked(out: &Path, relative: &str) -> bool {
    relative
        .match_indices('/')
        .any(|(i, _)| std::fs::symlink_metadata(out.join(&relative[..i])).is_ok_and(|m| !m.is_dir()))
}

fn plant(out: &Path, relative: &str, kind: Kind, dirs: &Dirs) {
    if blocked(out, relative) {
        return;
    }
    let path = out.join(relative);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir_all(&path);
    } else {
        let _ = std::fs::remove_file(&path);
    }
    let _ = match kind {
        Kind::File => std::fs::write(&path, PLANTED),
        Kind::Dir => std::fs::create_dir(&path),
        Kind::LinkToFile => symlink(dirs.outside.join("canary.yaml"), &path),
        Kind::LinkToDir => symlink(&dirs.outside, &path),
    };
}

fn set_up(case: &Case, base: &Path, dirs: &Dirs) {
    copy_dir(base, &dirs.out);
    std::fs::create_dir_all(dirs.out.join(".git")).expect("mkdir");
    std::fs::write(dirs.out.join(".git/config"), "[core]\n").expect("write");
    std::fs::write(dirs.out.join("README.md"), "# fleet\n").expect("write");
    std::fs::create_dir_all(dirs.outside.join("old")).expect("mkdir");
    std::fs::create_dir_all(dirs.outside.join("new")).expect("mkdir");
    for (name, text) in [("canary.yaml", "outside\n"), ("old/d0", "outside d0\n"), ("new/0", "outside new\n")] {
        std::fs::write(dirs.outside.join(name), text).expect("write");
    }
    match &case.lock {
        LockSpec::Keep => {}
        LockSpec::Raw(bytes) => std::fs::write(dirs.out.join("fedc.lock"), bytes).expect("write lock"),
        LockSpec::Files(files) => {
            let mut lock: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dirs.out.join("fedc.lock")).expect("lock")).expect("json");
            for (path, hash) in files {
                lock["files"][materialize(path, dirs)] = hash.clone().into();
            }
            std::fs::write(dirs.out.join("fedc.lock"), serde_json::to_vec(&lock).expect("json")).expect("write");
        }
    }
    if let Some(bytes) = journal_json(&case.journal, dirs) {
        std::fs::write(dirs.out.join(".fedc-journal"), bytes).expect("write journal");
    }
    if let Some(kind) = case.staging {
        plant(&dirs.out, ".fedc-staging", kind, dirs);
        for (name, kind) in &case.staged {
            plant(&dirs.out, &format!(".fedc-staging/{name}"), *kind, dirs);
        }
    }
    for (target, kind) in &case.links {
        plant(&dirs.out, target, *kind, dirs);
    }
}

/// Everything in the world but the output, plus the files in it fedc never wrote.
fn canaries(root: &Path) -> BTreeMap<String, Node> {
    let mut canaries: BTreeMap<String, Node> =
        snapshot(root).into_iter().filter(|(path, _)| !path.starts_with("out/") && path != "out").collect();
    for foreign in [".git/config", "README.md"] {
        canaries.insert(
            format!("out/{foreign}"),
            std::fs::read(root.join("out").join(foreign)).map_or(Node::Dir, Node::File),
        );
    }
    canaries
}

/// A refusal's code: fedc's own, about the output directory, never a failed roll-back.
fn coded(code: Option<&str>, text: &str) -> Result<String, TestCaseError> {
    let code = code.unwrap_or_default();
    prop_assert!(code.starts_with("fedc::emit::") || code == "fedc::io::failed", "{code}: {text}");
    prop_assert!(code != "fedc::emit::undo-failed", "{code}: {text}");
    Ok(code.to_string())
}

/// Recovery alone (`support::recover`): `Ok` when it went through, else the refusal's code.
fn recover(topology: &Path, out: &Path) -> Result<Result<(), String>, TestCaseError> {
    let output = crate::support::recover(topology, out);
    let text = crate::support::stderr(&output);
    prop_assert_eq!(output.status.code(), Some(2), "{}", text);
    match failure_code(&text) {
        Some("fedc::emit::injected") => Ok(Ok(())),
        code => Ok(Err(coded(code, &text)?)),
    }
}

fn run_case(
    case: &Case,
    base: &Path,
    topology: &Path,
    expected: &BTreeMap<String, Vec<u8>>,
    tally: &mut BTreeMap<String, usize>,
) -> Result<(), TestCaseError> {
    let world = tempfile::tempdir().expect("tempdir");
    let lock_hash = sha256(&std::fs::read(base.join("fedc.lock")).expect("base lock"));
    let dirs = Dirs { out: world.path().join("out"), outside: world.path().join("outside"), lock_hash };
    std::fs::write(world.path().join("canary"), "sibling\n").expect("write");
    set_up(case, base, &dirs);
    let (before, canaries_before) = (snapshot(world.path()), canaries(world.path()));

    let recovered = recover(topology, &dirs.out)?;
    prop_assert_eq!(&canaries(world.path()), &canaries_before, "recovery changed a canary");
    match &recovered {
        Ok(()) => {
            prop_assert!(std::fs::symlink_metadata(dirs.out.join(".fedc-journal")).is_err(), "journal left");
            prop_assert!(std::fs::symlink_metadata(dirs.out.join(".fedc-staging")).is_err(), "staging left");
        }
        Err(code) => {
            prop_assert_eq!(&snapshot(world.path()), &before, "a refused recovery changed something: {}", code);
        }
    }
    let before = snapshot(world.path());
    let out = dirs.out.to_str().expect("UTF-8 path");
    let built = run_in_process(&["build", topology.to_str().expect("UTF-8 path"), "--out", out]);
    prop_assert_eq!(&canaries(world.path()), &canaries_before, "the build changed a canary");
    let built = if built.code == std::process::ExitCode::SUCCESS {
        for (path, bytes) in expected {
            let on_disk = std::fs::read(dirs.out.join(path)).ok();
            prop_assert_eq!(on_disk.as_ref(), Some(bytes), "{} differs", path);
        }
        Ok("ok".to_string())
    } else {
        prop_assert!(built.code == std::process::ExitCode::from(2), "{}", built.stderr);
        let code = coded(failure_code(&built.stderr), &built.stderr)?;
        prop_assert_eq!(&snapshot(world.path()), &before, "a refused build changed something: {}", code);
        Err(code)
    };
    let key = format!(
        "recover {} / build {}",
        recovered.map_or_else(|code| code, |()| "ok".to_string()),
        built.unwrap_or_else(|code| code)
    );
    *tally.entry(key).or_default() += 1;
    Ok(())
}

#[test]
fn hostile_journals_staging_and_locks_never_escape_the_output() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let base = work.path().join("base");
    let built = run_in_process(&["build", topology.to_str().expect("UTF-8"), "--out", base.to_str().expect("UTF-8")]);
    assert!(built.code == std::process::ExitCode::SUCCESS, "{}", built.stderr);
    let expected = tree(&base);
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let tally = std::cell::RefCell::new(BTreeMap::new());
    let result = runner.run(&case(), |case| run_case(&case, &base, &topology, &expected, &mut tally.borrow_mut()));
    eprintln!("recovery fuzz outcomes: {:#?}", tally.borrow());
    if let Err(error) = result {
        panic!("{error}");
    }
}
