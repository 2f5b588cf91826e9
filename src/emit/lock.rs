//! `fedc.lock`: what a build was made from and which files it wrote. fedc owns exactly the files
//! listed here; `check --out` compares the tree and a fresh render against it.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::fsx::{FileSum, sha256_hex};
use super::safe_dir::SafeDir;
use super::tree::{OUTPUT_ROOTS, ROOT_FILES, is_plain_name};
use crate::diagnostic::codes;
use crate::error::Error;
use crate::load::Loaded;
use crate::render::{RenderedFile, Templates};

pub(crate) const LOCK_FILE: &str = "fedc.lock";
/// Bumped when the lock's shape changes; an unknown version is refused rather than misread.
/// Version 2 added `federation`; a version 1 lock is still read (as a lock of no known
/// federation) and rewritten as version 2 by the next build.
pub(crate) const LOCK_VERSION: u32 = 2;

/// The versions this fedc reads.
const READABLE: [u32; 2] = [1, LOCK_VERSION];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lock {
    pub(crate) version: u32,
    pub(crate) fedc_version: String,
    /// `[federation] name` of the topology built (absent in a version 1 lock): a build of
    /// another federation into this output is refused without `--force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) federation: Option<String>,
    pub(crate) topology: TopologyInput,
    /// Template name → sha256 of its source, for every template in effect (built-in or overridden).
    pub(crate) templates: BTreeMap<String, String>,
    /// Root-certificate and overlay files, by the path written in the topology → sha256.
    pub(crate) attachments: BTreeMap<String, String>,
    /// Every generated file, `/`-separated relative to the output root → sha256.
    pub(crate) files: FileSums,
}

/// Generated files by path, each with its sha256.
pub(crate) type FileSums = BTreeMap<String, FileSum>;

/// A lock's `version` alone, whatever else it holds.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopologyInput {
    /// File name only: the lock must not depend on where the build ran.
    pub(crate) file: String,
    pub(crate) sha256: String,
}

impl Lock {
    /// The lock a build from these inputs writes, without its files (see [`Lock::record`]).
    pub(crate) fn of_inputs(loaded: &Loaded, templates: &Templates) -> Lock {
        let source = &loaded.source;
        let file = Path::new(&source.name)
            .file_name()
            .map_or_else(|| source.name.clone(), |name| name.to_string_lossy().into_owned());
        let templates = templates.sources().iter().map(|(name, text)| (name.clone(), sha256_hex(text.as_bytes())));
        let attachments = loaded
            .attachments
            .iter()
            .filter_map(|(path, content)| Some((path.clone(), sha256_hex(content.as_ref().ok()?.as_bytes()))));
        Lock {
            version: LOCK_VERSION,
            fedc_version: env!("CARGO_PKG_VERSION").to_string(),
            federation: Some(loaded.topology.federation.get_ref().name.get_ref().clone()),
            topology: TopologyInput { file, sha256: sha256_hex(source.text.as_bytes()) },
            templates: templates.collect(),
            attachments: attachments.collect(),
            files: BTreeMap::new(),
        }
    }

    /// Records the hashes of `files` (hashed in parallel).
    pub(crate) fn record(&mut self, files: &[RenderedFile]) {
        let hashes: Vec<FileSum> = files.par_iter().map(|f| FileSum::of(f.content.as_bytes())).collect();
        self.files.extend(files.iter().map(|f| f.path.clone()).zip(hashes));
    }

    /// Pretty JSON, keys in a fixed order, trailing newline: same build, same bytes.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Parses a lock, refusing other format versions, paths fedc could not have generated and
    /// hashes that are not sha256.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Lock, String> {
        // The version first, for a clear refusal of another format; then the lock itself, read
        // straight into its types (a `Value` of every file first took as much memory again).
        // serde reads a struct from a JSON array too: a lock is an object, anything else has no
        // version.
        let version = if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            match serde_json::from_slice::<VersionProbe>(bytes) {
                Ok(probe) => probe.version.as_ref().and_then(serde_json::Value::as_u64),
                Err(e) if e.is_data() => None,
                Err(e) => return Err(format!("not JSON: {e}")),
            }
        } else {
            serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|e| format!("not JSON: {e}"))?;
            None
        };
        if !version.is_some_and(|v| READABLE.iter().any(|r| u64::from(*r) == v)) {
            let found = version.map_or_else(|| "none".to_string(), |v| v.to_string());
            return Err(format!("format version {found}, this fedc reads versions 1 and {LOCK_VERSION}"));
        }
        let lock: Lock = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        match (lock.version, &lock.federation) {
            (1, Some(_)) => return Err("format version 1 has no `federation`".to_string()),
            (1, None) | (_, Some(_)) => {}
            (_, None) => return Err(format!("format version {LOCK_VERSION} names its `federation`")),
        }
        if let Some(path) = lock.files.keys().find(|p| !is_output_path(p)) {
            return Err(format!(
                "lists `{}`, which is not a path fedc generates (a `.yaml` file under {}, a partner's hand-off: partners/<partner>/federation.toml and partners/<partner>/<mesh>-root-cert.pem, or a cluster's runbook: installer/<cluster>/operator-steps.md)",
                path.escape_debug(),
                OUTPUT_ROOTS.map(|root| format!("{root}/")).join(", ")
            ));
        }
        Ok(lock)
    }

    /// Reads `DIR/fedc.lock`: `None` when there is none (or no `DIR`).
    pub(crate) fn read(out: &Path) -> Result<Option<(Lock, Vec<u8>)>, Error> {
        match SafeDir::open_out(out, false)? {
            Some(dir) => Lock::read_in(&dir),
            None => Ok(None),
        }
    }

    /// Reads `fedc.lock` in an open output directory; a link there is refused, never followed.
    pub(crate) fn read_in(out: &SafeDir) -> Result<Option<(Lock, Vec<u8>)>, Error> {
        let Some(bytes) = out.read_file_within(LOCK_FILE, super::safe_dir::STATE_FILE_LIMIT)? else { return Ok(None) };
        let lock = Lock::parse(&bytes).map_err(|message| {
            Error::output(
                codes::emit::LOCK_INVALID,
                format!("{}: not a usable fedc lock file: {message}", out.display(LOCK_FILE).display()),
            )
        })?;
        Ok(Some((lock, bytes)))
    }
}

/// A path fedc generates, so the only kind it may overwrite or delete: `/`-separated, under one
/// of the output roots (`clusters/`, `argocd/`, `flux/`, `installer/`, `partners/`), plain
/// non-hidden names, ending in `.yaml`; a partner's hand-off (`partners/<mesh>/federation.toml`,
/// `partners/<mesh>/<mesh>-root-cert.pem`); a cluster's runbook
/// (`installer/<cluster>/operator-steps.md`); or one of the few root files fedc owns
/// (`.gitignore`). Whatever a lock or journal lists, nothing else is fedc's.
pub(crate) fn is_output_path(path: &str) -> bool {
    ROOT_FILES.contains(&path)
        || (path.ends_with(".yaml") && path.contains('/') && is_output_dir(path))
        || is_handoff_path(path)
        || is_runbook_path(path)
}

/// Exactly `installer/<cluster>/operator-steps.md`: no other Markdown is fedc's.
fn is_runbook_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), ["installer", cluster, "operator-steps.md"] if is_plain_name(cluster))
}

/// Exactly the two kinds of file a partner's hand-off holds, one directory below `partners/`.
fn is_handoff_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let ["partners", mesh, file] = parts.as_slice() else { return false };
    let certificate = |f: &str| f.strip_suffix("-root-cert.pem").is_some_and(is_plain_name);
    is_plain_name(mesh) && (*file == "federation.toml" || certificate(file))
}

/// A directory fedc may create or remove: an output root or a plain path below one.
pub(crate) fn is_output_dir(path: &str) -> bool {
    let mut parts = path.split('/');
    parts.next().is_some_and(|root| OUTPUT_ROOTS.contains(&root)) && parts.all(is_plain_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside_the_output() {
        assert!(is_output_path("clusters/east/red-system/servicemeshpeer-blue.yaml"));
        assert!(is_output_path("argocd/applicationset-bookinfo.yaml"));
        assert!(is_output_path("partners/red/federation.toml"));
        assert!(is_output_path("partners/red/blue-root-cert.pem"));
        assert!(is_output_path("installer/east/operator-steps.md"));
        for bad in [
            "installer/operator-steps.md",
            "installer/east/notes.md",
            "installer/east/x/operator-steps.md",
            "installer/.git/operator-steps.md",
            "clusters/east/operator-steps.md",
            "",
            "/etc/passwd",
            "../x",
            "clusters/../../x",
            "clusters//x",
            "a/./b",
            "fedc.lock",
            ".fedc-staging/x",
            ".git/config",
            "README.md",
            "clusters/east/notes.md",
            "clusters/.git/x.yaml",
            "clusters/a\\b.yaml",
            "clusters/a\0.yaml",
            "clusters.yaml",
            "other/x.yaml",
            "partners/federation.toml",
            "partners/red/other.toml",
            "partners/red/x/federation.toml",
            "partners/../federation.toml",
            "partners/.git/federation.toml",
            "partners/red/-root-cert.pem",
            "partners/red/.x-root-cert.pem",
            "partners/red/key.pem",
            "clusters/red/federation.toml",
            "clusters/east/blue-root-cert.pem",
        ] {
            assert!(!is_output_path(bad), "{bad}");
        }
    }

    #[test]
    fn parse_refuses_other_versions_and_escaping_paths() {
        assert!(Lock::parse(b"{\"version\": 3}").unwrap_err().contains("version 3"));
        assert!(Lock::parse(b"[]").unwrap_err().contains("format version none"));
        assert!(Lock::parse(b" [2, \"v\", \"f\", {}, {}, {}, {}]").unwrap_err().contains("format version none"));
        assert!(Lock::parse(b"{\"version\": \"2\"}").unwrap_err().contains("format version none"));
        assert!(Lock::parse(b"{\"version\": 2,").unwrap_err().starts_with("not JSON: "));
        assert!(Lock::parse(b"[2,").unwrap_err().starts_with("not JSON: "));
        assert!(Lock::parse(b"{\"version\": 2, \"extra\": 1}").unwrap_err().contains("unknown field `extra`"));
        let lock = lock_of_one_file("../outside");
        assert!(Lock::parse(&lock.to_bytes()).unwrap_err().contains("../outside"));
    }

    /// A version 2 lock listing `path` as the empty file.
    fn lock_of_one_file(path: &str) -> Lock {
        Lock {
            version: LOCK_VERSION,
            fedc_version: "0".into(),
            federation: Some("f".into()),
            topology: TopologyInput { file: "t.toml".into(), sha256: "00".into() },
            templates: BTreeMap::new(),
            attachments: BTreeMap::new(),
            files: BTreeMap::from([(path.to_string(), FileSum::of(b""))]),
        }
    }

    /// The sums are held as bytes and written as before: the same text, refused when not a sha256
    /// (without echoing what the lock held instead: it may come from a pull request).
    #[test]
    fn file_sums_are_written_as_hex_and_refused_when_not_a_sha256() {
        let text = String::from_utf8(lock_of_one_file("clusters/east/x.yaml").to_bytes()).unwrap_or_default();
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let files = format!("\"files\": {{\n    \"clusters/east/x.yaml\": \"{empty}\"\n  }}\n}}\n");
        assert!(text.ends_with(&files), "{text}");
        assert!(Lock::parse(text.as_bytes()).is_ok(), "{text}");
        let hostile = format!("\\u001b[31m::error::{}", "x".repeat(50));
        for bad in ["00", "", &empty.to_uppercase(), &hostile] {
            let error = Lock::parse(text.replace(empty, bad).as_bytes()).unwrap_err();
            assert!(error.contains("sha256 is not 64 lower-case hex digits at line"), "{error}");
            assert!(!error.contains("::error::") && !error.contains('\u{1b}'), "{error}");
        }
    }

    #[test]
    fn a_version_1_lock_is_read_as_one_of_no_known_federation() {
        let mut lock = Lock {
            version: 1,
            fedc_version: "0".into(),
            federation: None,
            topology: TopologyInput { file: "t.toml".into(), sha256: "00".into() },
            templates: BTreeMap::new(),
            attachments: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        let bytes = lock.to_bytes();
        assert!(!String::from_utf8_lossy(&bytes).contains("federation"), "version 1 has no such key");
        assert_eq!(Lock::parse(&bytes), Ok(lock.clone()));
        lock.federation = Some("f".into());
        assert!(Lock::parse(&lock.to_bytes()).unwrap_err().contains("version 1 has no `federation`"));
    }
}
