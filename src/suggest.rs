//! "Did you mean …" for near-miss names.
//!
//! Threshold: a candidate is offered when its Damerau-Levenshtein distance to the written name is at
//! most a third of the longer of the two (rounded down, at least 1), so `gren` finds `green` but
//! `red` does not find `blue`. The closest candidate wins; ties go to the first in sorted order.
//!
//! Cost: linear in the candidates. The distance (quadratic in the lengths) is computed only for
//! candidates whose length is within the threshold, and never for names longer than
//! [`LONGEST`] bytes (no Kubernetes name is), so a hostile name cannot make one comparison slow.
//! Callers that may ask for many names bound how often they ask (see `resolve/names.rs`).

/// How many suggestions one pass (a name table, a rule's run) computes: each compares against
/// every candidate, so unbounded they cost (unknown names × candidates) distances.
pub(crate) const BUDGET: usize = 64;

/// Counts the suggestions computed; past [`BUDGET`], callers consider only a few candidates.
#[derive(Debug, Default)]
pub(crate) struct Budget(std::cell::Cell<usize>);

impl Budget {
    /// How many candidates the next suggestion may look at (counts it).
    pub(crate) fn candidates(&self) -> usize {
        let used = self.0.get();
        self.0.set(used + 1);
        if used < BUDGET { usize::MAX } else { 9 }
    }
}

/// Names longer than this get no suggestion (DNS subdomain names are at most 253 bytes).
pub(crate) const LONGEST: usize = 253;

pub(crate) fn did_you_mean<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if written.len() > LONGEST {
        return None;
    }
    let threshold = |candidate: &str| (written.len().max(candidate.len()) / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| {
            candidate.len() <= LONGEST && written.len().abs_diff(candidate.len()) <= threshold(candidate)
        })
        .map(|candidate| (strsim::damerau_levenshtein(written, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= threshold(candidate))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Help text for an unknown name: the suggestion if there is one, else the known names.
pub(crate) fn unknown_help<'a>(what: &str, written: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match did_you_mean(written, candidates.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if candidates.is_empty() => format!("no {what} is defined"),
        None => {
            // The eight first names in order, without sorting them all.
            let mut known = candidates.clone();
            if known.len() > 8 {
                known.select_nth_unstable(8);
                known.truncate(9);
            }
            known.sort_unstable();
            let list: Vec<String> = known.iter().take(8).map(|c| format!("`{c}`")).collect();
            let more = if candidates.len() > 8 { ", …" } else { "" };
            format!("known {what} names: {}{more}", list.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["red", "green", "blue"];
        assert_eq!(did_you_mean("gren", names), Some("green"));
        assert_eq!(did_you_mean("bleu", names), Some("blue"));
        assert_eq!(did_you_mean("purple", names), None);
        assert_eq!(did_you_mean("re", names), Some("red"));
        assert_eq!(did_you_mean("ab", ["ac", "aa"]), Some("aa"), "ties go to the first in order");
        assert_eq!(did_you_mean(&"x".repeat(300), ["x"]), None);
    }

    #[test]
    fn help_lists_known_names_without_a_close_one() {
        assert_eq!(unknown_help("mesh", "zzz", ["b", "a"]), "known mesh names: `a`, `b`");
        assert_eq!(unknown_help("mesh", "x", []), "no mesh is defined");
        let many: Vec<String> = (0..20).rev().map(|i| format!("n{i:02}")).collect();
        let help = unknown_help("mesh", "zzzz", many.iter().map(String::as_str));
        assert_eq!(help, "known mesh names: `n00`, `n01`, `n02`, `n03`, `n04`, `n05`, `n06`, `n07`, …");
    }
}
