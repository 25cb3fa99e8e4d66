//! Words: how ipset splits a line of `restore` input (or an entry's text)
//! into words, quotes included.

use super::SyntaxError;

/// ipset's limit on words per command line (`MAX_ARGS`, the program name included).
pub const MAX_ARGS: usize = 32;

/// Split a line into words as ipset's `build_argv` does: whitespace separates,
/// a double quote toggles quoting and is removed, and an empty word (`""`)
/// is no word at all (`comment "" 5` is the comment `5`). `ended`: the line
/// had its newline, which ipset's reader keeps; a quote left open before it
/// swallows the word, one left open at the very end is an error.
pub fn split_words(line: &str, ended: bool) -> Result<Vec<String>, SyntaxError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_ascii_whitespace() && !quoted => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    // ipset drops a word whose quote is never closed (`comment "open` then
    // reads as a missing value).
    if quoted && !ended {
        return Err(SyntaxError::structure("Missing close quote!"));
    }
    if !quoted && !cur.is_empty() {
        words.push(cur);
    }
    if words.len() >= MAX_ARGS {
        return Err(SyntaxError::structure("Line is too long to parse."));
    }
    Ok(words)
}
