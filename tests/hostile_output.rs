//! The output directory is hostile input: a pull request controls every file in it, fedc's own
//! bookkeeping included, and may plant symbolic links anywhere. Each test plants one hostile
//! thing in an output directory that sits in a "world" of canaries (siblings of the output, a
//! directory the links point at, files inside the output fedc never wrote), runs fedc, and checks
//! the exit code, the coded error, and that every canary is present and byte-for-byte unchanged.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{example_into, fedc, stderr};

/// A file, directory or link as found on disk (links are not followed).
#[derive(Clone, PartialEq, Eq)]
pub enum Node {
    File(Vec<u8>),
    Dir,
    Link(PathBuf),
}

impl std::fmt::Debug for Node {
    /// Short enough to read in a failed assertion: files by their first line and size.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::File(bytes) => {
                let text = String::from_utf8_lossy(bytes);
                write!(f, "File({:?}…, {} bytes)", text.lines().next().unwrap_or(""), bytes.len())
            }
            Node::Dir => f.write_str("Dir"),
            Node::Link(target) => write!(f, "Link({})", target.display()),
        }
    }
}

/// Everything under `dir` by relative path, links recorded as links.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Node> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
            let node = if entry.file_type().is_symlink() {
                Node::Link(std::fs::read_link(entry.path()).expect("readlink"))
            } else if entry.file_type().is_dir() {
                Node::Dir
            } else {
                Node::File(std::fs::read(entry.path()).expect("read"))
            };
            (relative, node)
        })
        .collect()
}

/// A built output directory `out` among canaries:
///
/// ```text
/// world/
///   federation.toml, certs/      the topology
///   canary, sibling.yaml         siblings of out
///   outside/                     where planted links point: canary.yaml, config, clusters/…
///   out/                         built by fedc; plus .git/config and README.md fedc never wrote
/// ```
pub struct World {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
    pub outside: PathBuf,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        example_into(&root);
        let out = root.join("out");
        let built = fedc(&["build", "federation.toml", "--out", "out"], &root);
        assert!(built.status.success(), "{}", stderr(&built));
        std::fs::write(root.join("canary"), "sibling canary\n").expect("write");
        std::fs::write(root.join("sibling.yaml"), "kind: Sibling\n").expect("write");
        let outside = root.join("outside");
        std::fs::create_dir_all(outside.join("clusters/east")).expect("mkdir");
        std::fs::create_dir_all(outside.join("old")).expect("mkdir");
        std::fs::write(outside.join("canary.yaml"), "outside canary\n").expect("write");
        std::fs::write(outside.join("config"), "[core]\n").expect("write");
        std::fs::write(outside.join("clusters/east/kustomization.yaml"), "outside kustomization\n").expect("write");
        std::fs::write(outside.join("old/d0"), "outside backup\n").expect("write");
        std::fs::create_dir_all(out.join(".git")).expect("mkdir");
        std::fs::write(out.join(".git/config"), "[core]\n\tbare = false\n").expect("write");
        std::fs::write(out.join("README.md"), "# fleet\n").expect("write");
        World { _dir: dir, root, out, outside }
    }

    /// Runs fedc in the world's root (`out` is given relative to it).
    pub fn run(&self, args: &[&str]) -> Output {
        fedc(args, &self.root)
    }

    pub fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "federation.toml", "--out", "out"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `fedc check --out` and `fedc diff --out`, both read-only.
    pub fn readers(&self) -> [Output; 2] {
        [
            self.run(&["check", "federation.toml", "--out", "out"]),
            self.run(&["diff", "federation.toml", "--out", "out"]),
        ]
    }

    /// Everything in the world but the output directory, plus the files inside it fedc never wrote.
    pub fn canaries(&self) -> BTreeMap<String, Node> {
        let mut canaries: BTreeMap<String, Node> =
            snapshot(&self.root).into_iter().filter(|(path, _)| !path.starts_with("out/") && path != "out").collect();
        for foreign in [".git/config", "README.md"] {
            let bytes = std::fs::read(self.out.join(foreign)).ok();
            canaries.insert(format!("out/{foreign}"), bytes.map_or(Node::Dir, Node::File));
        }
        canaries
    }

    pub fn everything(&self) -> BTreeMap<String, Node> {
        snapshot(&self.root)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.out.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn link(&self, relative: &str, target: &Path) {
        let path = self.out.join(relative);
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(&path).expect("rm -r");
        } else if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path).expect("rm");
        }
        symlink(target, path).expect("symlink");
    }

    pub fn lock_text(&self) -> String {
        std::fs::read_to_string(self.out.join("fedc.lock")).expect("lock")
    }
}

/// Exit code 2 and the coded error on stderr.
pub fn assert_refused(output: &Output, code: &str, what: &str) {
    assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(output));
    assert!(stderr(output).contains(&format!("error[{code}]")), "{what}: expected {code}: {}", stderr(output));
}

const PEER: &str = "clusters/east/red-system/servicemeshpeer-blue.yaml";

fn fedc_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A journal of the shape fedc writes, with one write (backed up) and one delete.
fn journal(write: &str, delete: &str) -> serde_json::Value {
    serde_json::json!({
        "version": 1,
        "old_lock": null,
        "new_lock": HASH,
        "writes": [{ "path": write, "staged": "new/0", "sha256": HASH, "backup": "old/w0" }],
        "deletes": [{ "path": delete, "backup": "old/d0" }],
        "new_dirs": []
    })
}

/// Plants `journal` and a staging directory holding every staging file it names.
fn plant_interrupted_build(world: &World, journal: &serde_json::Value) {
    world.write(".fedc-journal", &serde_json::to_string_pretty(journal).expect("json"));
    for name in ["new/0", "old/w0", "old/d0"] {
        world.write(&format!(".fedc-staging/{name}"), "planted backup\n");
    }
}

/// Plants, runs build (and the readers), and checks nothing at all changed.
fn assert_untouched(world: &World, code: &str, what: &str) {
    let before = world.everything();
    assert_refused(&world.build(&[]), code, what);
    assert_refused(&world.build(&["--force"]), code, &format!("{what} (--force)"));
    assert_eq!(world.everything(), before, "{what}: something changed");
}

#[test]
fn a_journal_naming_paths_fedc_does_not_generate_is_refused_and_nothing_moves() {
    for (write, delete) in [
        ("clusters/../../canary", PEER),
        ("../canary", PEER),
        ("ABSOLUTE", PEER),
        (PEER, "ABSOLUTE"),
        (PEER, ".git/config"),
        (PEER, "README.md"),
        (PEER, "fedc.lock"),
        (PEER, "clusters/east/../../../sibling.yaml"),
        (PEER, "clusters/east/notes.md"),
        (PEER, "partners/red/notes.toml"),
        (PEER, "partners/red/deep/federation.toml"),
        ("partners/federation.toml", PEER),
    ] {
        let world = World::new();
        let absolute = world.outside.join("canary.yaml").display().to_string();
        let (write, delete) = [write, delete].map(|p| if p == "ABSOLUTE" { absolute.as_str() } else { p }).into();
        plant_interrupted_build(&world, &journal(write, delete));
        assert_untouched(&world, "fedc::emit::journal-invalid", &format!("write {write}, delete {delete}"));
        for output in world.readers() {
            assert_refused(&output, "fedc::emit::interrupted", write);
        }
    }
}

#[test]
fn staging_names_outside_what_fedc_writes_are_refused() {
    type Spoil = fn(&mut serde_json::Value);
    let spoilers: [(&str, Spoil); 6] = [
        ("staged ../../x", |j| j["writes"][0]["staged"] = "../../canary".into()),
        ("staged /etc/x", |j| j["writes"][0]["staged"] = "/etc/hostname".into()),
        ("backup ../../x", |j| j["deletes"][0]["backup"] = "../../outside/canary.yaml".into()),
        ("backup /etc/x", |j| j["writes"][0]["backup"] = "/etc/hostname".into()),
        ("sha256 not hex", |j| j["writes"][0]["sha256"] = "../../x".into()),
        ("unknown field", |j| j["extra"] = true.into()),
    ];
    for (what, spoil) in spoilers {
        let world = World::new();
        let mut planted = journal(PEER, "clusters/east/kustomization.yaml");
        spoil(&mut planted);
        plant_interrupted_build(&world, &planted);
        assert_untouched(&world, "fedc::emit::journal-invalid", what);
    }
}

#[test]
fn a_journal_through_a_linked_directory_is_refused_before_anything_moves() {
    let world = World::new();
    world.link("clusters/east", &world.outside.join("clusters/east"));
    // A valid journal whose delete's backup would be renamed back to clusters/east/… = outside.
    plant_interrupted_build(&world, &journal("clusters/west/x.yaml", "clusters/east/kustomization.yaml"));
    assert_untouched(&world, "fedc::emit::symlink", "clusters/east linked outside");

    let world = World::new();
    world.link("clusters", &world.outside.join("clusters"));
    plant_interrupted_build(&world, &journal("clusters/east/x.yaml", "argocd/applicationset-bookinfo.yaml"));
    assert_untouched(&world, "fedc::emit::symlink", "clusters linked outside");
}

#[test]
fn a_linked_or_foreign_staging_directory_is_refused() {
    type Plant = fn(&World);
    let plants: [(&str, Plant); 8] = [
        (".fedc-staging linked outside, no journal", |w| w.link(".fedc-staging", &w.outside)),
        (".fedc-staging linked outside, with journal", |w| {
            plant_interrupted_build(w, &journal(PEER, "clusters/east/kustomization.yaml"));
            w.link(".fedc-staging", &w.outside);
        }),
        (".fedc-staging/old linked outside", |w| {
            plant_interrupted_build(w, &journal(PEER, "clusters/east/kustomization.yaml"));
            w.link(".fedc-staging/old", &w.outside.join("old"));
        }),
        (".fedc-staging/new linked outside", |w| {
            plant_interrupted_build(w, &journal(PEER, "clusters/east/kustomization.yaml"));
            w.link(".fedc-staging/new", &w.outside.join("old"));
        }),
        ("a staged file linked outside", |w| {
            plant_interrupted_build(w, &journal(PEER, "clusters/east/kustomization.yaml"));
            w.link(".fedc-staging/old/d0", &w.outside.join("canary.yaml"));
        }),
        ("a foreign file in staging", |w| w.write(".fedc-staging/old/notes", "x")),
        ("a directory in staging", |w| w.write(".fedc-staging/new/0/x", "x")),
        ("a directory at the journal's temporary name", |w| w.write(".fedc-journal.tmp/x", "x")),
    ];
    for (what, plant) in plants {
        let world = World::new();
        plant(&world);
        assert_untouched(&world, "fedc::emit::journal-invalid", what);
    }
}

#[test]
fn a_journal_that_is_itself_a_link_is_refused() {
    let world = World::new();
    world.link(".fedc-journal", &world.outside.join("canary.yaml"));
    assert_untouched(&world, "fedc::emit::journal-invalid", ".fedc-journal linked outside");
}

#[test]
fn a_cluster_directory_linked_outside_is_never_written_through() {
    let world = World::new();
    world.link("clusters", &world.outside.join("clusters"));
    let before = world.canaries();
    assert_refused(&world.build(&[]), "fedc::emit::symlink", "build");
    assert_refused(&world.build(&["--force"]), "fedc::emit::symlink", "build --force");
    assert_eq!(world.canaries(), before);
    // The readers list links but never read through them.
    let check = &world.readers()[0];
    assert_eq!(check.status.code(), Some(1), "{}", stderr(check));
    assert_eq!(world.canaries(), before);
}

#[test]
fn a_lock_claiming_files_fedc_does_not_generate_is_refused() {
    for claimed in [".git/config", "../canary", "README.md", "clusters/../../canary", "clusters/east/notes.md"] {
        let world = World::new();
        // The right hash of the claimed file, so only ownership stands between it and a prune.
        let bytes = std::fs::read(world.out.join(claimed)).unwrap_or_default();
        let hash = fedc_sha256(&bytes);
        let mut lock: serde_json::Value = serde_json::from_str(&world.lock_text()).expect("lock json");
        lock["files"][claimed] = hash.into();
        world.write("fedc.lock", &serde_json::to_string_pretty(&lock).expect("json"));
        let (before, canaries) = (world.everything(), world.canaries());
        assert_refused(&world.build(&[]), "fedc::emit::lock-invalid", claimed);
        for output in world.readers() {
            assert_refused(&output, "fedc::emit::lock-invalid", claimed);
        }
        assert_eq!(world.everything(), before, "{claimed}: something changed");
        // --force ignores the lock: nothing counts as owned, so nothing is pruned.
        let forced = world.build(&["--force"]);
        assert!(forced.status.success(), "{}", stderr(&forced));
        assert_eq!(world.canaries(), canaries, "{claimed}: --force");
    }
}

/// Under `partners/` fedc owns `.yaml` files and a partner's `federation.toml` and
/// `<mesh>-root-cert.pem` only: a lock claiming any other planted file there is refused, and the
/// file survives a `--force` build.
#[test]
fn a_lock_claiming_other_files_under_partners_is_refused() {
    for claimed in ["partners/red/notes.toml", "partners/red/blue-key.pem", "partners/federation.toml"] {
        let world = World::new();
        world.write(claimed, "planted by a pull request\n");
        let mut lock: serde_json::Value = serde_json::from_str(&world.lock_text()).expect("lock json");
        lock["files"][claimed] = fedc_sha256(b"planted by a pull request\n").into();
        world.write("fedc.lock", &serde_json::to_string_pretty(&lock).expect("json"));
        let before = world.everything();
        assert_refused(&world.build(&[]), "fedc::emit::lock-invalid", claimed);
        assert_eq!(world.everything(), before, "{claimed}: something changed");
        let forced = world.build(&["--force"]);
        assert!(forced.status.success(), "{}", stderr(&forced));
        let kept = std::fs::read_to_string(world.out.join(claimed)).expect("still there");
        assert_eq!(kept, "planted by a pull request\n", "{claimed}");
    }
}

#[test]
fn bookkeeping_files_linked_outside_are_never_followed() {
    for name in [".fedc-build.lock", "fedc.lock"] {
        let world = World::new();
        std::fs::copy(world.out.join("fedc.lock"), world.outside.join("canary.yaml")).expect("copy");
        world.link(name, &world.outside.join("canary.yaml"));
        let before = world.everything();
        assert_refused(&world.build(&[]), "fedc::emit::symlink", name);
        for output in world.readers() {
            assert_refused(&output, "fedc::emit::symlink", name);
        }
        assert_eq!(world.everything(), before, "{name}");
    }
    // Under --force a linked fedc.lock is ignored and replaced as a link, never written through.
    let world = World::new();
    world.link("fedc.lock", &world.outside.join("canary.yaml"));
    let before = world.canaries();
    let forced = world.build(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!world.out.join("fedc.lock").is_symlink());
    assert_eq!(world.canaries(), before);
}

#[test]
fn a_linked_journal_temp_file_is_removed_as_a_link() {
    let world = World::new();
    world.link(".fedc-journal.tmp", &world.outside.join("canary.yaml"));
    crate::support::edit(&world.root.join("federation.toml"), |t| {
        t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 4")
    });
    let before = world.canaries();
    let built = world.build(&[]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(world.out.join(".fedc-journal.tmp").symlink_metadata().is_err(), "the link is gone");
    assert_eq!(world.canaries(), before);
}

#[test]
fn an_output_directory_that_is_a_link_is_refused() {
    let world = World::new();
    let real = world.root.join("real-out");
    std::fs::rename(&world.out, &real).expect("mv");
    symlink(&world.outside, &world.out).expect("symlink");
    let before = world.everything();
    assert_refused(&world.build(&[]), "fedc::emit::symlink", "build");
    assert_refused(&world.build(&["--force"]), "fedc::emit::symlink", "build --force");
    for output in world.readers() {
        assert_refused(&output, "fedc::emit::symlink", "reader");
    }
    // Absolute, and as a parent of a relative --out.
    let absolute = world.out.display().to_string();
    assert_refused(&world.run(&["build", "federation.toml", "--out", &absolute]), "fedc::emit::symlink", "absolute");
    let nested = world.run(&["build", "federation.toml", "--out", "out/rendered"]);
    assert_refused(&nested, "fedc::emit::symlink", "link as a parent");
    assert_eq!(world.everything(), before);
}

#[test]
fn a_hand_edited_file_is_kept_unless_forced() {
    let world = World::new();
    let peer = world.out.join(PEER);
    std::fs::write(&peer, "edited by hand\n").expect("write");
    // And one owned file that the next build no longer generates, edited too.
    crate::support::edit(&world.root.join("federation.toml"), |t| {
        let start = t.find("[[failover]]").expect("failover");
        let end = t.find("# --- what the model does not cover").expect("marker");
        format!("{}{}", &t[..start], &t[end..])
    });
    let lock = world.lock_text();
    let pruned = "clusters/west/bookinfo/destinationrule-ratings-failover.yaml";
    assert!(lock.contains(pruned));
    std::fs::write(world.out.join(pruned), "also edited\n").expect("write");

    let before = world.everything();
    let refused = world.build(&[]);
    assert_refused(&refused, "fedc::emit::hand-edited", "without --force");
    assert!(stderr(&refused).contains(&format!("{PEER} (would be overwritten)")), "{}", stderr(&refused));
    assert!(stderr(&refused).contains(&format!("{pruned} (would be removed")), "{}", stderr(&refused));
    assert_eq!(world.everything(), before, "refused before anything changed");

    let forced = world.build(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(stderr(&forced).contains("hand edit overwritten (--force)"), "{}", stderr(&forced));
    assert_ne!(std::fs::read_to_string(&peer).expect("read"), "edited by hand\n");
    assert!(!world.out.join(pruned).exists());
    let check = &world.readers()[0];
    assert_eq!(check.status.code(), Some(0), "{}", stderr(check));
}

#[test]
fn a_journal_restoring_over_files_the_build_did_not_write_is_refused() {
    // Valid in shape, but the tree does not hold what such a build would have left: the backup
    // would replace the generated file (delete) and a foreign one (write) with planted content.
    let world = World::new();
    world.write("clusters/east/notes.yaml", "mine\n");
    plant_interrupted_build(&world, &journal("clusters/east/notes.yaml", PEER));
    assert_untouched(&world, "fedc::emit::journal-invalid", "restore over foreign and generated files");
    assert!(stderr(&world.build(&[])).contains("holds neither what the interrupted build wrote nor what it replaced"));
}
