//! No file fedc writes, for any target, carries a credential: no private key, no token, no
//! kubeconfig, no Secret object. Remote secrets and `cacerts` are referred to (ExternalSecret,
//! operator steps), never rendered. Checked over the full output of every example, fixture and
//! UI case that compiles.

use std::path::{Path, PathBuf};

fn topologies() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["examples", "tests/fixtures", "tests/ui"] {
        let entries = std::fs::read_dir(root.join(dir)).expect("dir");
        paths.extend(entries.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "toml")));
    }
    paths.sort();
    paths
}

/// What a credential looks like in a file, and what it would be.
const CREDENTIALS: &[(&str, &str)] = &[
    ("PRIVATE KEY-----", "a PEM private key"),
    ("ca-key.pem:", "the cacerts private key as data"),
    ("client-key-data", "a kubeconfig client key"),
    ("client-certificate-data", "a kubeconfig client certificate"),
    ("certificate-authority-data", "a kubeconfig cluster entry"),
    ("\nkind: Config\n", "a kubeconfig"),
    ("current-context", "a kubeconfig"),
    ("token:", "a bearer token"),
    ("eyJhbGciOi", "a JSON web token"),
    ("\nkind: Secret\n", "a Secret object"),
    ("stringData:", "Secret data"),
];

/// Topologies a credential-looking text can come from: none of them should render one.
#[test]
fn no_output_file_carries_a_private_key_token_or_kubeconfig() {
    let mut compiled_any = 0;
    let mut scanned = 0;
    let mut found = Vec::new();
    for topology in topologies() {
        let build = crate::support::build(&topology, &[]);
        if build.status != Some(0) {
            continue;
        }
        compiled_any += 1;
        for (path, content) in &build.files {
            scanned += 1;
            for (needle, what) in CREDENTIALS {
                if content.contains(needle) {
                    found.push(format!("{} → {path}: {what} (`{needle}`)", topology.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "credentials in generated files:\n{}", found.join("\n"));
    assert!(
        compiled_any >= 5 && scanned > 100,
        "expected the examples and fixtures to render ({compiled_any}, {scanned})"
    );
}

#[test]
fn the_scan_would_see_a_kubeconfig_and_a_key() {
    let kubeconfig = "apiVersion: v1\nkind: Config\nusers:\n- name: c\n  user:\n    token: abc\n";
    let key = "-----BEGIN RSA PRIVATE KEY-----\n";
    for text in [kubeconfig, key] {
        assert!(CREDENTIALS.iter().any(|(needle, _)| text.contains(needle)), "{text}");
    }
}
