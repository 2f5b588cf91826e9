//! The registry of codes: every `fedc::<area>::<problem>` fedc reports, with its severity (or
//! "failure": not a finding, exit code 2), a one-line summary and its explanation: what is wrong,
//! a minimal example, the fix. `fedc check --explain CODE` prints one entry; docs/diagnostics.md
//! is generated from all of them (`scripts/gen-diagnostics`, a test fails when it is stale).
//!
//! One file per area: `fedc::peer::self` is the entry `SELF` of `peer.rs`, used as
//! `codes::peer::SELF`. Adding a code is one entry in its area's `codes!` list; a new area is a
//! file and its name in `areas!` below (in the order docs/diagnostics.md shows them).

use std::cmp::Ordering;
use std::fmt;

use super::Severity;

/// How a code is reported: a finding of one severity, a finding whose severity depends on what
/// was found, or a failure (exit code 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Error,
    Warning,
    ErrorOrWarning,
    Failure,
}

/// One code and its documentation. Text fields are written indented in the area files; they are
/// shown without that indentation ([`dedent`]).
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) id: &'static str,
    pub(crate) kind: Kind,
    /// What the code reports, in one line.
    pub(crate) summary: &'static str,
    /// Why it is wrong and what else to know; empty when the summary says it all.
    pub(crate) details: &'static str,
    /// A minimal topology that triggers it: the language of the code block and the text.
    pub(crate) example: Option<(&'static str, &'static str)>,
    pub(crate) fix: &'static str,
}

impl Entry {
    /// The entry's section of docs/diagnostics.md, which `check --explain` prints.
    pub(crate) fn explanation(&self) -> String {
        let mut text = format!("### `{}` ({})\n\n{}\n", self.id, self.kind.label(), dedent(self.summary));
        if !self.details.is_empty() {
            text.push_str(&format!("\n{}\n", dedent(self.details)));
        }
        if let Some((language, example)) = self.example {
            text.push_str(&format!("\n```{language}\n{}\n```\n", dedent(example)));
        }
        text.push_str(&format!("\n**Fix:** {}\n", dedent(self.fix)));
        text
    }
}

impl Kind {
    /// As the heading of an entry shows it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::ErrorOrWarning => "error or warning",
            Kind::Failure => "failure, exit code 2",
        }
    }
}

/// `text` without its surrounding blank lines and the indentation its lines share.
fn dedent(text: &str) -> String {
    let text = text.trim_start_matches('\n').trim_end();
    let indent = text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
    let indent = indent.unwrap_or(0);
    let lines: Vec<&str> = text.lines().map(|l| l.get(indent..).unwrap_or("").trim_end()).collect();
    lines.join("\n")
}

/// The code of a finding ([`super::Diagnostic`]) with its severity, which the registry gives (for
/// a code of either severity, the finding chooses: [`EitherCode`]).
#[derive(Clone, Copy)]
pub(crate) struct Code {
    entry: &'static Entry,
    severity: Severity,
}

/// The code of a finding that is an error or a warning depending on what was found:
/// `.error()` or `.warning()` makes the [`Code`] a finding carries.
#[derive(Clone, Copy)]
pub(crate) struct EitherCode(&'static Entry);

/// The code of a failure that is not a finding ([`crate::error::Error`], exit code 2).
#[derive(Clone, Copy)]
pub(crate) struct FailureCode(&'static Entry);

impl Code {
    /// Only `codes!` makes codes, from entries of kind error or warning.
    const fn new(entry: &'static Entry) -> Self {
        let severity = if matches!(entry.kind, Kind::Warning) { Severity::Warning } else { Severity::Error };
        Code { entry, severity }
    }

    /// The stable string, `fedc::<area>::<problem>`.
    pub(crate) fn as_str(self) -> &'static str {
        self.entry.id
    }

    pub(crate) fn severity(self) -> Severity {
        self.severity
    }

    const fn entry(self) -> &'static Entry {
        self.entry
    }
}

impl EitherCode {
    /// Only `codes!` makes these, from entries of kind error-or-warning.
    const fn new(entry: &'static Entry) -> Self {
        EitherCode(entry)
    }

    pub(crate) const fn error(self) -> Code {
        Code { entry: self.0, severity: Severity::Error }
    }

    pub(crate) const fn warning(self) -> Code {
        Code { entry: self.0, severity: Severity::Warning }
    }

    const fn entry(self) -> &'static Entry {
        self.0
    }
}

impl FailureCode {
    /// Only `codes!` makes failure codes, from entries of kind failure.
    const fn new(entry: &'static Entry) -> Self {
        FailureCode(entry)
    }

    /// The stable string, `fedc::<area>::<problem>`.
    pub(crate) fn as_str(self) -> &'static str {
        self.0.id
    }

    const fn entry(self) -> &'static Entry {
        self.0
    }
}

/// Codes compare, sort and print as their stable strings.
macro_rules! as_string {
    ($type:ident) => {
        impl PartialEq for $type {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl Eq for $type {}
        impl PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl PartialOrd for $type {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $type {
            fn cmp(&self, other: &Self) -> Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
        impl fmt::Debug for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}
as_string!(Code);
as_string!(FailureCode);

/// An area's codes: `area:` (its title in docs/diagnostics.md), an optional `intro:`, `;`, then one
/// entry per code: `NAME = error|warning|error_or_warning|failure "fedc::<area>::<name>" { summary, details?,
/// example: toml|yaml "…"?, fix }`. `NAME` is the code's last part in upper case, `-` as `_`. An
/// entry may have attributes (`#[cfg(feature = "fault-injection")]`: only the test build has it).
macro_rules! codes {
    (
        area: $title:literal $(, intro: $intro:literal)?;
        $(
            $(#[$attribute:meta])*
            $name:ident = $kind:ident $id:literal {
                summary: $summary:literal,
                $(details: $details:literal,)?
                $(example: $language:ident $example:literal,)?
                fix: $fix:literal $(,)?
            }
        )*
    ) => {
        $(
            $(#[$attribute])*
            pub(crate) const $name: codes!(@type $kind) = <codes!(@type $kind)>::new(&super::Entry {
                id: $id,
                kind: codes!(@kind $kind),
                summary: $summary,
                details: codes!(@or $($details)?),
                example: codes!(@example $($language $example)?),
                fix: $fix,
            });
        )*

        /// Every code of the area, in the order docs/diagnostics.md shows them.
        pub(crate) const ALL: &[&super::Entry] = &[$($(#[$attribute])* $name.entry()),*];

        #[cfg(test)]
        pub(crate) const TITLE: &str = $title;
        #[cfg(test)]
        pub(crate) const INTRO: &str = codes!(@or $($intro)?);

        #[cfg(test)]
        #[test]
        fn names_spell_their_codes() {
            let area = module_path!().rsplit("::").next().unwrap_or_default();
            for (name, id) in [$($(#[$attribute])* (stringify!($name), $id)),*] {
                super::assert_named(area, name, id);
            }
        }
    };
    (@type error) => { super::Code };
    (@type warning) => { super::Code };
    (@type error_or_warning) => { super::EitherCode };
    (@type failure) => { super::FailureCode };
    (@kind error) => { super::Kind::Error };
    (@kind warning) => { super::Kind::Warning };
    (@kind error_or_warning) => { super::Kind::ErrorOrWarning };
    (@kind failure) => { super::Kind::Failure };
    (@or) => { "" };
    (@or $text:literal) => { $text };
    (@example) => { None };
    (@example $language:ident $text:literal) => { Some((stringify!($language), $text)) };
}

/// The areas, in the order docs/diagnostics.md shows them: findings, then failures.
macro_rules! areas {
    ($($area:ident),* $(,)?) => {
        $(pub(crate) mod $area;)*

        /// Every area's codes.
        const AREAS: &[&[&Entry]] = &[$($area::ALL),*];

        /// Every area's name, title, introduction and codes.
        #[cfg(test)]
        pub(crate) const PAGE: &[(&str, &str, &str, &[&Entry])] =
            &[$((stringify!($area), $area::TITLE, $area::INTRO, $area::ALL)),*];
    };
}

areas! {
    load, federation, cluster, mesh, name, label, value, peer, gateway, ingress, service, rule, export, import,
    failover, locality, partner, istio, gitops, file, cert, acknowledge, overlay, verify, status,
    io, emit, diff, template, usage,
}

/// Every code, findings then failures.
pub(crate) fn all() -> impl Iterator<Item = &'static Entry> {
    AREAS.iter().flat_map(|area| area.iter().copied())
}

/// The entry of `id`, e.g. `fedc::peer::self`.
pub(crate) fn find(id: &str) -> Option<&'static Entry> {
    all().find(|entry| entry.id == id)
}

/// `NAME` of `area` spells `id`: `fedc::<area>::<name in lower case, `_` as `-`>` (`fedc::usage`
/// is the one code without a problem part).
#[cfg(test)]
fn assert_named(area: &str, name: &str, id: &str) {
    let problem = name.to_lowercase().replace('_', "-");
    let expected = if problem == area { format!("fedc::{area}") } else { format!("fedc::{area}::{problem}") };
    assert_eq!(id, expected, "{name} in {area}.rs");
}

#[cfg(test)]
mod coverage;
#[cfg(test)]
mod page;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_with_a_summary_and_a_fix() {
        let mut seen = std::collections::BTreeSet::new();
        for entry in all() {
            assert!(seen.insert(entry.id), "{} is registered twice", entry.id);
            assert!(
                !entry.summary.contains('\n') && !entry.summary.trim().is_empty(),
                "{}: one-line summary",
                entry.id
            );
            assert!(!entry.fix.trim().is_empty(), "{}: a fix", entry.id);
        }
    }

    #[test]
    fn an_explanation_is_the_summary_details_example_and_fix() {
        let entry = find("fedc::peer::self").expect("registered");
        let text = entry.explanation();
        assert!(text.starts_with("### `fedc::peer::self` (error)\n\n"), "{text}");
        assert!(text.contains("\n```toml\n[[peerings]]\n"), "example dedented: {text}");
        assert!(text.ends_with("list each mesh once per entry.\n"), "{text}");
        let failure = find("fedc::emit::busy").expect("registered").explanation();
        assert!(failure.starts_with("### `fedc::emit::busy` (failure, exit code 2)\n"), "{failure}");
    }

    #[test]
    fn dedent_keeps_relative_indentation() {
        assert_eq!(dedent("\n    a\n      b\n\n    c\n  "), "a\n  b\n\nc");
        assert_eq!(dedent("one line"), "one line");
    }
}
