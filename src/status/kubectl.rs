//! Live status: `kubectl --context=<context> get …`, nothing else. The only command this module
//! can build is a `get` (there is no way to pass another verb), each run with a timeout, its
//! output bounded, stdin closed (no credential prompt can wait for an answer) and nothing read
//! from a shell. Failures are classified into the codes of docs/diagnostics.md, "Status".

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// stderr kept from a failing kubectl: enough for its error line.
const STDERR_LIMIT: u64 = 16 * 1024;

/// One read-only request: `kubectl get <resources> [--namespace=…]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Get {
    pub(crate) context: String,
    /// `None`: cluster-scoped resources.
    pub(crate) namespace: Option<String>,
    /// `servicemeshpeers.federation.maistra.io`, or `namespace/istio-system` (by name).
    pub(crate) resources: Vec<String>,
    /// `-o name` instead of `-o yaml`: Secrets, whose content fedc never reads.
    pub(crate) names_only: bool,
    pub(crate) selector: Option<String>,
}

/// Why a request failed: a code of docs/diagnostics.md and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

/// How long and how much one request may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) timeout: Duration,
    pub(crate) max_bytes: u64,
}

impl Get {
    /// kubectl's arguments: the context first, then `get`, then only output and scope options.
    pub(crate) fn args(&self, bounds: Bounds) -> Vec<String> {
        let mut args = vec![format!("--context={}", self.context), "get".to_string(), self.resources.join(",")];
        if self.resources.iter().any(|r| r.contains('/')) {
            args.pop();
            args.extend(self.resources.iter().cloned());
            args.push("--ignore-not-found".into());
        }
        if let Some(namespace) = &self.namespace {
            args.push(format!("--namespace={namespace}"));
        }
        if let Some(selector) = &self.selector {
            args.push(format!("--selector={selector}"));
        }
        args.push(format!("--output={}", if self.names_only { "name" } else { "yaml" }));
        args.push(format!("--request-timeout={}s", bounds.timeout.as_secs().max(1)));
        args
    }

    /// Runs kubectl; its standard output on success.
    pub(crate) fn run(&self, bounds: Bounds) -> Result<String, Failure> {
        let spawned = Command::new("kubectl")
            .args(self.args(bounds))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(failure("fedc::status::no-kubectl", "kubectl is not on PATH".into()));
            }
            Err(error) => return Err(failure("fedc::status::kubectl-failed", format!("cannot run kubectl: {error}"))),
        };
        let outcome = collect(child, bounds)?;
        if outcome.success {
            return Ok(String::from_utf8_lossy(&outcome.stdout).into_owned());
        }
        Err(classify(&self.context, &String::from_utf8_lossy(&outcome.stderr)))
    }
}

struct Outcome {
    success: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Reads both streams (each on its own thread, so neither pipe fills up), at most `max_bytes` of
/// stdout, and waits at most `timeout`; kills kubectl past either bound.
fn collect(mut child: Child, bounds: Bounds) -> Result<Outcome, Failure> {
    let stdout = child.stdout.take().map(|pipe| reader(pipe, bounds.max_bytes.saturating_add(1)));
    let stderr = child.stderr.take().map(|pipe| reader(pipe, STDERR_LIMIT));
    let deadline = Instant::now() + bounds.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                let seconds = bounds.timeout.as_secs();
                return Err(failure("fedc::status::timeout", format!("kubectl did not answer within {seconds}s")));
            }
            Err(error) => return Err(failure("fedc::status::kubectl-failed", format!("waiting for kubectl: {error}"))),
        }
    };
    let join =
        |handle: Option<std::thread::JoinHandle<Vec<u8>>>| handle.and_then(|h| h.join().ok()).unwrap_or_default();
    let (stdout, stderr) = (join(stdout), join(stderr));
    if stdout.len() as u64 > bounds.max_bytes {
        let limit = crate::plan::estimate::size(bounds.max_bytes);
        return Err(failure("fedc::status::too-large", format!("kubectl printed more than {limit} (--max-bytes)")));
    }
    Ok(Outcome { success: status.success(), stdout, stderr })
}

/// Reads at most `limit` bytes, then drains the rest so the writer is not blocked.
fn reader(pipe: impl Read + Send + 'static, limit: u64) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut pipe = pipe;
        let mut bytes = Vec::new();
        let _ = (&mut pipe).take(limit).read_to_end(&mut bytes);
        let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        bytes
    })
}

/// What kubectl's error says: a context the kubeconfig lacks, a permission, or anything else.
fn classify(context: &str, stderr: &str) -> Failure {
    let first = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("kubectl failed without a message");
    let first: String = first.chars().take(400).collect();
    if stderr.contains(&format!("context \"{context}\" does not exist")) || stderr.contains("no context exists") {
        return failure(
            "fedc::status::no-context",
            format!("kubeconfig has no context `{context}` (set the cluster's `context`, or KUBECONFIG): {first}"),
        );
    }
    if stderr.contains("(Forbidden)") || stderr.contains(" is forbidden: ") {
        return failure("fedc::status::forbidden", format!("not allowed to read (get/list): {first}"));
    }
    failure("fedc::status::kubectl-failed", first)
}

fn failure(code: &'static str, message: String) -> Failure {
    Failure { code, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Bounds = Bounds { timeout: Duration::from_secs(20), max_bytes: 1024 };

    fn get(resources: &[&str], namespace: Option<&str>) -> Get {
        Get {
            context: "admin@east".into(),
            namespace: namespace.map(String::from),
            resources: resources.iter().map(|r| r.to_string()).collect(),
            names_only: false,
            selector: None,
        }
    }

    #[test]
    fn the_verb_is_always_get_after_an_explicit_context() {
        let listing = get(&["servicemeshpeers.federation.maistra.io", "services"], Some("red-system")).args(BOUNDS);
        assert_eq!(
            listing,
            [
                "--context=admin@east",
                "get",
                "servicemeshpeers.federation.maistra.io,services",
                "--namespace=red-system",
                "--output=yaml",
                "--request-timeout=20s"
            ]
        );
        let named = get(&["namespace/istio-system", "namespace/red-system"], None).args(BOUNDS);
        assert_eq!(
            named,
            [
                "--context=admin@east",
                "get",
                "namespace/istio-system",
                "namespace/red-system",
                "--ignore-not-found",
                "--output=yaml",
                "--request-timeout=20s"
            ]
        );
        let secrets = Get {
            names_only: true,
            selector: Some("istio/multiCluster=true".into()),
            ..get(&["secrets"], Some("istio-system"))
        };
        assert_eq!(
            secrets.args(BOUNDS)[4..],
            ["--selector=istio/multiCluster=true", "--output=name", "--request-timeout=20s"]
        );
    }

    #[test]
    fn kubectl_errors_get_their_codes() {
        let missing = classify("east", "error: context \"east\" does not exist\n");
        assert_eq!(missing.code, "fedc::status::no-context");
        let forbidden = classify(
            "east",
            "Error from server (Forbidden): servicemeshpeers.federation.maistra.io is forbidden: User \"dev\" cannot list resource \"servicemeshpeers\"\n",
        );
        assert_eq!(forbidden.code, "fedc::status::forbidden");
        let other = classify("east", "\nerror: the server doesn't have a resource type \"servicemeshpeers\"\nmore\n");
        assert_eq!(
            other,
            failure(
                "fedc::status::kubectl-failed",
                "error: the server doesn't have a resource type \"servicemeshpeers\"".into()
            )
        );
        assert_eq!(classify("east", "").message, "kubectl failed without a message");
    }
}
