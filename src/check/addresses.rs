//! Addresses peers dial (istiod resolves them with a plain host lookup) and the placeholders an
//! address pattern may use.

use std::net::IpAddr;

use super::kubernetes::is_dns1123_subdomain;

/// The placeholders an ingress `address` pattern may contain.
pub(crate) const PLACEHOLDERS: [&str; 4] = ["peer", "mesh", "gateway", "cluster"];

/// Why `address` is not an IP address or DNS name; `None` when it is one.
pub(crate) fn address_problem(address: &str) -> Option<&'static str> {
    if address.parse::<IpAddr>().is_ok() {
        return None;
    }
    if address.contains("://") {
        return Some("remove the scheme: peers dial a bare host name or IP address");
    }
    if address.contains('/') {
        return Some("remove the path: peers dial a bare host name or IP address");
    }
    if let Some((host, port)) = address.rsplit_once(':')
        && !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && !host.contains(':')
    {
        return Some("remove the port: ports come from the ingress type (15443 and 8188, or the node ports)");
    }
    if address.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Some("not a valid IP address");
    }
    if is_dns1123_subdomain(&address.to_ascii_lowercase()) {
        return None;
    }
    Some("not an IP address or DNS name")
}

/// Braces in an address pattern that do not enclose a placeholder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnpairedBrace;

/// Placeholders `{…}` in `pattern` that fedc does not replace; `Err` when braces do not pair up.
pub(crate) fn unknown_placeholders(pattern: &str) -> Result<Vec<&str>, UnpairedBrace> {
    let mut unknown = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(UnpairedBrace);
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}']).filter(|i| after[*i..].starts_with('}')).ok_or(UnpairedBrace)?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            unknown.push(name);
        }
        rest = &after[close + 1..];
    }
    Ok(unknown)
}

/// `pattern` with every placeholder replaced by a sample DNS label, to check its shape.
pub(crate) fn sample(pattern: &str) -> String {
    PLACEHOLDERS.iter().fold(pattern.to_string(), |text, name| text.replace(&format!("{{{name}}}"), "x"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(address_problem("192.0.2.1"), None);
        assert_eq!(address_problem("2001:db8::1"), None);
        assert_eq!(address_problem("a1b2.elb.us-east-1.amazonaws.com"), None);
        assert_eq!(address_problem("Gateway.Example.COM"), None);
        assert!(address_problem("https://red.example.com").is_some());
        assert!(address_problem("red.example.com:15443").is_some());
        assert!(address_problem("192.0.2.1:15443").is_some());
        assert!(address_problem("red.example.com/x").is_some());
        assert!(address_problem("red_gw.example.com").is_some());
        assert!(address_problem("").is_some());
        assert!(address_problem("192.0.2.300").is_some());
    }

    #[test]
    fn placeholders() {
        assert_eq!(unknown_placeholders("{gateway}.{cluster}.example.com"), Ok(vec![]));
        assert_eq!(unknown_placeholders("{peers}.example.com"), Ok(vec!["peers"]));
        assert_eq!(unknown_placeholders("{peer.example.com"), Err(UnpairedBrace));
        assert_eq!(unknown_placeholders("peer}.example.com"), Err(UnpairedBrace));
        assert_eq!(unknown_placeholders("{{peer}}.example.com"), Err(UnpairedBrace));
        assert_eq!(sample("{gateway}.red.example.com"), "x.red.example.com");
    }
}
