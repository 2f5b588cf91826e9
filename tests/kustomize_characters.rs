//! The characters `kubectl kustomize` cannot read back, and fedc refuses: DEL, the C1 controls
//! other than NEL, U+FFFE and U+FFFF in any string; NEL also in a key. Both halves through the
//! real programs: `fedc build` refuses an overlay writing one (`fedc::overlay::refused-character`)
//! and accepts its neighbours, and kustomize fails on exactly these when they are written the way
//! fedc writes strings (YAML escapes), while the accepted ones build.

use std::process::Command;

use serde_json::Value;

use crate::support::{edit, example_into, fedc, stderr};

/// Characters either side of the boundary, and whether kustomize reads them back in a value.
const VALUES: &[(char, bool)] = &[
    ('\u{1}', true),
    ('\u{1b}', true),
    ('\u{7e}', true),
    ('\u{7f}', false),
    ('\u{80}', false),
    ('\u{84}', false),
    ('\u{85}', true),
    ('\u{86}', false),
    ('\u{9f}', false),
    ('\u{a0}', true),
    ('\u{fdd0}', true),
    ('\u{fffd}', true),
    ('\u{fffe}', false),
    ('\u{ffff}', false),
    ('\u{1fffe}', true),
    ('\u{10ffff}', true),
];

/// The escape fedc's writer uses inside a double-quoted scalar (tests/yaml_strings.rs).
fn escaped(c: char) -> String {
    match u32::from(c) {
        0x85 => "\\N".to_string(),
        0xA0 => "\\_".to_string(),
        0x1B => "\\e".to_string(),
        code if c.is_control() => format!("\\x{code:02X}"),
        0xFFFE | 0xFFFF => format!("\\u{:04X}", u32::from(c)),
        _ => c.to_string(),
    }
}

const PROBE: &str = "\n[[overlays]]\ncluster = \"east\"\nkind = \"ServiceMeshControlPlane\"\nname = \"red\"\nmerge = { metadata = { annotations = { \"example.com/probe\" = \"PROBE\" } } }\n";
const SMCP: &str = "out/clusters/east/red-system/servicemeshcontrolplane-red.yaml";

#[test]
fn fedc_refuses_in_values_exactly_what_kustomize_cannot_read() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    edit(&topology, |t| t + PROBE);
    let clean = std::fs::read_to_string(&topology).expect("topology");
    for (c, readable) in VALUES {
        let value = format!("a\\U{:08X}b", u32::from(*c));
        std::fs::write(&topology, clean.replace("\"PROBE\"", &format!("\"{value}\""))).expect("write");
        let run = fedc(&["build", "federation.toml", "--out", "out", "--format", "json"], work.path());
        if *readable {
            assert!(run.status.success(), "U+{:04X}: {}", u32::from(*c), stderr(&run));
            continue;
        }
        assert_eq!(run.status.code(), Some(1), "U+{:04X}: {}", u32::from(*c), stderr(&run));
        let report: Value = serde_json::from_str(&stderr(&run)).expect("JSON report");
        let finding = &report["diagnostics"][0];
        assert_eq!(finding["code"], "fedc::overlay::refused-character", "U+{:04X}", u32::from(*c));
        let message = finding["message"].as_str().expect("message");
        let expected = format!(
            "at `/metadata/annotations/example.com~1probe`: a value holds U+{:04X}, a character `kubectl kustomize` (and so Argo CD and Flux) cannot read back",
            u32::from(*c)
        );
        assert!(message.ends_with(&expected), "{message}");
    }
}

#[test]
fn kustomize_cannot_read_back_exactly_these_characters() {
    if Command::new("kubectl").arg("version").arg("--client").output().is_err() {
        return crate::conformance::skip("kubectl not found on PATH");
    }
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    edit(&topology, |t| t + PROBE);
    let run = fedc(&["build", "federation.toml", "--out", "out"], work.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let built = std::fs::read_to_string(work.path().join(SMCP)).expect("SMCP");
    assert!(built.contains("example.com/probe: PROBE\n"), "{built}");
    let kustomize = |text: String| {
        std::fs::write(work.path().join(SMCP), text).expect("write");
        let dir = work.path().join("out/clusters/east");
        Command::new("kubectl").arg("kustomize").arg(&dir).output().expect("kubectl").status.success()
    };
    let as_key = |c: char| format!("\"k{}k\": v\n", escaped(c));
    for (c, readable) in VALUES {
        let value = built.replace("PROBE", &format!("\"a{}b\"", escaped(*c)));
        assert_eq!(kustomize(value), *readable, "U+{:04X} in a value", u32::from(*c));
        let key = built.replace("example.com/probe: PROBE\n", &as_key(*c));
        assert_eq!(kustomize(key), *readable && *c != '\u{85}', "U+{:04X} in a key", u32::from(*c));
    }
    assert!(kustomize(built), "the file as fedc wrote it builds");
}
