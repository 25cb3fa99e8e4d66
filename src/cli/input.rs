//! Line input for restore and replace: ipset's word splitting (whitespace
//! separates, `"` quotes), comments, blank lines, CRLF.

use wiset::set::Error;

/// ipset's limit on words per command line (`MAX_ARGS`).
pub const MAX_ARGS: usize = 32;

/// Split a line into words as ipset's `build_argv` does: whitespace separates,
/// a double quote toggles quoting and is removed.
pub fn split_words(line: &str) -> Result<Vec<String>, Error> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_ascii_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    // ipset drops a word whose quote is never closed (`comment "open` then
    // reads as a missing value).
    if in_word && !quoted {
        words.push(cur);
    }
    if words.len() >= MAX_ARGS {
        return Err(Error::usage("Line is too long to parse."));
    }
    Ok(words)
}

/// The content of an input line, or None for blank lines and `#` comments.
pub fn content(line: &str) -> Option<&str> {
    let l = line.trim_end_matches(['\r', '\n']).trim_start();
    if l.is_empty() || l.starts_with('#') {
        None
    } else {
        Some(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_quotes() {
        assert_eq!(
            split_words("add s 1.2.3.4 comment \"a b\"").unwrap(),
            ["add", "s", "1.2.3.4", "comment", "a b"]
        );
        assert_eq!(split_words("  a\t b  ").unwrap(), ["a", "b"]);
        assert_eq!(split_words("a \"\"").unwrap(), ["a", ""]);
        assert_eq!(split_words("a \"b c").unwrap(), ["a"]);
        assert_eq!(split_words("x\"y z\"").unwrap(), ["xy z"]);
        assert_eq!(content("  # x"), None);
        assert_eq!(content("\r\n"), None);
        assert_eq!(content(" 10.0.0.1\r\n"), Some("10.0.0.1"));
    }
}
