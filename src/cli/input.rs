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

/// Reads an input line by line and hands out the content lines (not blank,
/// not `#` comments) with their line numbers. Lines are read in place from
/// the reader's buffer; only a line that straddles the end of the buffer is
/// copied (into one reused `Vec`). This is the inner loop of `replace` and
/// `restore`: a million lines must cost little more than reading them.
pub struct LineReader<R> {
    input: R,
    /// A line put together from two fills of the reader's buffer.
    buf: Vec<u8>,
    /// Bytes of the reader's buffer that the line last handed out occupies:
    /// consumed when the next line is asked for.
    pending: usize,
    line: u32,
}

/// Where the line to hand out lies.
enum Span {
    /// `start..end` of the reader's buffer.
    Input(usize, usize),
    /// `start..end` of `buf`.
    Own(usize, usize),
}

impl<R: std::io::BufRead> LineReader<R> {
    pub fn new(input: R) -> Self {
        LineReader {
            input,
            buf: Vec::new(),
            pending: 0,
            line: 0,
        }
    }

    /// The next content line and its number; `None` at the end of the input.
    pub fn next_content(&mut self) -> Option<Result<(u32, &str), Error>> {
        let span = match self.next_span() {
            Ok(Some(span)) => span,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let n = self.line;
        let bytes = match span {
            Span::Own(start, end) => &self.buf[start..end],
            // The same buffer `next_span` looked at: it is not empty, so
            // `fill_buf` returns it again without reading.
            Span::Input(start, end) => match self.input.fill_buf() {
                Ok(b) => &b[start..end],
                Err(e) => return Some(Err(Error::Io(e))),
            },
        };
        // SAFETY: `next_span` checked these bytes to be UTF-8.
        Some(Ok((n, unsafe { std::str::from_utf8_unchecked(bytes) })))
    }

    /// Find the next content line, checked to be UTF-8 and trimmed.
    fn next_span(&mut self) -> Result<Option<Span>, Error> {
        loop {
            if self.pending > 0 {
                self.input.consume(std::mem::take(&mut self.pending));
            }
            let avail = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io(e)),
            };
            if avail.is_empty() {
                return Ok(None);
            }
            self.line += 1;
            let n = self.line;
            if let (Some(i), ascii) = line_end(avail) {
                self.pending = i + 1;
                let span = content_span(&avail[..i], ascii).map_err(|e| e.at_line(n))?;
                if let Some((s, e)) = span {
                    return Ok(Some(Span::Input(s, e)));
                }
                continue;
            }
            // The line goes on past the buffer (or is the last, unended one).
            self.buf.clear();
            if let Err(e) = self.input.read_until(b'\n', &mut self.buf) {
                return Err(Error::Io(e));
            }
            let end = self.buf.len() - usize::from(self.buf.last() == Some(&b'\n'));
            let line = &self.buf[..end];
            if let Some((s, e)) = content_span(line, line.is_ascii()).map_err(|e| e.at_line(n))? {
                return Ok(Some(Span::Own(s, e)));
            }
        }
    }
}

/// Count the content lines of an input (as [`LineReader`] would hand them
/// out; a line that is not UTF-8 is not counted): one fast pass, so that a
/// file can be checked against maxelem before anything is changed.
pub fn count_content_lines(mut input: impl std::io::BufRead) -> Result<u64, Error> {
    let is_content =
        |line: &[u8], ascii: bool| u64::from(matches!(content_span(line, ascii), Ok(Some(_))));
    let mut n = 0;
    let mut partial: Vec<u8> = Vec::new();
    loop {
        let avail = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        };
        if avail.is_empty() {
            break;
        }
        let mut rest = avail;
        // The end of a line begun in the previous fill.
        if !partial.is_empty() {
            match line_end(rest).0 {
                Some(i) => {
                    partial.extend_from_slice(&rest[..i]);
                    n += is_content(&partial, partial.is_ascii());
                    partial.clear();
                    rest = &rest[i + 1..];
                }
                None => {
                    partial.extend_from_slice(rest);
                    let used = avail.len();
                    input.consume(used);
                    continue;
                }
            }
        }
        while let (Some(i), ascii) = line_end(rest) {
            n += is_content(&rest[..i], ascii);
            rest = &rest[i + 1..];
        }
        // A line whose end is in a later fill.
        partial.extend_from_slice(rest);
        let used = avail.len();
        input.consume(used);
    }
    if !partial.is_empty() {
        n += is_content(&partial, partial.is_ascii());
    }
    Ok(n)
}

/// Where the first `\n` of `b` is, and whether the bytes before it (all of
/// `b` when there is none) are ASCII. Eight bytes at a time: this is the
/// scan every input line goes through.
fn line_end(b: &[u8]) -> (Option<usize>, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut high = 0u64;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        let x = w ^ NL;
        // The lowest byte flagged is exactly the first newline (a borrow can
        // only flag bytes above a true zero byte).
        let z = x.wrapping_sub(ONES) & !x & HIGH;
        if z != 0 {
            let k = (z.trailing_zeros() / 8) as usize;
            let before = if k == 0 {
                0
            } else {
                w & (u64::MAX >> (64 - 8 * k))
            };
            return (Some(at + k), (high | before) & HIGH == 0);
        }
        high |= w;
        at += 8;
    }
    let mut ascii = high & HIGH == 0;
    for (k, &c) in chunks.remainder().iter().enumerate() {
        if c == b'\n' {
            return (Some(at + k), ascii);
        }
        ascii &= c < 0x80;
    }
    (None, ascii)
}

/// The content of one line (without its `\n`) as a range of it, or None for
/// blank lines and comments; an error if it is not UTF-8.
fn content_span(line: &[u8], ascii: bool) -> Result<Option<(usize, usize)>, Error> {
    let text = if ascii {
        // SAFETY: ASCII is UTF-8.
        unsafe { std::str::from_utf8_unchecked(line) }
    } else {
        std::str::from_utf8(line)
            .map_err(|_| Error::invalid("Syntax error: the line is not valid UTF-8"))?
    };
    // The common line needs no trimming: it starts with a visible ASCII
    // character and ends without `\r`.
    if let (Some(&first), Some(&last)) = (line.first(), line.last())
        && first.is_ascii_graphic()
        && last != b'\r'
    {
        return Ok((first != b'#').then_some((0, line.len())));
    }
    Ok(content(text).map(|c| {
        let start = c.as_ptr() as usize - text.as_ptr() as usize;
        (start, start + c.len())
    }))
}

/// Whether a line is one word that needs no splitting (the common case of
/// large lists: a bare entry).
pub fn is_single_word(text: &str) -> bool {
    !text.bytes().any(|b| b == b'"' || b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `input` as `LineReader` hands it out, read through a
    /// buffer of `cap` bytes (small ones make lines straddle fills).
    fn read_all(input: &[u8], cap: usize) -> Vec<Result<(u32, String), String>> {
        let mut r = LineReader::new(std::io::BufReader::with_capacity(cap, input));
        let mut out = Vec::new();
        while let Some(item) = r.next_content() {
            out.push(match item {
                Ok((n, text)) => Ok((n, text.to_string())),
                Err(e) => Err(format!("{}: {e}", e.line().unwrap_or(0))),
            });
        }
        out
    }

    /// `line_end` against the obvious byte loop, at every alignment.
    #[test]
    fn line_end_finds_the_first_newline() {
        let text = b"ab\xc3\xa9cdefghij\nklmnopqrstuvwx\n\n\x80yz0123456789abcdef";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let b = &text[start..end];
                let nl = b.iter().position(|&c| c == b'\n');
                let ascii = b[..nl.unwrap_or(b.len())].is_ascii();
                assert_eq!(line_end(b), (nl, ascii), "{start}..{end}");
            }
        }
    }

    /// The fast count agrees with counting what LineReader hands out.
    #[test]
    fn count_content_lines_agrees_with_line_reader() {
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        let pieces: [&[u8]; 12] = [
            b"10.0.0.1",
            b"\n",
            b"\r\n",
            b"# c",
            b"  ",
            b"\t",
            b"\xff",
            b"\xc3\xa9",
            b"1.2.3.4 comment \"x\"",
            b"",
            b"\n\n",
            b"#",
        ];
        for _ in 0..400 {
            let mut input = Vec::new();
            for _ in 0..(rng % 40) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                input.extend_from_slice(pieces[(rng % 12) as usize]);
            }
            let want = read_all(&input, 8192).iter().filter(|l| l.is_ok()).count() as u64;
            for cap in [1, 3, 8, 16, 8192] {
                let got = count_content_lines(std::io::BufReader::with_capacity(cap, &input[..]))
                    .unwrap();
                assert_eq!(
                    got,
                    want,
                    "buffer {cap}: {:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }

    #[test]
    fn line_reader_in_place_and_across_buffer_ends() {
        let input = b"# head\n10.0.0.1\r\n\n  \t10.0.0.2  \n\xff\xfe\n10.0.0.3 comment \"\xc3\xa9t\xc3\xa9\"\n   # c\n10.0.0.4";
        let want: Vec<Result<(u32, String), String>> = vec![
            Ok((2, "10.0.0.1".into())),
            Ok((4, "10.0.0.2  ".into())),
            Err("5: Syntax error: the line is not valid UTF-8".into()),
            Ok((6, "10.0.0.3 comment \"été\"".into())),
            Ok((8, "10.0.0.4".into())),
        ];
        for cap in [1, 2, 3, 5, 7, 8, 13, 64, 8192] {
            assert_eq!(read_all(input, cap), want, "buffer of {cap} bytes");
        }
        assert!(read_all(b"", 8).is_empty());
        assert!(read_all(b"\n\n#\n", 2).is_empty());
        let long = format!("{}\n1.2.3.4\n", "x".repeat(10_000));
        let got = read_all(long.as_bytes(), 64);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], Ok((2, "1.2.3.4".into())));
    }

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
