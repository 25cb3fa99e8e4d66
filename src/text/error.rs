//! Syntax errors: ipset's message lines for text it rejects.

use std::fmt;

/// A parse failure: `lines` are ipset's message lines exactly as ipset prints them after the
/// program prefix (e.g. "Syntax error: cannot parse notanip: resolving to IPv4 address failed"),
/// usually one, sometimes several (ipset prints e.g. three lines for `1.1.1.1,99999`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// ipset's message lines, without the program prefix.
    pub lines: Vec<String>,
    /// The words are not shaped as the grammar wants (an unknown keyword, a
    /// missing value, an open quote), as opposed to a value it rejects.
    /// ipset(8) reports these as command-line structure errors.
    structure: bool,
}

impl SyntaxError {
    pub(super) fn new(lines: Vec<String>) -> Self {
        SyntaxError {
            lines,
            structure: false,
        }
    }

    pub(super) fn one(line: impl Into<String>) -> Self {
        SyntaxError::new(vec![line.into()])
    }

    /// A structure error: see [`SyntaxError::is_structure`].
    pub(super) fn structure(line: impl Into<String>) -> Self {
        SyntaxError {
            lines: vec![line.into()],
            structure: true,
        }
    }

    /// Whether the words are not shaped as the grammar wants (unknown keyword,
    /// missing value, open quote) rather than holding a value it rejects.
    pub fn is_structure(&self) -> bool {
        self.structure
    }

    pub(super) fn syntax(msg: impl fmt::Display) -> Self {
        SyntaxError::one(format!("Syntax error: {msg}"))
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

impl std::error::Error for SyntaxError {}
