//! Files a topology names (root certificates, patch files) come from the pull request: planted
//! links, FIFOs, devices, paths out of the repository and huge files are refused with a coded
//! finding, before anything is read from them; nothing is written, and the files around the
//! repository are untouched. Run with `cargo test --test integration attachments::`.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{example_into, fedc, stderr, stdout, tree};

/// A repository holding the example topology, and next to it a directory the pull request must not
/// reach: a canary file and a valid CA certificate (so refusing it is never about its content).
struct Scene {
    _dir: tempfile::TempDir,
    root: PathBuf,
    repo: PathBuf,
    outside: PathBuf,
    before: BTreeMap<String, Vec<u8>>,
}

const SECRET_CERT: &str = include_str!("ui/certs/root.pem");

fn scene() -> Scene {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let (repo, outside) = (root.join("repo"), root.join("outside"));
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::create_dir_all(&outside).expect("mkdir");
    example_into(&repo);
    std::fs::write(outside.join("canary.txt"), "do not touch\n").expect("write");
    std::fs::write(outside.join("secret.pem"), SECRET_CERT).expect("write");
    let before = tree(&outside);
    Scene { _dir: dir, root, repo, outside, before }
}

impl Scene {
    /// Replaces the red mesh's certificate with whatever `plant` puts at its path.
    fn plant_red_cert(&self, plant: impl FnOnce(&Path)) {
        let cert = self.repo.join("certs/red-root.pem");
        std::fs::remove_file(&cert).expect("remove");
        plant(&cert);
    }

    fn set_red_cert(&self, written: &str) {
        crate::support::edit(&self.repo.join("federation.toml"), |text| {
            text.replace("root_cert = \"certs/red-root.pem\"", &format!("root_cert = \"{written}\""))
        });
    }

    fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "federation.toml", "--out", "out"];
        args.extend_from_slice(extra);
        fedc(&args, &self.repo)
    }

    /// Exit 1 with `code`, nothing written, nothing outside changed, the secret nowhere in the output.
    fn assert_refused(&self, output: &Output, code: &str) {
        let (out, err) = (stdout(output), stderr(output));
        assert_eq!(output.status.code(), Some(1), "{out}{err}");
        assert!(err.contains(code), "expected {code}:\n{err}");
        assert!(!self.repo.join("out").exists(), "nothing may be written");
        assert_eq!(tree(&self.outside), self.before, "files outside the repository changed");
        let secret_line = SECRET_CERT.lines().nth(1).expect("base64 line");
        assert!(!out.contains(secret_line) && !err.contains(secret_line), "the outside file leaked");
    }
}

#[test]
fn a_link_to_a_file_outside_is_refused() {
    let scene = scene();
    scene.plant_red_cert(|cert| symlink(scene.outside.join("secret.pem"), cert).expect("symlink"));
    scene.assert_refused(&scene.build(&[]), "fedc::file::symlink");
}

#[test]
fn a_link_inside_the_repository_is_refused_too() {
    let scene = scene();
    scene.plant_red_cert(|cert| symlink("green-root.pem", cert).expect("symlink"));
    scene.assert_refused(&scene.build(&[]), "fedc::file::symlink");
}

#[test]
fn a_linked_directory_on_the_way_is_refused() {
    let scene = scene();
    std::fs::copy(scene.repo.join("certs/red-root.pem"), scene.outside.join("red-root.pem")).expect("copy");
    let before = tree(&scene.outside);
    std::fs::remove_dir_all(scene.repo.join("certs")).expect("rm");
    symlink(&scene.outside, scene.repo.join("certs")).expect("symlink");
    let output = scene.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("`certs` is a symbolic link"), "{}", stderr(&output));
    assert_eq!(tree(&scene.outside), before);
    assert!(!scene.repo.join("out").exists());
}

#[test]
fn paths_out_of_the_repository_are_refused_without_being_read() {
    let scene = scene();
    for written in ["../outside/secret.pem", "certs/../../outside/secret.pem"] {
        scene.set_red_cert(written);
        scene.assert_refused(&scene.build(&[]), "fedc::file::outside-repository");
        scene.set_red_cert_back(written);
    }
    let absolute = scene.outside.join("secret.pem").display().to_string();
    scene.set_red_cert(&absolute);
    scene.assert_refused(&scene.build(&[]), "fedc::file::outside-repository");
}

impl Scene {
    fn set_red_cert_back(&self, written: &str) {
        crate::support::edit(&self.repo.join("federation.toml"), |text| {
            text.replace(&format!("root_cert = \"{written}\""), "root_cert = \"certs/red-root.pem\"")
        });
    }
}

/// Opened non-blocking and refused on its type: were fedc to open the FIFO for reading the
/// ordinary way, it would wait for a writer forever and this test would hang.
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let scene = scene();
    scene.plant_red_cert(|cert| {
        rustix::fs::mknodat(rustix::fs::CWD, cert, rustix::fs::FileType::Fifo, 0o644.into(), 0).expect("mkfifo")
    });
    let output = scene.build(&[]);
    scene.assert_refused(&output, "fedc::file::not-regular");
    assert!(stderr(&output).contains("FIFO (named pipe)"), "{}", stderr(&output));
}

#[test]
fn a_device_is_refused_before_reading_even_where_reading_is_allowed() {
    let scene = scene();
    scene.set_red_cert("/dev/zero");
    scene.assert_refused(&scene.build(&[]), "fedc::file::outside-repository");
    let output = scene.build(&["--allow-read", "/dev"]);
    scene.assert_refused(&output, "fedc::file::not-regular");
    assert!(stderr(&output).contains("character device"), "{}", stderr(&output));
}

#[test]
fn a_file_over_the_limit_is_refused_with_a_code_in_json_too() {
    let scene = scene();
    let limit = 1024 * 1024; // docs/security.md: 1 MiB per attachment
    std::fs::write(scene.repo.join("big.json"), format!("{{}}{}", " ".repeat(limit))).expect("write");
    crate::support::edit(&scene.repo.join("federation.toml"), |text| {
        format!("{text}\n[[overlays]]\nkind = \"ServiceMeshControlPlane\"\nmerge_file = \"big.json\"\n")
    });
    let output = fedc(&["check", "federation.toml", "--format", "json"], &scene.repo);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let codes: Vec<&str> =
        report["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["fedc::file::too-large"]);
}

#[test]
fn allow_read_admits_that_directory_and_only_that_one() {
    let scene = scene();
    let pki = scene.root.join("pki");
    std::fs::create_dir_all(&pki).expect("mkdir");
    std::fs::rename(scene.repo.join("certs/red-root.pem"), pki.join("red-root.pem")).expect("move");
    scene.set_red_cert("../pki/red-root.pem");
    scene.assert_refused(&scene.build(&[]), "fedc::file::outside-repository");
    let elsewhere = scene.build(&["--allow-read", "../outside"]);
    scene.assert_refused(&elsewhere, "fedc::file::outside-repository");

    let allowed = scene.build(&["--allow-read", "../pki"]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    let config_map =
        std::fs::read_to_string(scene.repo.join("out/clusters/west/green-mesh-system/configmap-red-ca-root-cert.yaml"));
    let published = std::fs::read_to_string(pki.join("red-root.pem")).expect("read");
    assert!(config_map.expect("ConfigMap").contains(published.lines().nth(1).expect("line")));
}

#[test]
fn allow_read_still_refuses_links_below_the_directory() {
    let scene = scene();
    let pki = scene.root.join("pki");
    std::fs::create_dir_all(&pki).expect("mkdir");
    symlink(scene.outside.join("secret.pem"), pki.join("red-root.pem")).expect("symlink");
    scene.set_red_cert("../pki/red-root.pem");
    scene.assert_refused(&scene.build(&["--allow-read", "../pki"]), "fedc::file::symlink");
}

#[test]
fn an_allowed_directory_that_does_not_exist_is_a_usage_error() {
    let scene = scene();
    let output = scene.build(&["--allow-read", "no-such-dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::usage]: --allow-read no-such-dir"), "{}", stderr(&output));
}
