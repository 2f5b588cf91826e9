//! What the `[gitops]` strings must look like: a repository URL git and Argo CD accept (without
//! credentials), a ref name as `git check-ref-format --allow-onelevel` states the rules, a
//! normalised relative path, and a Flux interval as the Kustomization CRD's pattern allows. Each
//! function says why a value is refused, for the finding's label; `None` means it is fine.

/// Kinds the Flux Kustomization `spec.sourceRef.kind` enum allows (kustomize.toolkit.fluxcd.io/v1).
pub(crate) const FLUX_SOURCE_KINDS: [&str; 4] = ["GitRepository", "OCIRepository", "Bucket", "ExternalArtifact"];

/// Why `url` is not a repository URL fedc will write: `https://`, `http://`, `ssh://` or `git://`
/// URLs with a host and a path, or scp-like `[user@]host:path`. Printable ASCII only, and no
/// credentials: a password, token or (for http) any user name belongs in Argo CD's repository
/// secret, not in a committed file.
pub(crate) fn repo_url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return Some("empty".into());
    }
    if let Some(c) = url.chars().find(|c| !c.is_ascii_graphic()) {
        return Some(format!("contains {c:?}: spaces, control and non-ASCII characters are not allowed"));
    }
    match url.split_once("://") {
        Some((scheme, rest)) => url_problem(scheme, rest),
        None => scp_problem(url),
    }
}

/// `url` with the user information of a `scheme://user:secret@host` URL replaced by `***`, so that
/// a finding does not repeat a token in CI logs.
pub(crate) fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => url.to_string(),
    }
}

fn url_problem(scheme: &str, rest: &str) -> Option<String> {
    if !matches!(scheme, "https" | "http" | "ssh" | "git") {
        return Some(format!("`{scheme}://` is not a scheme fedc accepts (https, http, ssh, git)"));
    }
    let Some((authority, path)) = rest.split_once('/') else {
        return Some("no repository path after the host".into());
    };
    let host_port = match authority.rsplit_once('@') {
        Some((user, host_port)) => {
            if scheme.starts_with("http") || user.contains(':') {
                return Some("holds credentials: keep them in Argo CD's repository secret".into());
            }
            if let Some(problem) = user_problem(user) {
                return Some(problem);
            }
            host_port
        }
        None => authority,
    };
    let (host, port) = split_port(host_port);
    host_problem(host)
        .or_else(|| port.and_then(port_problem))
        .or_else(|| if path.is_empty() { Some("no repository path after the host".into()) } else { None })
        .or_else(|| path_chars_problem(path))
}

/// `[user@]host:path`, the form git reads as ssh when no `/` comes before the first `:`.
fn scp_problem(url: &str) -> Option<String> {
    let Some((user_host, path)) = url.split_once(':').filter(|(user_host, _)| !user_host.contains('/')) else {
        return Some("not a URL: write `https://host/path`, `ssh://host/path` or `git@host:path`".into());
    };
    let host = match user_host.rsplit_once('@') {
        Some((user, host)) => {
            if let Some(problem) = user_problem(user) {
                return Some(problem);
            }
            host
        }
        None => user_host,
    };
    if path.is_empty() {
        return Some("no repository path after `:`".into());
    }
    host_problem(host).or_else(|| path_chars_problem(path))
}

fn user_problem(user: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
    if user.is_empty() || user.starts_with('-') || !user.chars().all(plain) {
        return Some(format!("`{user}` is not a plain user name"));
    }
    None
}

/// Splits `host:port`, leaving a bracketed IPv6 address whole.
fn split_port(host_port: &str) -> (&str, Option<&str>) {
    let bracket_end = host_port.rfind(']').map_or(0, |i| i + 1);
    match host_port[bracket_end..].find(':') {
        Some(i) => (&host_port[..bracket_end + i], Some(&host_port[bracket_end + i + 1..])),
        None => (host_port, None),
    }
}

/// A DNS name or IPv4 address (dot-separated labels of letters, digits and inner `-`), or `[IPv6]`.
fn host_problem(host: &str) -> Option<String> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ipv6 = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        return (!ipv6).then(|| format!("`{host}` is not an IPv6 address"));
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.len() > 253 || !host.split('.').all(label_ok) {
        return Some(format!("`{host}` is not a host name"));
    }
    None
}

fn port_problem(port: &str) -> Option<String> {
    let valid = port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
    (!valid).then(|| format!("`{port}` is not a port"))
}

/// URL path characters (RFC 3986 unreserved, sub-delimiters, `:`, `@`, `/`, `%XX`); no query or fragment.
fn path_chars_problem(path: &str) -> Option<String> {
    if path.starts_with('-') {
        return Some("the path must not start with `-`".into());
    }
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let allowed = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        let escape = b == b'%' && bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !allowed && !escape {
            return Some(format!("`{}` is not allowed in a repository path", char::from(b)));
        }
    }
    None
}

/// Why `name` is not a branch, tag or commit git and Argo CD / Flux accept: the rules of
/// `git check-ref-format --allow-onelevel`, printable ASCII only, and no leading `-`.
pub(crate) fn ref_name_problem(name: &str) -> Option<&'static str> {
    let components_ok = name.split('/').all(|c| !c.starts_with('.') && !c.ends_with(".lock"));
    let problem = if name.is_empty() {
        "empty"
    } else if !name.chars().all(|c| c.is_ascii_graphic()) {
        "spaces, control and non-ASCII characters are not allowed"
    } else if name.contains(['~', '^', ':', '?', '*', '[', '\\']) {
        "`~`, `^`, `:`, `?`, `*`, `[` and `\\` are not allowed"
    } else if name == "@" || name.contains("@{") {
        "`@` alone and `@{` are not allowed"
    } else if name.contains("..") {
        "`..` is not allowed"
    } else if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
        "must not start or end with `/`, nor contain `//`"
    } else if name.ends_with('.') || name.starts_with('-') {
        "must not end with `.` nor start with `-`"
    } else if !components_ok {
        "no `/`-separated part may start with `.` or end with `.lock`"
    } else {
        return None;
    };
    Some(problem)
}

/// Why `path` is not a normalised path inside the repository: `.` for the root, or `/`-separated
/// names of letters, digits, `-`, `_` and `.`, none of them `.` or `..`, no leading or trailing `/`.
/// (The path also becomes an Argo CD glob, so glob characters are refused.)
pub(crate) fn repo_path_problem(path: &str) -> Option<&'static str> {
    if path == "." {
        return None;
    }
    let problem = if path.is_empty() {
        "empty: write `.` for the repository root"
    } else if path.starts_with('/') {
        "absolute: the path is relative to the repository root"
    } else if path.split('/').any(|c| c == "..") {
        "`..` leaves the directory it names"
    } else if path.split('/').any(|c| c.is_empty() || c == ".") {
        "not normalised: no empty or `.` parts (`//`, `./`, a trailing `/`)"
    } else if !path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        "use letters, digits, `-`, `_` and `.` between the `/`"
    } else {
        return None;
    };
    Some(problem)
}

/// A Flux interval: `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`, the Kustomization CRD's pattern.
/// Argo CD reads the same syntax (Go `time.ParseDuration`) for its retry backoffs.
pub(crate) fn is_flux_interval(text: &str) -> bool {
    let mut rest = text;
    while !rest.is_empty() {
        let Some(after) = skip_number(rest) else { return false };
        let Some(unit) = ["ms", "s", "m", "h"].into_iter().find(|u| after.starts_with(u)) else { return false };
        rest = &after[unit.len()..];
    }
    !text.is_empty()
}

/// `[0-9]+(\.[0-9]+)?` at the start of `text`; what follows it.
fn skip_number(text: &str) -> Option<&str> {
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let whole = digits(text);
    if whole == 0 {
        return None;
    }
    let rest = &text[whole..];
    match rest.strip_prefix('.') {
        Some(fraction) if digits(fraction) > 0 => Some(&fraction[digits(fraction)..]),
        Some(_) => None,
        None => Some(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_urls() {
        let good = ["https://git.example.com/fleet.git", "ssh://git@git.example.com:2222/ops/mesh.git"];
        for url in good.into_iter().chain(["git@github.com:org/repo.git", "https://[::1]:8443/r", "git://h/r"]) {
            assert_eq!(repo_url_problem(url), None, "{url}");
        }
        let bad = ["", "https://user:token@github.com/o/r", "https://token@github.com/o/r", "file:///etc/passwd"];
        let worse = ["https://h/r x", "https://h/r\n", "ext::sh -c x", "-oProxyCommand=x:r", "https://-h/r"];
        let more = ["https://h", "https://h/", "ssh://git:pw@h/r", "https://h:99999/r", "https://h/r?x", "/srv/r"];
        for url in bad.into_iter().chain(worse).chain(more).chain(["h:-r", "git@h:", "https://h/r%zz", "é@h:r"]) {
            assert!(repo_url_problem(url).is_some(), "{url:?} should be refused");
        }
    }

    #[test]
    fn redacts_credentials() {
        assert_eq!(redacted_url("https://u:tok@h/o/r"), "https://***@h/o/r");
        assert_eq!(redacted_url("https://h/o@r"), "https://h/o@r");
        assert_eq!(redacted_url("git@h:o/r"), "git@h:o/r");
    }

    #[test]
    fn ref_names() {
        for name in ["main", "release/2.6", "v1.0.0", "HEAD", "0123456789abcdef0123456789abcdef01234567", "a@b"] {
            assert_eq!(ref_name_problem(name), None, "{name}");
        }
        let bad = ["", "a b", "a..b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "@", "a@{1}", "/a", "a/", "a//b"];
        for name in bad.into_iter().chain(["a.", "-a", ".a", "a/.b", "a.lock", "a.lock/b", "main\u{2028}", "ü"]) {
            assert!(ref_name_problem(name).is_some(), "{name:?} should be refused");
        }
    }

    #[test]
    fn repository_paths() {
        for path in [".", "rendered", "deploy/fedc-out", "a.b/c_d"] {
            assert_eq!(repo_path_problem(path), None, "{path}");
        }
        for path in ["", "/abs", "..", "a/../b", "a//b", "a/", "./a", "a/./b", "a b", "a/*", "a\\b", "{a,b}"] {
            assert!(repo_path_problem(path).is_some(), "{path:?} should be refused");
        }
    }

    #[test]
    fn flux_intervals() {
        for text in ["10m", "1h30m", "1.5s", "500ms"] {
            assert!(is_flux_interval(text), "{text}");
        }
        for text in ["", "10", "m", "1.s", ".5s", "10us", "1ns", "10 m", "-1m"] {
            assert!(!is_flux_interval(text), "{text:?} should be refused");
        }
    }
}
