//! A file planted in the output directory far larger than anything fedc writes (a lock, a journal,
//! a file at a generated path) is refused before it is read, so memory stays bounded.

use crate::support::{example_into, fedc, stderr, tree};

/// The example built into `out/` of a scratch directory, and the topology's path.
fn built_example() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path()).to_str().expect("utf-8 path").to_string();
    let built = fedc(&["build", &topology, "--out", "out"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    (dir, topology)
}

#[test]
fn a_huge_planted_lock_or_generated_file_is_refused_unread() {
    let (dir, topology) = built_example();
    let topology = topology.as_str();
    let out = dir.path().join("out");
    for planted in ["fedc.lock", "clusters/east/red-system/servicemeshpeer-green.yaml"] {
        let before = tree(&out);
        let file = std::fs::OpenOptions::new().write(true).open(out.join(planted)).expect("open");
        file.set_len(300 << 20).expect("sparse 300 MiB"); // no disk used: a hole
        drop(file);
        for command in ["build", "check"] {
            let run = fedc(&[command, topology, "--out", "out"], dir.path());
            assert_eq!(run.status.code(), Some(2), "{command} with a huge {planted}: {}", stderr(&run));
            assert!(stderr(&run).contains("fedc::emit::too-large"), "{}", stderr(&run));
        }
        std::fs::OpenOptions::new().write(true).open(out.join(planted)).expect("open").set_len(0).expect("shrink");
        let restored = fedc(&["build", topology, "--out", "out", "--force"], dir.path());
        assert!(restored.status.success(), "{}", stderr(&restored));
        assert_eq!(tree(&out).len(), before.len(), "nothing else changed");
    }
}

/// fedc's own lock and journal list every output file, a few hundred bytes each, and parsing takes
/// several times a file's size: over 64 MiB they are refused unread, well below other files' cap.
#[test]
fn a_lock_or_journal_over_64_mib_is_refused_unread() {
    let (dir, topology) = built_example();
    let topology = topology.as_str();
    let out = dir.path().join("out");
    for planted in ["fedc.lock", ".fedc-journal"] {
        let file =
            std::fs::OpenOptions::new().write(true).create(true).truncate(false).open(out.join(planted)).expect("open");
        file.set_len((64 << 20) + 1).expect("sparse, just over 64 MiB");
        drop(file);
        let run = fedc(&["build", topology, "--out", "out"], dir.path());
        assert_eq!(run.status.code(), Some(2), "{planted}: {}", stderr(&run));
        let message = format!("out/{planted} holds more than 64 MiB; no file fedc writes or keeps is that large");
        assert!(stderr(&run).contains(&message), "{planted}: {}", stderr(&run));
        std::fs::remove_file(out.join(planted)).expect("remove");
    }
}
