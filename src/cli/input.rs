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

/// Reads an input line by line into one reused buffer and hands out the
/// content lines (not blank, not `#` comments) with their line numbers.
pub struct LineReader<R> {
    input: R,
    buf: Vec<u8>,
    line: u32,
}

impl<R: std::io::BufRead> LineReader<R> {
    pub fn new(input: R) -> Self {
        LineReader {
            input,
            buf: Vec::with_capacity(256),
            line: 0,
        }
    }

    /// The next content line and its number; `None` at the end of the input.
    pub fn next_content(&mut self) -> Option<Result<(u32, &str), Error>> {
        loop {
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(Error::Io(e))),
            }
            self.line += 1;
            let n = self.line;
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                return Some(Err(Error::invalid(
                    "Syntax error: the line is not valid UTF-8",
                )
                .at_line(n)));
            };
            if let Some(c) = content(text) {
                // Offsets, not the slice: returning a borrow out of this loop
                // would keep `self.buf` borrowed across iterations.
                let start = c.as_ptr() as usize - text.as_ptr() as usize;
                let end = start + c.len();
                // SAFETY: `self.buf` was just checked to be UTF-8, and `content`
                // only trims ASCII, so `start..end` lies on char boundaries.
                let text = unsafe { std::str::from_utf8_unchecked(&self.buf[start..end]) };
                return Some(Ok((n, text)));
            }
        }
    }
}

/// Whether a line is one word that needs no splitting (the common case of
/// large lists: a bare entry).
pub fn is_single_word(text: &str) -> bool {
    !text.bytes().any(|b| b == b'"' || b.is_ascii_whitespace())
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
