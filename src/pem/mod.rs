//! Root certificates: a PEM file must hold certificates and nothing else (no private key, no stray
//! text), since it is published to every peer in a ConfigMap. [`x509`] then reads each block as a
//! certificate.

pub(crate) mod x509;

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PemProblem {
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

/// One `CERTIFICATE` block of a PEM text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// 1-based line of its `BEGIN` marker.
    pub(crate) line: usize,
    /// The block, normalised: markers and base64 lines, LF endings, final newline.
    pub(crate) text: String,
}

/// The certificates of a PEM text, normalised (LF endings, one block after another, final newline).
pub(crate) fn certificates(text: &str) -> Result<String, PemProblem> {
    Ok(blocks(text)?.iter().map(|b| b.text.as_str()).collect())
}

/// The `CERTIFICATE` blocks of a PEM text, when it holds nothing else.
pub(crate) fn blocks(text: &str) -> Result<Vec<Block>, PemProblem> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if let Some(block) = current.as_mut() {
            if line == END {
                block.text.push_str(END);
                block.text.push('\n');
                blocks.extend(current.take());
            } else if !line.is_empty() && line.bytes().all(is_base64) {
                block.text.push_str(line);
                block.text.push('\n');
            } else {
                return Err(PemProblem::Garbage { line: line_no });
            }
        } else if line == BEGIN {
            current = Some(Block { line: line_no, text: format!("{BEGIN}\n") });
        } else if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
            return Err(PemProblem::ForeignBlock { line: line_no, label: label.to_string() });
        } else if !line.is_empty() {
            return Err(PemProblem::Garbage { line: line_no });
        }
    }
    match (current, blocks.is_empty()) {
        (Some(_), _) => Err(PemProblem::Garbage { line: text.lines().count() }),
        (None, true) => Err(PemProblem::NoCertificate),
        (None, false) => Ok(blocks),
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
