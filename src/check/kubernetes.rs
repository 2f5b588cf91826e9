//! Kubernetes naming rules (apimachinery `validation.IsDNS1123Label` / `IsDNS1123Subdomain`).

pub const LABEL_MAX: usize = 63;
pub const SUBDOMAIN_MAX: usize = 253;

/// Lower-case alphanumerics and `-`, starting and ending alphanumeric, at most 63 characters.
pub fn is_dns1123_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    name.len() <= LABEL_MAX
        && edge(bytes.first())
        && edge(bytes.last())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Dot-separated DNS-1123 labels, at most 253 characters.
pub fn is_dns1123_subdomain(name: &str) -> bool {
    name.len() <= SUBDOMAIN_MAX && name.split('.').all(is_dns1123_label)
}

/// Why `name` is not a DNS-1123 label, for the finding's label text.
pub fn label_problem(name: &str) -> String {
    if name.len() > LABEL_MAX {
        format!("{} characters, at most {LABEL_MAX} allowed", name.len())
    } else if name.is_empty() {
        "empty".to_string()
    } else {
        "use lower-case letters, digits and `-`, starting and ending with a letter or digit".to_string()
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
    fn subdomains() {
        assert!(is_dns1123_subdomain("red-mesh.local"));
        assert!(!is_dns1123_subdomain("red_mesh.local"));
        assert!(!is_dns1123_subdomain("red..local"));
    }
}
