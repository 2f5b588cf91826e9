// Strings that YAML readers take for something else: shared by the YAML writer's property test
// (src/render/yaml/strings_tests.rs, `include!`d) and the hostile-value tests (tests/support).

/// Characters YAML treats specially somewhere, or that are not printable, or are line breaks in 1.1.
pub(crate) const SPECIAL: &str = concat!(
    "\0\u{1}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}\u{1f}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{ad}\u{200b}\u{2028}\u{2029}\u{202e}",
    "\u{feff}\u{fffe}\u{ffff}\u{e0001}\u{10ffff}é🦀",
    " #:-?.\"'\\|>!&*%@`{}[],=<~+_/0179aeExobtTZyn",
);

/// Words a YAML 1.1 or 1.2 reader resolves to something other than a string, or parses as syntax.
#[rustfmt::skip]
pub(crate) const AMBIGUOUS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on",
    "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "", "<<", "=", "0", "0755", "0o17", "0b1010", "0x1F",
    "0x_1F", "1_000", "+12", "-1", "1:20", "190:20:30", "190:20:30.15", "1.5e3", "6.8523015e+5", "1e3", ".5", "5.",
    ".", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2002-12-14", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "---", "...", "- ", "? ", "a: b", "a #b", "# c", "*a",
    "&a", "!a", "|", "> x", "%YAML", "@x", "`x", "'x'", "\"x\"", "[a]", "{a: b}", "a,b", "1.2.3", "203.0.113.20",
    "apiVersion", "kind", "metadata", "name", "namespace", "labels", "spec", "data",
];

