//! Kubernetes naming rules (apimachinery `validation.IsDNS1123Label` / `IsDNS1123Subdomain`, label
//! keys and values), and the findings for names that break them.

use crate::diagnostic::{Diagnostic, codes};
use crate::model::Located;

pub(crate) const LABEL_MAX: usize = 63;
pub(crate) const SUBDOMAIN_MAX: usize = 253;

/// Lower-case alphanumerics and `-`, starting and ending alphanumeric, at most 63 characters.
pub(crate) fn is_dns1123_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    name.len() <= LABEL_MAX
        && edge(bytes.first())
        && edge(bytes.last())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Dot-separated DNS-1123 labels, at most 253 characters.
pub(crate) fn is_dns1123_subdomain(name: &str) -> bool {
    name.len() <= SUBDOMAIN_MAX && name.split('.').all(is_dns1123_label)
}

/// A Kubernetes object name of a subdomain kind (ServiceAccount, ConfigMap): apimachinery's
/// `IsDNS1123Subdomain` checks the total length (253) and the character pattern, but, unlike DNS,
/// not the length of each dot-separated part.
pub(crate) fn is_object_name(name: &str) -> bool {
    name.len() <= SUBDOMAIN_MAX && name.split('.').all(is_dns1123_label_chars)
}

fn is_dns1123_label_chars(part: &str) -> bool {
    let bytes = part.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    edge(bytes.first())
        && edge(bytes.last())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// `fedc::name::invalid` when `name` is not a valid object name of a subdomain kind.
pub(crate) fn object_name_finding(name: &Located<String>, what: &str, role: &str) -> Option<Diagnostic> {
    (!is_object_name(&name.value)).then(|| {
        Diagnostic::new(codes::name::INVALID, format!("{what} `{}` is not a valid Kubernetes name", name.value))
            .label(name.span.clone(), subdomain_problem(&name.value))
            .help(format!("the {what} {role}; it must be a DNS-1123 subdomain (at most {SUBDOMAIN_MAX} characters)"))
    })
}

/// Why `name` is not a DNS-1123 label, for the finding's label text.
pub(crate) fn label_problem(name: &str) -> String {
    if name.len() > LABEL_MAX {
        format!("{} characters, at most {LABEL_MAX} allowed", name.len())
    } else if name.is_empty() {
        "empty".to_string()
    } else {
        "use lower-case letters, digits and `-`, starting and ending with a letter or digit".to_string()
    }
}

/// A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
pub(crate) fn is_label_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    value.is_empty()
        || (value.len() <= LABEL_MAX
            && edge(bytes.first())
            && edge(bytes.last())
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
}

/// A label key: an optional DNS subdomain prefix and `/`, then a non-empty name shaped like a label value.
pub(crate) fn is_label_key(key: &str) -> bool {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    prefix.is_none_or(is_dns1123_subdomain) && !name.is_empty() && is_label_value(name)
}

/// `fedc::name::invalid` when `name` is not a DNS-1123 label; `role` says what the name becomes.
pub(crate) fn label_finding(name: &Located<String>, what: &str, role: &str) -> Option<Diagnostic> {
    (!is_dns1123_label(&name.value)).then(|| {
        Diagnostic::new(codes::name::INVALID, format!("{what} `{}` is not a valid Kubernetes name", name.value))
            .label(name.span.clone(), label_problem(&name.value))
            .help(format!("the {what} {role}; it must be a DNS-1123 label"))
    })
}

/// `fedc::name::invalid` when `name` is not a DNS-1123 subdomain.
pub(crate) fn subdomain_finding(name: &Located<String>, what: &str, role: &str) -> Option<Diagnostic> {
    (!is_dns1123_subdomain(&name.value)).then(|| {
        Diagnostic::new(codes::name::INVALID, format!("{what} `{}` is not a valid DNS name", name.value))
            .label(name.span.clone(), subdomain_problem(&name.value))
            .help(format!("the {what} {role}; it must be a DNS-1123 subdomain"))
    })
}

fn subdomain_problem(name: &str) -> String {
    if name.len() > SUBDOMAIN_MAX {
        format!("{} characters, at most {SUBDOMAIN_MAX} allowed", name.len())
    } else {
        "use dot-separated lower-case labels of letters, digits and `-`".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert!(is_dns1123_label("red-mesh-2"));
        assert!(!is_dns1123_label("Red"));
        assert!(!is_dns1123_label("-red"));
        assert!(!is_dns1123_label("red."));
        assert!(!is_dns1123_label(""));
        assert!(!is_dns1123_label(&"a".repeat(64)));
        assert!(is_dns1123_label(&"a".repeat(63)));
    }

    #[test]
    fn object_names_of_subdomain_kinds_have_no_per_part_limit() {
        assert!(is_object_name(&format!("egress-{}-service-account", "a".repeat(60))));
        assert!(is_object_name("a.b-c"));
        assert!(!is_object_name(&"a".repeat(254)));
        assert!(!is_object_name("a..b"));
        assert!(!is_object_name("A"));
        assert!(!is_dns1123_subdomain(&"a".repeat(64)), "DNS names keep the 63 limit per label");
    }

    #[test]
    fn label_values_and_keys() {
        assert!(is_label_value(""));
        assert!(is_label_value("us-east-1_a.B"));
        assert!(!is_label_value("us/east"));
        assert!(!is_label_value("-a"));
        assert!(is_label_key("export-service"));
        assert!(is_label_key("app.kubernetes.io/name"));
        assert!(!is_label_key("app.kubernetes.io/"));
        assert!(!is_label_key("Bad_Prefix/name"));
        assert!(!is_label_key(""));
    }

    #[test]
    fn subdomains() {
        assert!(is_dns1123_subdomain("red-mesh.local"));
        assert!(!is_dns1123_subdomain("red_mesh.local"));
        assert!(!is_dns1123_subdomain("red..local"));
    }
}
