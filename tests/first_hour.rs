//! What a new user meets in the first hour, through the fedc binary: the advice of `check --out`
//! names a command that works (and running it makes the check pass), `--format json` keeps
//! everything on stdout, a build refuses another federation's output, progress shows only on a
//! terminal.

use std::path::Path;

use crate::support::{example_into, fedc, large_topology, stderr, stdout};

fn built(dir: &Path) {
    example_into(dir);
    let build = fedc(&["build", "federation.toml", "--out", "rendered"], dir);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
}

fn check_out(dir: &Path) -> std::process::Output {
    fedc(&["check", "federation.toml", "--out", "rendered"], dir)
}

/// The commands of the `to fix, run:` lines, without their comments.
fn advised(output: &std::process::Output) -> Vec<String> {
    let text = stdout(output);
    let after = text.split_once("to fix, run:\n").map(|(_, rest)| rest).unwrap_or_default();
    after.lines().map(|l| l.trim().split("    # ").next().unwrap_or_default().to_string()).collect()
}

/// Runs an advised command line (`fedc …` or `rm -- …`) in `dir`.
fn run(command: &str, dir: &Path) {
    let words: Vec<&str> = command.split(' ').collect();
    let status = match words.as_slice() {
        ["fedc", args @ ..] => fedc(args, dir).status,
        ["rm", "--", files @ ..] | ["rm", "-r", "--", files @ ..] => {
            files.iter().for_each(|f| std::fs::remove_file(dir.join(f)).expect("rm"));
            return;
        }
        _ => panic!("unexpected advice: {command}"),
    };
    assert!(status.success(), "{command}");
}

#[test]
fn after_a_hand_edit_the_advice_is_a_forced_build_and_it_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    built(dir.path());
    let peer = dir.path().join("rendered/clusters/east/red-system/servicemeshpeer-blue.yaml");
    crate::support::edit(&peer, |t| t.replace("ingress-blue", "ingress-hacked"));
    let checked = check_out(dir.path());
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(advised(&checked), ["fedc build federation.toml --out rendered --force"]);
    // What the advice replaces: a plain build refuses, and its refusal names the same command.
    let refused = fedc(&["build", "federation.toml", "--out", "rendered"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("error[fedc::emit::hand-edited]"), "{}", stderr(&refused));
    assert!(
        stderr(&refused).ends_with("\n  fedc build federation.toml --out rendered --force\n"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains("git checkout"), "{}", stderr(&refused));
    run(&advised(&checked)[0], dir.path());
    assert_eq!(check_out(dir.path()).status.code(), Some(0));
}

/// A link where fedc writes a file: no build replaces it (not even with --force), so the advice
/// removes it first, and following the advice works.
#[test]
fn a_link_at_a_generated_path_is_removed_then_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    built(dir.path());
    let peer = dir.path().join("rendered/clusters/east/red-system/servicemeshpeer-blue.yaml");
    std::fs::remove_file(&peer).expect("rm");
    std::os::unix::fs::symlink("/etc/hostname", &peer).expect("symlink");
    let checked = check_out(dir.path());
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stdout(&checked)
            .contains("replaced clusters/east/red-system/servicemeshpeer-blue.yaml: is now a symbolic link"),
        "{}",
        stdout(&checked)
    );
    assert_eq!(
        advised(&checked),
        [
            "rm -r -- rendered/clusters/east/red-system/servicemeshpeer-blue.yaml",
            "fedc build federation.toml --out rendered"
        ]
    );
    advised(&checked).iter().for_each(|command| run(command, dir.path()));
    assert_eq!(check_out(dir.path()).status.code(), Some(0));
}

#[test]
fn a_stray_file_is_removed_not_rebuilt_and_a_stale_output_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    built(dir.path());
    std::fs::write(dir.path().join("rendered/clusters/west/notes.md"), "mine\n").expect("write");
    let checked = check_out(dir.path());
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(advised(&checked), ["rm -- rendered/clusters/west/notes.md"], "no build: it would change nothing");
    run(&advised(&checked)[0], dir.path());
    assert_eq!(check_out(dir.path()).status.code(), Some(0));

    crate::support::edit(&dir.path().join("federation.toml"), |t| {
        t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 4")
    });
    std::fs::write(dir.path().join("rendered/argocd/extra.yaml"), "kind: Mine\n").expect("write");
    let checked = check_out(dir.path());
    assert_eq!(advised(&checked), ["rm -- rendered/argocd/extra.yaml", "fedc build federation.toml --out rendered"]);
    advised(&checked).iter().for_each(|command| run(command, dir.path()));
    assert_eq!(check_out(dir.path()).status.code(), Some(0));
}

#[test]
fn check_out_json_is_one_document_on_stdout_with_the_topology_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "out"], dir.path()).status.code(), Some(0));
    // `out` is not the `[gitops] path` (`rendered`): a warning about the topology.
    let output = fedc(&["check", "federation.toml", "--out", "out", "--format", "json"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "nothing on stderr");
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    assert_eq!(document["up_to_date"], true);
    assert_eq!(document["files"], 33);
    assert_eq!(document["fix"], serde_json::json!([]));
    assert_eq!(document["topology"]["summary"], serde_json::json!({ "errors": 0, "warnings": 1 }));
    assert_eq!(document["topology"]["diagnostics"][0]["code"], "fedc::gitops::out-mismatch");

    // A topology with errors: still one document on stdout, nothing verified, exit 1.
    crate::support::edit(&dir.path().join("federation.toml"), |t| t.replace("from = \"red\"", "from = \"rde\""));
    let output = fedc(&["check", "federation.toml", "--out", "out", "--format", "json"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "");
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    assert_eq!(document["up_to_date"], serde_json::Value::Null);
    assert_eq!(document["files"], serde_json::Value::Null);
    let diagnostics = document["topology"]["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(document["topology"]["summary"]["errors"], diagnostics.len());
    assert!(diagnostics.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("`rde`"))), "{diagnostics:?}");
}

#[test]
fn a_build_of_another_federation_into_an_output_is_refused_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    built(dir.path());
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("rendered/fedc.lock")).expect("lock"))
            .expect("json");
    assert_eq!((lock["version"].clone(), lock["federation"].clone()), (2.into(), "bookinfo".into()));
    let other = std::fs::read_to_string(dir.path().join("federation.toml"))
        .expect("read")
        .replace("name = \"bookinfo\"", "name = \"shop\"");
    std::fs::write(dir.path().join("shop.toml"), other).expect("write");
    let before = crate::support::tree(&dir.path().join("rendered"));
    let refused = fedc(&["build", "shop.toml", "--out", "rendered"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(
        message.starts_with("error[fedc::emit::other-federation]: rendered holds the output of federation `bookinfo`"),
        "{message}"
    );
    assert!(message.ends_with("\n  fedc build shop.toml --out rendered --force\n"), "{message}");
    assert_eq!(crate::support::tree(&dir.path().join("rendered")), before, "nothing changed");
    let checked = fedc(&["check", "shop.toml", "--out", "rendered"], dir.path());
    assert!(
        stdout(&checked).contains(
            "foreign  fedc.lock: the output of federation `bookinfo`, not `shop`: a build here must replace it"
        ),
        "{}",
        stdout(&checked)
    );
    // The advice is the build that works here (a plain one is refused, as above).
    assert_eq!(advised(&checked), ["fedc build shop.toml --out rendered --force"]);
    // `diff` compares files, and says that a build here needs --force.
    let diffed = fedc(&["diff", "shop.toml", "--out", "rendered"], dir.path());
    assert!(
        stderr(&diffed).contains("warning: rendered holds the output of federation `bookinfo` (fedc.lock), not `shop`: `fedc build` replaces it only with --force\n"),
        "{}",
        stderr(&diffed)
    );
    let forced = fedc(&["build", "shop.toml", "--out", "rendered", "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0));
    assert!(stderr(&forced).contains("federation `shop`; replaced (--force)"), "{}", stderr(&forced));
    assert_eq!(fedc(&["check", "shop.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
}

#[test]
fn a_version_1_lock_still_builds_and_is_rewritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    built(dir.path());
    let path = dir.path().join("rendered/fedc.lock");
    let mut lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("lock")).expect("json");
    lock["version"] = 1.into();
    lock.as_object_mut().expect("object").remove("federation");
    std::fs::write(&path, serde_json::to_string_pretty(&lock).expect("json") + "\n").expect("write");
    let checked = check_out(dir.path());
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        stdout(&checked).contains("stale    fedc.lock: written by an older fedc (lock format 1"),
        "{}",
        stdout(&checked)
    );
    assert_eq!(advised(&checked), ["fedc build federation.toml --out rendered"]);
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    assert!(std::fs::read_to_string(&path).expect("lock").contains("\"federation\": \"bookinfo\""));
}

/// Progress goes to stderr only when it is a terminal: a pipe never gets it, a terminal (a pty
/// from `script`) gets it for a build that takes over a second, and the line is cleared.
#[test]
fn progress_only_on_a_terminal_for_long_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The peering alone: a large build, whatever rules the exports meet; large enough (about
    // 10,000 files) to take well over the one-second delay on any machine, in a debug build.
    let large = large_topology(100);
    let peering = &large[..large.find("\n[[exports]]").unwrap_or(large.len())];
    std::fs::write(dir.path().join("large.toml"), peering).expect("write");
    let piped = fedc(&["build", "large.toml", "--out", "piped"], dir.path());
    assert_eq!(piped.status.code(), Some(0));
    assert!(!stderr(&piped).contains("fedc: building"), "{}", stderr(&piped));
    let script = std::process::Command::new("script").arg("--version").output();
    if script.map_or(true, |o| !o.status.success()) {
        eprintln!("SKIPPED the terminal half: no `script` (util-linux)");
        return;
    }
    let command = format!("{} build large.toml --out tty", crate::support::fedc_bin());
    let tty = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
        .expect("script");
    let seen = stdout(&tty);
    assert!(tty.status.success(), "{seen}");
    assert!(seen.contains("\r\x1b[2Kfedc: building large.toml: "), "{seen:?}");
    let after = seen.rsplit("\r\x1b[2K").next().unwrap_or_default();
    // Cleared before the warnings and the summary line.
    assert!(after.contains("\r\nfedc: ") && after.contains(" files in tty: "), "{after:?}");
    assert!(!after.contains("fedc: building"), "{after:?}");
}
