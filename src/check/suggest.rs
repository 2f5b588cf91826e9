//! "Did you mean …" for near-miss names.
//!
//! Threshold: a candidate is offered when its Damerau-Levenshtein distance to the written name is at
//! most a third of the longer of the two (rounded down, at least 1), so `gren` finds `green` but
//! `red` does not find `blue`. The closest candidate wins; ties go to the first in sorted order.

pub fn did_you_mean<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut sorted: Vec<&str> = candidates.into_iter().collect();
    sorted.sort_unstable();
    sorted
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(written, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (written.len().max(candidate.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Help text for an unknown name: the suggestion if there is one, else the known names.
pub fn unknown_help<'a>(what: &str, written: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match did_you_mean(written, candidates.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if candidates.is_empty() => format!("no {what} is defined"),
        None => {
            let mut known = candidates.clone();
            known.sort_unstable();
            let list: Vec<String> = known.iter().take(8).map(|c| format!("`{c}`")).collect();
            let more = if known.len() > 8 { ", …" } else { "" };
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
    }

    #[test]
    fn help_lists_known_names_without_a_close_one() {
        assert_eq!(unknown_help("mesh", "zzz", ["b", "a"]), "known mesh names: `a`, `b`");
        assert_eq!(unknown_help("mesh", "x", []), "no mesh is defined");
    }
}
