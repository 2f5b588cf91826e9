//! Root certificates: a PEM file must hold certificates and nothing else (no private key, no stray
//! text), since it is published to every peer in a ConfigMap.

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemProblem {
    NoCertificate,
    /// A PEM block of another type, e.g. `PRIVATE KEY`, at this 1-based line.
    ForeignBlock {
        line: usize,
        label: String,
    },
    /// Text outside any block, or a malformed block, at this 1-based line.
    Garbage {
        line: usize,
    },
}

impl std::fmt::Display for PemProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PemProblem::NoCertificate => f.write_str("holds no certificate"),
            PemProblem::ForeignBlock { line, label } => write!(f, "holds a `{label}` block at line {line}"),
            PemProblem::Garbage { line } => write!(f, "has text that is not part of a certificate at line {line}"),
        }
    }
}

/// The certificates of a PEM text, normalised (LF endings, one block after another, final newline).
pub fn certificates(text: &str) -> Result<String, PemProblem> {
    let mut out = String::new();
    let mut in_block = false;
    let mut count = 0;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if in_block {
            if line == END {
                in_block = false;
                count += 1;
                out.push_str(END);
                out.push('\n');
            } else if !line.is_empty() && line.bytes().all(is_base64) {
                out.push_str(line);
                out.push('\n');
            } else {
                return Err(PemProblem::Garbage { line: line_no });
            }
        } else if line == BEGIN {
            in_block = true;
            out.push_str(BEGIN);
            out.push('\n');
        } else if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
            return Err(PemProblem::ForeignBlock { line: line_no, label: label.to_string() });
        } else if !line.is_empty() {
            return Err(PemProblem::Garbage { line: line_no });
        }
    }
    match (in_block, count) {
        (true, _) => Err(PemProblem::Garbage { line: text.lines().count() }),
        (false, 0) => Err(PemProblem::NoCertificate),
        _ => Ok(out),
    }
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_certificates_and_normalises() {
        let pem = "\r\n-----BEGIN CERTIFICATE-----\r\nMIIB\r\nAA==\r\n-----END CERTIFICATE-----\r\n";
        assert_eq!(
            certificates(pem).as_deref(),
            Ok("-----BEGIN CERTIFICATE-----\nMIIB\nAA==\n-----END CERTIFICATE-----\n")
        );
    }

    #[test]
    fn refuses_keys_text_and_emptiness() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
        assert_eq!(certificates(key), Err(PemProblem::ForeignBlock { line: 1, label: "PRIVATE KEY".into() }));
        let text = "subject=CN=x\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert_eq!(certificates(text), Err(PemProblem::Garbage { line: 1 }));
        assert_eq!(certificates("\n"), Err(PemProblem::NoCertificate));
        assert_eq!(certificates("-----BEGIN CERTIFICATE-----\nMIIB\n"), Err(PemProblem::Garbage { line: 2 }));
    }
}
