//! Service selectors and aliases as written `namespace/name`, where either side may be `*`.

use std::fmt;

use crate::source::Span;

/// One side of a selector: a fixed name, or `*` for any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Pattern {
    Any,
    Exact(String),
}

impl Pattern {
    pub(crate) fn parse(text: &str) -> Pattern {
        if text == "*" || text.is_empty() { Pattern::Any } else { Pattern::Exact(text.to_string()) }
    }

    /// The CRD spelling: `*` for any.
    pub(crate) fn as_crd(&self) -> &str {
        match self {
            Pattern::Any => "*",
            Pattern::Exact(name) => name,
        }
    }

    pub(crate) fn exact(&self) -> Option<&str> {
        match self {
            Pattern::Any => None,
            Pattern::Exact(name) => Some(name),
        }
    }

    /// Whether the name `name` matches (without building a pattern of it: hot in the checks).
    pub(crate) fn admits(&self, name: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::Exact(exact) => exact == name,
        }
    }

    /// Whether some name could match both patterns.
    pub(crate) fn overlaps(&self, other: &Pattern) -> bool {
        match (self, other) {
            (Pattern::Exact(a), Pattern::Exact(b)) => a == b,
            _ => true,
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_crd())
    }
}

/// `namespace/name` selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServicePattern {
    pub(crate) namespace: Pattern,
    pub(crate) name: Pattern,
    pub(crate) span: Span,
}

impl ServicePattern {
    /// Parses `namespace/name`; `None` when the text has not exactly one `/`.
    pub(crate) fn parse(text: &str, span: Span) -> Option<ServicePattern> {
        let (namespace, name) = text.split_once('/')?;
        if name.contains('/') || namespace.is_empty() || name.is_empty() {
            return None;
        }
        Some(ServicePattern { namespace: Pattern::parse(namespace), name: Pattern::parse(name), span })
    }

    pub(crate) fn overlaps(&self, other: &ServicePattern) -> bool {
        self.namespace.overlaps(&other.namespace) && self.name.overlaps(&other.name)
    }

    /// Whether this selector matches a concrete service.
    pub(crate) fn matches(&self, namespace: &str, name: &str) -> bool {
        self.namespace.admits(namespace) && self.name.admits(name)
    }
}

impl fmt::Display for ServicePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// Rename target `namespace/name`; `*` on a side keeps the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceAlias {
    pub(crate) namespace: Pattern,
    pub(crate) name: Pattern,
    pub(crate) span: Span,
}

impl ServiceAlias {
    pub(crate) fn parse(text: &str, span: Span) -> Option<ServiceAlias> {
        ServicePattern::parse(text, span).map(|p| ServiceAlias { namespace: p.namespace, name: p.name, span: p.span })
    }

    /// What a service matched by `selector` is called after this alias.
    pub(crate) fn apply(&self, selector: &ServicePattern) -> ServicePattern {
        let pick = |alias: &Pattern, original: &Pattern| match alias {
            Pattern::Any => original.clone(),
            exact => exact.clone(),
        };
        ServicePattern {
            namespace: pick(&self.namespace, &selector.namespace),
            name: pick(&self.name, &selector.name),
            span: self.span.clone(),
        }
    }
}

/// A concrete service `namespace/name` (no wildcards), e.g. the subject of a failover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceName {
    pub(crate) namespace: String,
    pub(crate) name: String,
    pub(crate) span: Span,
}

impl fmt::Display for ServiceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// Istio's port-naming convention (`<protocol>[-<suffix>]`): the protocol a port name declares.
pub(crate) fn protocol_of(port_name: &str) -> Option<&'static str> {
    let prefix = port_name.split('-').next().unwrap_or(port_name);
    PROTOCOLS.iter().find(|(p, _)| *p == prefix).map(|(_, protocol)| *protocol)
}

/// Port-name prefixes and the ServiceEntry protocol each stands for.
pub(crate) const PROTOCOLS: [(&str, &str); 7] = [
    ("http", "HTTP"),
    ("http2", "HTTP2"),
    ("https", "HTTPS"),
    ("grpc", "GRPC"),
    ("tcp", "TCP"),
    ("tls", "TLS"),
    ("mongo", "MONGO"),
];
