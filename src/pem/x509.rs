//! Each `CERTIFICATE` block read as an X.509 certificate (x509-parser): a root certificate must be
//! a CA certificate, within its validity period. Everything a message shows from a certificate is
//! made safe to print first: its subject is attacker-controlled text.

use x509_parser::certificate::X509Certificate;

use super::Block;

/// What `check` needs to know about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Certificate {
    /// 1-based line of the block's `BEGIN` marker in the file.
    pub(crate) line: usize,
    /// The subject distinguished name, printable (`O=Example, CN=red-mesh root CA`).
    pub(crate) subject: String,
    /// Validity, in seconds since the Unix epoch.
    pub(crate) not_before: i64,
    pub(crate) not_after: i64,
    /// Why it is not a CA certificate, when it is not.
    pub(crate) not_a_ca: Option<&'static str>,
}

/// The certificate in `block`, or why the block is not one.
pub(crate) fn inspect(block: &Block) -> Result<Certificate, String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(block.text.as_bytes())
        .map_err(|error| format!("its base64 does not decode ({error})"))?;
    let (rest, certificate) = x509_parser::parse_x509_certificate(&pem.contents)
        .map_err(|error| format!("its content is not a DER X.509 certificate ({error})"))?;
    if !rest.is_empty() {
        return Err(format!("{} bytes follow the certificate in the block", rest.len()));
    }
    let validity = certificate.validity();
    Ok(Certificate {
        line: block.line,
        subject: printable(&certificate.subject().to_string()),
        not_before: validity.not_before.timestamp(),
        not_after: validity.not_after.timestamp(),
        not_a_ca: ca_problem(&certificate),
    })
}

/// A CA certificate says `CA:TRUE` in basicConstraints and, when it restricts key usage, allows
/// signing certificates (RFC 5280 §4.2.1.3, §4.2.1.9).
fn ca_problem(certificate: &X509Certificate<'_>) -> Option<&'static str> {
    match certificate.basic_constraints() {
        Err(_) => return Some("it has more than one basicConstraints extension"),
        Ok(None) => return Some("it has no basicConstraints extension saying CA:TRUE"),
        Ok(Some(constraints)) if !constraints.value.ca => return Some("its basicConstraints say CA:FALSE"),
        Ok(Some(_)) => {}
    }
    match certificate.key_usage() {
        Err(_) => Some("its keyUsage extension is repeated or malformed"),
        Ok(Some(usage)) if !usage.value.key_cert_sign() => Some("its keyUsage does not include keyCertSign"),
        Ok(_) => None,
    }
}

/// At most 200 characters, control and direction-changing characters escaped: safe in a terminal
/// and in a CI log.
fn printable(text: &str) -> String {
    let invisible =
        |c: char| matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
    let mut out = String::new();
    for c in text.chars().take(200) {
        if c.is_control() || invisible(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(200).is_some() {
        out.push('…');
    }
    if out.is_empty() { "(empty subject)".to_string() } else { out }
}

/// `2036-11-18 05:16:28 UTC` for seconds since the Unix epoch.
pub(crate) fn utc(seconds: i64) -> String {
    let (days, time) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", time / 3600, time % 3600 / 60, time % 60)
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day number.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::super::blocks;
    use super::*;

    fn first(pem: &str) -> Result<Certificate, String> {
        inspect(&blocks(pem).expect("PEM")[0])
    }

    #[test]
    fn reads_a_root_ca() {
        let root = first(include_str!("../../tests/ui/certs/root.pem")).expect("certificate");
        assert_eq!(root.subject, "O=Example, CN=red-mesh root CA");
        assert_eq!(root.not_a_ca, None);
        assert_eq!(utc(root.not_after), "2036-11-18 05:16:28 UTC");
    }

    #[test]
    fn tells_what_is_not_a_ca() {
        let leaf = first(include_str!("../../tests/ui/certs/leaf.pem")).expect("certificate");
        assert_eq!(leaf.not_a_ca, Some("its basicConstraints say CA:FALSE"));
        let signing = first(include_str!("../../tests/ui/certs/no-cert-sign.pem")).expect("certificate");
        assert_eq!(signing.not_a_ca, Some("its keyUsage does not include keyCertSign"));
    }

    #[test]
    fn refuses_what_is_not_a_certificate() {
        let error = first(include_str!("../../tests/ui/certs/not-x509.pem")).expect_err("not a certificate");
        assert!(error.starts_with("its content is not a DER X.509 certificate"), "{error}");
        let bad_base64 = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n";
        assert!(first(bad_base64).expect_err("bad base64").starts_with("its base64 does not decode"));
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(946_684_800), "2000-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn subjects_are_printable() {
        assert_eq!(printable("CN=a\u{1b}[31mb\n"), "CN=a\\u{1b}[31mb\\n");
        assert_eq!(printable("CN=\u{202e}abc"), "CN=\\u{202e}abc");
        assert_eq!(printable(""), "(empty subject)");
        assert_eq!(printable(&"x".repeat(300)).chars().count(), 201);
    }
}
