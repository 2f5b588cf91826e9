//! `--templates DIR`: the directory must exist, every file in it must replace a built-in template,
//! and no link, FIFO or huge file is read. Each failure has a code, in JSON too, and nothing is
//! written. Run with `cargo test --test integration template_dir::`.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{example_into, fedc, stderr, tree};

struct Scene {
    _dir: tempfile::TempDir,
    work: PathBuf,
    templates: PathBuf,
}

fn scene() -> Scene {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().to_path_buf();
    example_into(&work);
    let templates = work.join("templates");
    std::fs::create_dir_all(templates.join("maistra")).expect("mkdir");
    Scene { _dir: dir, work, templates }
}

impl Scene {
    fn build(&self, format: &str) -> Output {
        let args = ["build", "federation.toml", "--out", "out", "--templates", "templates", "--format", format];
        fedc(&args, &self.work)
    }

    /// Exit 2 with `code`, in the human and the JSON format; nothing written.
    fn assert_fails(&self, code: &str) -> String {
        let human = self.build("human");
        assert_eq!(human.status.code(), Some(2), "{}", stderr(&human));
        let text = stderr(&human);
        assert!(text.starts_with(&format!("error[{code}]: ")), "expected {code}:\n{text}");
        let json = self.build("json");
        let report: serde_json::Value = serde_json::from_str(&stderr(&json)).expect("JSON on stderr");
        assert_eq!(report["error"]["code"], code);
        assert!(!self.work.join("out").exists(), "nothing may be written");
        text
    }
}

fn built_in(name: &str) -> String {
    crate::support::built_in_template(name)
}

#[test]
fn a_missing_directory_is_a_failure_not_the_built_ins() {
    let scene = scene();
    std::fs::remove_dir_all(&scene.templates).expect("rm");
    let text = scene.assert_fails("fedc::template::dir-missing");
    assert!(text.contains("does not exist"), "{text}");
    std::fs::write(&scene.templates, "a file").expect("write");
    let text = scene.assert_fails("fedc::template::dir-missing");
    assert!(text.contains("is not a directory"), "{text}");
}

#[test]
fn a_misspelt_template_is_named_with_the_closest_name() {
    let scene = scene();
    let path = scene.templates.join("maistra/servicemeshper.yaml.j2");
    std::fs::write(path, built_in("maistra/servicemeshpeer.yaml.j2")).expect("write");
    let text = scene.assert_fails("fedc::template::unknown-name");
    assert!(text.contains("did you mean `maistra/servicemeshpeer.yaml.j2`?"), "{text}");
}

#[test]
fn an_unknown_directory_or_other_file_is_refused() {
    let scene = scene();
    std::fs::create_dir_all(scene.templates.join("ossm4")).expect("mkdir");
    let text = scene.assert_fails("fedc::template::unknown-name");
    assert!(text.contains("ossm4/"), "{text}");
    std::fs::remove_dir(scene.templates.join("ossm4")).expect("rm");
    std::fs::write(scene.templates.join("README.md"), "notes").expect("write");
    scene.assert_fails("fedc::template::unknown-name");
}

#[test]
fn a_linked_template_is_refused_and_its_target_untouched() {
    let scene = scene();
    let outside = scene.work.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("secret.j2"), "{{ 'password: hunter2' }}\n").expect("write");
    let before = tree(&outside);
    symlink(outside.join("secret.j2"), scene.templates.join("kustomization.yaml.j2")).expect("symlink");
    let text = scene.assert_fails("fedc::template::symlink");
    assert!(!text.contains("hunter2"), "{text}");
    assert_eq!(tree(&outside), before);
}

#[test]
fn a_linked_directory_is_refused() {
    let scene = scene();
    std::fs::remove_dir(scene.templates.join("maistra")).expect("rm");
    symlink(crate::support::repo().join("templates/maistra"), scene.templates.join("maistra")).expect("symlink");
    scene.assert_fails("fedc::template::symlink");
}

/// `--templates DIR` is refused when DIR itself, or a directory on the way to it (relative path),
/// is a link, as `--out` is: a pull request could otherwise point it at `/` and have the errors
/// list the machine's file names. Nothing is written and no name found there is printed.
#[test]
fn a_linked_templates_directory_is_refused_without_listing_it() {
    let scene = scene();
    let outside = scene.work.join("outside");
    std::fs::create_dir_all(outside.join("maistra")).expect("mkdir");
    std::fs::write(outside.join("secret-token.txt"), "hunter2").expect("write");
    std::fs::write(outside.join("macros.j2"), "{{ 'hunter2' }}").expect("write");
    let before = tree(&outside);
    symlink(&outside, scene.work.join("linked")).expect("symlink");
    let absolute = scene.work.join("linked");
    let absolute = absolute.to_str().expect("utf-8 path");
    for (templates, shown) in [("linked", "linked"), ("linked/maistra", "linked"), (absolute, absolute)] {
        let args = ["check", "federation.toml", "--templates", templates];
        let human = fedc(&args, &scene.work);
        let text = format!("{}{}", stderr(&human), crate::support::stdout(&human));
        assert_eq!(human.status.code(), Some(2), "{templates}: {text}");
        assert!(text.starts_with("error[fedc::template::symlink]: "), "{templates}: {text}");
        assert!(text.contains(&format!("`{shown}` is a symbolic link")), "{templates}: {text}");
        assert!(!text.contains("secret-token") && !text.contains("hunter2"), "{templates}: {text}");
        let json = fedc(&[&args[..], &["--format", "json"]].concat(), &scene.work);
        let report: serde_json::Value = serde_json::from_str(&stderr(&json)).expect("JSON on stderr");
        assert_eq!(report["error"]["code"], "fedc::template::symlink", "{templates}");
    }
    let build = fedc(&["build", "federation.toml", "--out", "out", "--templates", "linked"], &scene.work);
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert!(!scene.work.join("out").exists(), "nothing may be written");
    assert_eq!(tree(&outside), before);
    // The prefix of an absolute path is the user's to spell: a link there is followed.
    let through = format!("{absolute}/maistra");
    let fine = fedc(&["check", "federation.toml", "--templates", &through], &scene.work);
    assert_eq!(fine.status.code(), Some(0), "{}", stderr(&fine));
}

/// Refused on its type, never opened: a blocking open would wait for a writer forever.
#[test]
fn a_fifo_is_refused() {
    let scene = scene();
    let fifo = scene.templates.join("macros.j2");
    rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, 0o644.into(), 0).expect("mkfifo");
    let text = scene.assert_fails("fedc::template::not-regular");
    assert!(text.contains("FIFO"), "{text}");
}

#[test]
fn a_template_over_the_limit_is_refused() {
    let scene = scene();
    let limit = 1024 * 1024; // docs/security.md: 1 MiB per template
    std::fs::write(scene.templates.join("macros.j2"), " ".repeat(limit + 1)).expect("write");
    scene.assert_fails("fedc::template::too-large");
}

#[test]
fn a_template_that_does_not_parse_keeps_its_code() {
    let scene = scene();
    std::fs::write(scene.templates.join("kustomization.yaml.j2"), "{% if %}\n").expect("write");
    let text = scene.assert_fails("fedc::template::invalid");
    assert!(text.contains("kustomization.yaml.j2"), "{text}");
}

#[test]
fn a_full_copy_of_the_built_ins_builds_like_no_override() {
    let scene = scene();
    for (name, text) in crate::support::built_in_templates() {
        let path = scene.templates.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let with = scene.build("human");
    assert!(with.status.success(), "{}", stderr(&with));
    let without = fedc(&["build", "federation.toml", "--out", "plain"], &scene.work);
    assert!(without.status.success(), "{}", stderr(&without));
    let clusters = |dir: &Path| tree(&dir.join("clusters"));
    assert_eq!(clusters(&scene.work.join("out")), clusters(&scene.work.join("plain")));
}

/// The templates call fedc's `metadata` function; a replaced `macros.j2` is imported into every
/// template that calls it (built-in or replaced), so its `metadata` macro shapes every object.
#[test]
fn a_replaced_metadata_macro_shapes_every_object() {
    let scene = scene();
    let macros = built_in("macros.j2");
    assert_eq!(macros.matches("\n  labels:\n").count(), 1, "one place to add a label");
    let with_team = macros.replace("\n  labels:\n", "\n  labels:\n    \"team\": \"platform\"\n");
    std::fs::write(scene.templates.join("macros.j2"), with_team).expect("write");
    // A replaced template that calls `metadata` as the built-in ones do gets the macro too.
    let peer = "maistra/servicemeshpeer.yaml.j2";
    std::fs::write(scene.templates.join(peer), built_in(peer)).expect("write");
    let output = scene.build("human");
    assert!(output.status.success(), "{}", stderr(&output));
    let objects: Vec<(String, String)> = tree(&scene.work.join("out"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8")))
        .filter(|(_, text)| text.contains("\nmetadata:\n") && text.contains("\n  labels:\n"))
        .collect();
    assert!(objects.len() >= 20, "{} objects", objects.len());
    for (path, text) in &objects {
        assert!(text.contains("\n    team: platform\n"), "{path} lacks the replaced macro's label:\n{text}");
    }
}

#[test]
fn the_docs_list_every_template_name() {
    let docs = std::fs::read_to_string(crate::support::repo().join("docs/topology.md")).expect("docs");
    for (name, _) in crate::support::built_in_templates() {
        assert!(docs.contains(&format!("`{name}`")), "docs/topology.md does not list `{name}`");
    }
}
