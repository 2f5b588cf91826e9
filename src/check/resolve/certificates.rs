//! Root certificates: the file's content (or why it was not read), and how long before expiry to
//! warn. The certificates themselves are checked by the `root-certs` rule.

use super::{Resolver, located};
use crate::check::duration;
use crate::diagnostic::{Diagnostic, codes};
use crate::load::{FederationDef, FileProblem, Text};
use crate::model::{ExpiryWarning, Located, RootCert};

/// Warn this long before a root certificate expires, unless the topology says otherwise.
pub(crate) const DEFAULT_EXPIRY_WARNING_DAYS: i64 = 30;

const DAY: i64 = 24 * 60 * 60;

impl Resolver<'_> {
    pub(super) fn root_cert(&self, path: &Text) -> RootCert {
        let (pem, read_error) = match self.attachments.get(path.get_ref()) {
            Some(Ok(text)) => (Some(text.clone()), None),
            Some(Err(problem)) => (None, Some(problem.clone())),
            None => (None, Some(FileProblem::Unreadable("not read".to_string()))),
        };
        let certificates = pem.as_deref().and_then(|text| crate::pem::certificates(text).ok());
        RootCert { path: located(path), pem, certificates, read_error }
    }

    pub(super) fn expiry_warning(&mut self, def: &FederationDef) -> Located<ExpiryWarning> {
        let default = || ExpiryWarning { seconds: DEFAULT_EXPIRY_WARNING_DAYS * DAY, written: "30d".to_string() };
        let Some(text) = &def.certificate_expiry_warning else { return Located::new(default(), def.name.span()) };
        match window_seconds(text.get_ref()) {
            Some(seconds) => Located::new(ExpiryWarning { seconds, written: text.get_ref().clone() }, text.span()),
            None => {
                self.report(
                    Diagnostic::new(
                        codes::cert::INVALID_EXPIRY_WARNING,
                        format!("`{}` is not a duration", text.get_ref()),
                    )
                    .label(text.span(), "how long before a root certificate expires to warn")
                    .help("write whole days (`30d`) or a Go duration (`720h`)"),
                );
                Located::new(default(), text.span())
            }
        }
    }
}

/// `30d` (whole days), or a Go duration (`720h`, `1h30m`), in seconds.
fn window_seconds(text: &str) -> Option<i64> {
    if let Some(days) = text.strip_suffix('d') {
        let whole = !days.is_empty() && days.len() <= 6 && days.bytes().all(|b| b.is_ascii_digit());
        return whole.then(|| days.parse::<i64>().ok().map(|d| d * DAY)).flatten();
    }
    duration::millis(text).map(|millis| (millis / 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_days_or_go_durations() {
        assert_eq!(window_seconds("30d"), Some(30 * DAY));
        assert_eq!(window_seconds("0d"), Some(0));
        assert_eq!(window_seconds("720h"), Some(30 * DAY));
        assert_eq!(window_seconds("1h30m"), Some(5400));
        for bad in ["", "d", "-1d", "1.5d", "30 d", "1d12h", "thirty days", "9999999d"] {
            assert_eq!(window_seconds(bad), None, "{bad}");
        }
    }
}
