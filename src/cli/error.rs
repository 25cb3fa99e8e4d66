//! How the command line reports what went wrong: the text layer's syntax
//! errors become ipset's message classes here (a structure error is ipset's
//! exit code 2).

use wiset::set::Error;
use wiset::text::SyntaxError;

/// A syntax error of keyword options or words, in ipset's message class.
pub fn syntax(e: SyntaxError) -> Error {
    Error::Invalid {
        usage: e.is_structure(),
        lines: e.lines,
        line: None,
    }
}
