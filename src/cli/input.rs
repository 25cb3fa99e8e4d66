//! Line input for restore, replace and `test --from`: ipset's word
//! splitting (whitespace separates, `"` quotes), comments, blank lines,
//! CRLF, a leading UTF-8 byte order mark; lines of at most [`MAX_LINE`]
//! bytes, so memory stays flat whatever the input (`/dev/zero` included).

use std::io::{BufRead, Read};
use std::sync::mpsc;

use wiset::set::Cancel;

use crate::cli::error::Error;

pub use wiset::text::MAX_ARGS;

/// The longest input line, in bytes. A valid line is far shorter (at most
/// 32 words; a comment holds at most 255 bytes); ipset reads lines 1024
/// bytes at a time and takes the rest of a longer one as a line of its own.
/// wiset refuses a longer line, naming it, instead of reading it in pieces.
pub const MAX_LINE: usize = 64 * 1024;

/// The read buffer of an input: large reads, few system calls.
pub const INPUT_BUFFER: usize = 256 * 1024;

/// The UTF-8 byte order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// A read that failed, or a line that is too long: the whole input is
/// unusable (never a line to skip). The text names the input.
fn read_error(name: &str, e: &std::io::Error) -> Error {
    let why = match e.raw_os_error() {
        Some(code) => wiset::sys::strerror(code),
        None => e.to_string(),
    };
    std::io::Error::new(e.kind(), format!("Cannot read {name}: {why}")).into()
}

fn too_long(name: &str, line: u32) -> Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("Cannot read {name}: line {line} is longer than {MAX_LINE} bytes"),
    )
    .into()
}

/// Open an input: `-`/None is standard input, else the file. With a
/// `cancel` token, an input whose reads can block (a pipe, a terminal) is
/// read on a thread of its own, so that a stop request ends a read that is
/// waiting. Returns the reader and the input's name for messages.
pub fn open_input(
    path: Option<&str>,
    cancel: Option<&Cancel>,
) -> Result<(Box<dyn BufRead>, String), Error> {
    match path {
        None | Some("-") => {
            let name = "standard input".to_string();
            let reader: Box<dyn BufRead> = match cancel {
                Some(c) => Box::new(std::io::BufReader::with_capacity(
                    INPUT_BUFFER,
                    Waitable::new(std::io::stdin(), c),
                )),
                None => Box::new(std::io::BufReader::with_capacity(
                    INPUT_BUFFER,
                    std::io::stdin(),
                )),
            };
            Ok((reader, name))
        }
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|e| {
                Error::invalid(format!(
                    "Cannot open {p} for reading: {}",
                    wiset::sys::strerror(e.raw_os_error().unwrap_or(0))
                ))
            })?;
            Ok((file_reader(f, cancel), p.to_string()))
        }
    }
}

/// A reader of an open file; with a `cancel` token, one whose reads can
/// block (a FIFO, a terminal) is read as [`open_input`] reads those.
pub fn file_reader(f: std::fs::File, cancel: Option<&Cancel>) -> Box<dyn BufRead> {
    let regular = f.metadata().is_ok_and(|m| m.is_file());
    match cancel {
        Some(c) if !regular => Box::new(std::io::BufReader::with_capacity(
            INPUT_BUFFER,
            Waitable::new(f, c),
        )),
        _ => Box::new(std::io::BufReader::with_capacity(INPUT_BUFFER, f)),
    }
}

/// A reader whose reads may block (a pipe, a terminal), read on a thread of
/// its own: a read waits on a channel that a stop request also reaches.
struct Waitable {
    chunks: mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
    /// The reader thread has sent the end of the input (or its error): the
    /// channel stays open for the stop request, so nothing else says so.
    ended: bool,
    cancel: Cancel,
}

impl Waitable {
    const CHUNK: usize = 64 * 1024;

    fn new(mut input: impl Read + Send + 'static, cancel: &Cancel) -> Waitable {
        let (tx, rx) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(4);
        let wake = tx.clone();
        cancel.on_cancel(move || {
            // A full channel means the reader is not waiting.
            let _ = wake.try_send(Err(std::io::Error::other("stopped")));
        });
        std::thread::spawn(move || {
            loop {
                let mut buf = vec![0; Self::CHUNK];
                let r = match input.read(&mut buf) {
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(buf)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let end = !matches!(&r, Ok(b) if !b.is_empty());
                if tx.send(r).is_err() || end {
                    return;
                }
            }
        });
        Waitable {
            chunks: rx,
            chunk: Vec::new(),
            at: 0,
            ended: false,
            cancel: cancel.clone(),
        }
    }
}

impl Read for Waitable {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.code().is_some() {
            return Err(std::io::Error::other("stopped"));
        }
        if self.at == self.chunk.len() {
            if self.ended {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.ended = chunk.is_empty();
                    self.chunk = chunk;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Copy `input` to `out` whole, refusing a line longer than [`MAX_LINE`]
/// (so that standard input kept in a file for counting is bounded too).
pub fn copy_lines(
    mut input: impl BufRead,
    out: &mut impl std::io::Write,
    name: &str,
) -> Result<(), Error> {
    let mut line = 1u32;
    let mut run = 0usize;
    loop {
        let avail = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(name, &e)),
        };
        if avail.is_empty() {
            return Ok(());
        }
        let mut rest = avail;
        while let (Some(i), _) = line_end(rest) {
            if run + i > MAX_LINE {
                return Err(too_long(name, line));
            }
            run = 0;
            line = line.saturating_add(1);
            rest = &rest[i + 1..];
        }
        run += rest.len();
        if run > MAX_LINE {
            return Err(too_long(name, line));
        }
        out.write_all(avail)?;
        let used = avail.len();
        input.consume(used);
    }
}

/// [`wiset::text::split_words`], in ipset's message class (a structure error).
pub fn split_words(line: &str, ended: bool) -> Result<Vec<String>, Error> {
    wiset::text::split_words(line, ended).map_err(Error::options)
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
/// not `#` comments) with their line numbers. The complete lines the
/// reader's buffer holds are taken at once, copied into one reused batch
/// and checked to be UTF-8 at once, so that a line costs no check of its
/// own; only a line that straddles the end of the buffer is put together
/// on its own (in another reused `Vec`). This is the inner loop of
/// `replace` and `restore`: a million lines must cost little more than
/// reading them.
pub struct LineReader<R> {
    input: R,
    /// The input's name, for read errors.
    name: String,
    /// The complete lines (each with its `\n`) the reader's buffer held
    /// when it was last looked at.
    batch: Batch,
    /// Where the next line of `batch` starts.
    at: usize,
    /// A line put together from two fills of the reader's buffer.
    buf: Vec<u8>,
    /// Whether the line last handed out ended with a newline.
    ended: bool,
    line: u32,
}

/// Lines taken from the reader's buffer at once.
enum Batch {
    /// All UTF-8, checked as a whole (the common case).
    Text(String),
    /// Holding some line that is not UTF-8: each line handed out is
    /// checked on its own.
    Bytes(Vec<u8>),
}

impl Batch {
    fn bytes(&self) -> &[u8] {
        match self {
            Batch::Text(t) => t.as_bytes(),
            Batch::Bytes(b) => b,
        }
    }

    /// Make the batch `lines`, reusing its allocation.
    fn refill(&mut self, lines: &[u8]) {
        let mut v = match std::mem::replace(self, Batch::Bytes(Vec::new())) {
            Batch::Text(t) => t.into_bytes(),
            Batch::Bytes(b) => b,
        };
        v.clear();
        v.extend_from_slice(lines);
        *self = match String::from_utf8(v) {
            Ok(t) => Batch::Text(t),
            Err(e) => Batch::Bytes(e.into_bytes()),
        };
    }
}

/// Where the line to hand out lies.
enum Span {
    /// `start..end` of `batch`.
    Batch(usize, usize),
    /// `start..end` of `buf`.
    Own(usize, usize),
}

fn not_utf8() -> Error {
    Error::invalid("Syntax error: the line is not valid UTF-8")
}

impl<R: std::io::BufRead> LineReader<R> {
    /// Lines of `input`, which read errors call `name`.
    pub fn new(input: R, name: &str) -> Self {
        LineReader {
            input,
            name: name.to_string(),
            batch: Batch::Bytes(Vec::new()),
            at: 0,
            buf: Vec::new(),
            ended: true,
            line: 0,
        }
    }

    /// The next content line and its number; `None` at the end of the input.
    pub fn next_content(&mut self) -> Option<Result<(u32, &str), Error>> {
        Some(self.next_line()?.map(|(n, text, _)| (n, text)))
    }

    /// [`LineReader::next_content`], and whether the line ended with a
    /// newline (the last line of an input may not).
    pub fn next_line(&mut self) -> Option<Result<(u32, &str, bool), Error>> {
        let span = match self.next_span() {
            Ok(Some(span)) => span,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let (n, ended) = (self.line, self.ended);
        // `next_span` found the line UTF-8 and `start..end` within it. A
        // line of a batch checked as a whole is text already; any other (a
        // long line, or one of a batch that holds a line not UTF-8) is
        // checked once more here, so that the type says it is text: rare
        // lines, so this costs nothing measurable. Neither fails.
        let text = match span {
            Span::Batch(start, end) => match &self.batch {
                Batch::Text(t) => t.get(start..end),
                Batch::Bytes(b) => b.get(start..end).and_then(|b| std::str::from_utf8(b).ok()),
            },
            Span::Own(start, end) => self
                .buf
                .get(start..end)
                .and_then(|b| std::str::from_utf8(b).ok()),
        };
        Some(
            text.map(|t| (n, t, ended))
                .ok_or_else(|| not_utf8().at_line(n)),
        )
    }

    /// Find the next content line, trimmed; an error if it is not UTF-8.
    fn next_span(&mut self) -> Result<Option<Span>, Error> {
        loop {
            let batch = self.batch.bytes();
            if self.at < batch.len() {
                let start = self.at;
                let rest = &batch[start..];
                self.line = self.line.saturating_add(1);
                let n = self.line;
                // Every line of a batch has its `\n`.
                let (nl, ascii) = line_end(rest);
                let i = nl.unwrap_or(rest.len());
                if i > MAX_LINE {
                    return Err(too_long(&self.name, n));
                }
                self.at = start + i + 1;
                self.ended = true;
                let skip = bom_len(n, &rest[..i]);
                let span = content_span(&rest[skip..i], ascii).map_err(|e| e.at_line(n))?;
                if let Some((s, e)) = span {
                    let from = start + skip;
                    return Ok(Some(Span::Batch(from + s, from + e)));
                }
                continue;
            }
            // The batch is used up: take the complete lines the reader's
            // buffer holds now.
            let avail = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(&self.name, &e)),
            };
            if avail.is_empty() {
                return Ok(None);
            }
            if let Some(last) = avail.iter().rposition(|&c| c == b'\n') {
                self.batch.refill(&avail[..=last]);
                self.at = 0;
                self.input.consume(last + 1);
                continue;
            }
            // The line goes on past the buffer (or is the last, unended one).
            self.line = self.line.saturating_add(1);
            let n = self.line;
            self.read_long_line(n)?;
            self.ended = self.buf.last() == Some(&b'\n');
            let end = self.buf.len() - usize::from(self.ended);
            let skip = bom_len(n, &self.buf[..end]);
            let line = &self.buf[skip..end];
            if let Some((s, e)) = content_span(line, line.is_ascii()).map_err(|e| e.at_line(n))? {
                return Ok(Some(Span::Own(s + skip, e + skip)));
            }
        }
    }

    /// Put line `n`, which goes on past the reader's buffer, together in
    /// `buf` (with its `\n`, if it has one), reading no more than
    /// [`MAX_LINE`] bytes of it.
    fn read_long_line(&mut self, n: u32) -> Result<(), Error> {
        self.buf.clear();
        loop {
            let avail = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(&self.name, &e)),
            };
            if avail.is_empty() {
                return Ok(());
            }
            let nl = line_end(avail).0;
            let take = nl.map_or(avail.len(), |i| i + 1);
            if self.buf.len() + take > MAX_LINE + 1 {
                return Err(too_long(&self.name, n));
            }
            self.buf.extend_from_slice(&avail[..take]);
            self.input.consume(take);
            if nl.is_some() {
                return Ok(());
            }
        }
    }
}

/// How many bytes of a byte order mark start line `n` (only the first line has one).
fn bom_len(n: u32, line: &[u8]) -> usize {
    if n == 1 && line.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// Count the content lines of an input (as [`LineReader`] would hand them
/// out, and the lines it refuses as not UTF-8, which are entries gone
/// wrong rather than no entries): one fast pass, so that a
/// file can be sized for before anything is changed. A line longer than
/// [`MAX_LINE`] is the error the real read would give.
pub fn count_content_lines(mut input: impl std::io::BufRead, name: &str) -> Result<u64, Error> {
    let is_content = |n: u32, line: &[u8], ascii: bool| {
        let skip = bom_len(n, line);
        let ascii = if skip > 0 {
            line[skip..].is_ascii()
        } else {
            ascii
        };
        u64::from(!matches!(content_span(&line[skip..], ascii), Ok(None)))
    };
    let mut count = 0;
    let mut line = 0u32;
    let mut partial: Vec<u8> = Vec::new();
    loop {
        let avail = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(name, &e)),
        };
        if avail.is_empty() {
            break;
        }
        let mut rest = avail;
        // The end of a line begun in the previous fill.
        if !partial.is_empty() {
            match line_end(rest).0 {
                Some(i) => {
                    line = line.saturating_add(1);
                    if partial.len() + i > MAX_LINE {
                        return Err(too_long(name, line));
                    }
                    partial.extend_from_slice(&rest[..i]);
                    count += is_content(line, &partial, partial.is_ascii());
                    partial.clear();
                    rest = &rest[i + 1..];
                }
                None => {
                    if partial.len() + rest.len() > MAX_LINE {
                        return Err(too_long(name, line.saturating_add(1)));
                    }
                    partial.extend_from_slice(rest);
                    let used = avail.len();
                    input.consume(used);
                    continue;
                }
            }
        }
        while let (Some(i), ascii) = line_end(rest) {
            line = line.saturating_add(1);
            if i > MAX_LINE {
                return Err(too_long(name, line));
            }
            count += is_content(line, &rest[..i], ascii);
            rest = &rest[i + 1..];
        }
        // A line whose end is in a later fill.
        if rest.len() > MAX_LINE {
            return Err(too_long(name, line.saturating_add(1)));
        }
        partial.extend_from_slice(rest);
        let used = avail.len();
        input.consume(used);
    }
    if !partial.is_empty() {
        count += is_content(line.saturating_add(1), &partial, partial.is_ascii());
    }
    Ok(count)
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
#[inline(always)]
fn content_span(line: &[u8], ascii: bool) -> Result<Option<(usize, usize)>, Error> {
    // The common line needs no trimming: it is ASCII, starts with a visible
    // character and ends without `\r`.
    if ascii
        && let (Some(&first), Some(&last)) = (line.first(), line.last())
        && first.is_ascii_graphic()
        && last != b'\r'
    {
        return Ok((first != b'#').then_some((0, line.len())));
    }
    trimmed_span(line, ascii)
}

/// [`content_span`] of a line that may need trimming.
fn trimmed_span(line: &[u8], ascii: bool) -> Result<Option<(usize, usize)>, Error> {
    if !ascii {
        let text = std::str::from_utf8(line).map_err(|_| not_utf8())?;
        return Ok(content(text).map(|c| {
            let start = c.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + c.len())
        }));
    }
    // Trimmed as `content` trims text, without looking at it as text: the
    // whitespace of `char::is_whitespace` in ASCII is `\t` to `\r` and space.
    let end = line.len()
        - line
            .iter()
            .rev()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count();
    let start = line[..end]
        .iter()
        .position(|&c| !matches!(c, b'\t'..=b'\r' | b' '))
        .unwrap_or(end);
    Ok((start < end && line[start] != b'#').then_some((start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `input` as `LineReader` hands it out, read through a
    /// buffer of `cap` bytes (small ones make lines straddle fills).
    fn read_all(input: &[u8], cap: usize) -> Vec<Result<(u32, String), String>> {
        let mut r = LineReader::new(std::io::BufReader::with_capacity(cap, input), "test input");
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
        let pieces: [&[u8]; 13] = [
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
            b"\xef\xbb\xbf",
        ];
        for _ in 0..400 {
            let mut input = Vec::new();
            for _ in 0..(rng % 40) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                input.extend_from_slice(pieces[(rng % 13) as usize]);
            }
            let want = read_all(&input, 8192).len() as u64;
            for cap in [1, 3, 8, 16, 8192] {
                let got = count_content_lines(
                    std::io::BufReader::with_capacity(cap, &input[..]),
                    "test input",
                )
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

    /// A `BufRead` may hand out other bytes on each `fill_buf`: the line
    /// reader hands out each line from the one look that took it.
    #[test]
    fn line_reader_takes_each_line_from_one_look() {
        struct Fickle {
            looks: usize,
        }
        impl Read for Fickle {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Ok(0)
            }
        }
        impl BufRead for Fickle {
            fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
                self.looks += 1;
                Ok(match self.looks {
                    1 | 3 => b"10.0.0.1\n",
                    2 | 4 => b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\n",
                    _ => b"",
                })
            }
            fn consume(&mut self, _: usize) {}
        }
        let mut r = LineReader::new(Fickle { looks: 0 }, "test input");
        let mut got = Vec::new();
        while let Some(item) = r.next_content() {
            got.push(match item {
                Ok((n, text)) => Ok((n, text.to_string())),
                Err(e) => Err(format!("{}: {e}", e.line().unwrap_or(0))),
            });
        }
        assert_eq!(
            got,
            [
                Ok((1, "10.0.0.1".to_string())),
                Err("2: Syntax error: the line is not valid UTF-8".to_string()),
                Ok((3, "10.0.0.1".to_string())),
                Err("4: Syntax error: the line is not valid UTF-8".to_string()),
            ]
        );
    }

    /// ASCII lines are trimmed without being looked at as text: exactly
    /// as `content` trims them (every line of up to 6 of these bytes).
    #[test]
    fn ascii_lines_trim_as_content_does() {
        let alphabet = b" \t\x0b\x0c\r#a\x1c";
        let mut lines = vec![Vec::new()];
        let mut at = 0;
        while at < lines.len() {
            let line = lines[at].clone();
            at += 1;
            let text = std::str::from_utf8(&line).unwrap();
            let want = content(text).map(|c| {
                let start = c.as_ptr() as usize - text.as_ptr() as usize;
                (start, start + c.len())
            });
            assert_eq!(content_span(&line, true).unwrap(), want, "{text:?}");
            if line.len() < 6 {
                for &b in alphabet {
                    let mut l = line.clone();
                    l.push(b);
                    lines.push(l);
                }
            }
        }
    }

    #[test]
    fn words_and_quotes() {
        assert_eq!(
            split_words("add s 1.2.3.4 comment \"a b\"", true).unwrap(),
            ["add", "s", "1.2.3.4", "comment", "a b"]
        );
        assert_eq!(split_words("  a\t b  ", true).unwrap(), ["a", "b"]);
        assert_eq!(split_words("a \"\"", true).unwrap(), ["a"]);
        assert_eq!(split_words("a \"\" b", true).unwrap(), ["a", "b"]);
        assert!(split_words("\"\"", true).unwrap().is_empty());
        assert_eq!(split_words("a \"b c", true).unwrap(), ["a"]);
        assert_eq!(split_words("x\"y z\"", true).unwrap(), ["xy z"]);
        assert_eq!(content("  # x"), None);
        assert_eq!(content("\r\n"), None);
        assert_eq!(content(" 10.0.0.1\r\n"), Some("10.0.0.1"));
    }
}
