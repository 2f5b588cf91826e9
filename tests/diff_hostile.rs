//! `fedc diff --old A --new B` on directories a pull request controls: deeply nested YAML, alias
//! bombs, huge files, many files and long rewrites are compared as text, summarised or refused
//! with a code; never a crash, and nothing is written anywhere (canary and both trees unchanged).

use std::path::Path;

use crate::support::{fedc, stderr, stdout, tree};

const PEER: &str =
    "apiVersion: federation.maistra.io/v1\nkind: ServiceMeshPeer\nmetadata:\n  name: blue\n  namespace: red-system\n";

struct Dirs {
    root: tempfile::TempDir,
}

impl Dirs {
    /// `old/` and `new/` with one object each, and a canary beside them.
    fn new() -> Dirs {
        let root = tempfile::tempdir().expect("tempdir");
        for side in ["old", "new"] {
            write(root.path(), &format!("{side}/clusters/east/red-system/servicemeshpeer-blue.yaml"), PEER);
        }
        write(root.path(), "canary.yaml", "kind: Canary\n");
        Dirs { root }
    }

    fn put(&self, relative: &str, content: &str) {
        write(self.root.path(), relative, content);
    }

    /// Runs `fedc diff --old old --new new` plus `extra`; asserts nothing changed on disk.
    fn diff(&self, extra: &[&str]) -> std::process::Output {
        let before = tree(self.root.path());
        let mut args = vec!["diff", "--old", "old", "--new", "new", "--format", "json"];
        args.extend_from_slice(extra);
        let output = fedc(&args, self.root.path());
        assert!(before == tree(self.root.path()), "fedc diff changed files");
        output
    }
}

fn write(root: &Path, relative: &str, content: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, content).expect("write");
}

fn json(output: &std::process::Output) -> serde_json::Value {
    assert_eq!(output.status.code(), Some(1), "differences found, no error: {}", stderr(output));
    serde_json::from_str(&stdout(output)).expect("one JSON document")
}

#[test]
fn deeply_nested_yaml_is_compared_as_text() {
    let dirs = Dirs::new();
    for (name, text) in
        [("brackets", "[".repeat(100_000)), ("braces", "{a: ".repeat(100_000)), ("dashes", "- ".repeat(100_000))]
    {
        dirs.put(&format!("new/clusters/east/red-system/{name}.yaml"), &text);
    }
    let document = json(&dirs.diff(&[]));
    assert_eq!(document["counts"]["add"], 3, "each nested file is a file, known by its path");
}

#[test]
fn an_alias_bomb_is_compared_as_text() {
    let dirs = Dirs::new();
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (level, previous) in ('b'..='j').zip('a'..) {
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{level}: &{level} [{refs}]\n"));
    }
    bomb.push_str("kind: ServiceMeshPeer\nmetadata: {name: bomb}\n");
    dirs.put("new/clusters/east/red-system/bomb.yaml", &bomb);
    let document = json(&dirs.diff(&[]));
    assert_eq!(document["counts"]["add"], 1);
}

#[test]
fn a_directory_above_the_limits_is_refused_before_it_is_read() {
    let dirs = Dirs::new();
    dirs.put("new/clusters/east/red-system/huge.yaml", &"x: y\n".repeat(400_000));
    let output = dirs.diff(&["--max-bytes", "1M"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("fedc::diff::too-large"), "{}", stderr(&output));
    for i in 0..12 {
        dirs.put(&format!("old/clusters/east/red-system/cm-{i}.yaml"), "kind: ConfigMap\n");
    }
    let output = dirs.diff(&["--max-files", "10"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("fedc::diff::too-large") && stderr(&output).contains("--max-files"));
}

#[test]
fn a_long_rewrite_is_summarised_not_diffed_line_by_line() {
    let dirs = Dirs::new();
    let lines = |prefix: &str| (0..6_000).map(|i| format!("{prefix}{i}\n")).collect::<String>();
    dirs.put("old/clusters/east/red-system/long.yaml", &lines("a"));
    dirs.put("new/clusters/east/red-system/long.yaml", &lines("b"));
    let document = json(&dirs.diff(&[]));
    let change = &document["changes"][0];
    assert_eq!(change["action"], "changed", "{change}");
    let diff = change["diff"].as_str().expect("diff text");
    assert!(diff.contains("6000 lines → 6000 lines: not diffed line by line"), "{diff}");
}

/// `fedc diff TOPOLOGY --out DIR` reads the committed side first as digests (`diff::Streamed`):
/// a committed file planted above `--max-bytes` is refused with the code there too, and the
/// committed tree is left as it was.
#[test]
fn a_committed_output_above_the_limits_is_refused_when_diffing_a_topology() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::example_into(dir.path());
    assert!(fedc(&["build", "federation.toml", "--out", "out"], dir.path()).status.success());
    let planted = dir.path().join("out/clusters/east/red-system/servicemeshpeer-blue.yaml");
    std::fs::write(&planted, "x: y\n".repeat(400_000)).expect("plant");
    let before = tree(&dir.path().join("out"));
    let output = fedc(&["diff", "federation.toml", "--out", "out", "--max-bytes", "1M"], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("fedc::diff::too-large"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(tree(&dir.path().join("out")), before);
}

/// A link or a FIFO planted at a file's place is refused with its code from the scan of the
/// compared tree, before anything is opened: the link's target is never read, the FIFO never
/// stalls the diff.
#[test]
fn a_link_or_a_fifo_in_a_compared_tree_is_refused_not_read() {
    let dirs = Dirs::new();
    dirs.put("secret.txt", "TOKEN-ABC123\n");
    let peer = dirs.root.path().join("new/clusters/east/red-system/servicemeshpeer-blue.yaml");
    std::fs::remove_file(&peer).expect("remove");
    std::os::unix::fs::symlink(dirs.root.path().join("secret.txt"), &peer).expect("symlink");
    let output = dirs.diff(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("error[fedc::emit::symlink]: "), "{}", stderr(&output));
    assert!(!stdout(&output).contains("TOKEN") && !stderr(&output).contains("TOKEN"));

    std::fs::remove_file(&peer).expect("remove the link");
    let made = std::process::Command::new("mkfifo").arg(&peer).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("SKIPPED the FIFO half: no mkfifo");
        return;
    }
    let output = dirs.diff(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error[fedc::emit::not-a-file]: ") && stderr(&output).contains("is a special file"),
        "{}",
        stderr(&output)
    );
}
