//! The command line's errors: what went wrong (the library's error, a
//! syntax error of the text layer, or a message of its own), the input line
//! it belongs to, and ipset's rules for printing it — the `Error in line N: `
//! prefix of restore input, and the command-line structure class that exits
//! with 2 and adds the help hint.

use std::fmt;

use wiset::set;
use wiset::text::SyntaxError;

/// An error of the command line, with the input line it belongs to.
#[derive(Debug)]
pub struct Error {
    what: What,
    line: Option<u32>,
    /// wiset's explanation, printed after ipset's text when the program
    /// runs as wiset (installed as `ipset`, messages stay ipset's).
    hint: Option<String>,
}

#[derive(Debug)]
enum What {
    /// The library's error.
    Set(set::Error),
    /// An entry's syntax error: in restore input, ipset prefixes only some
    /// of its lines ([`restore_lines`]).
    Entry(SyntaxError),
    /// Message lines of the command line's own (or a syntax error of
    /// options and words); `usage`: ipset's command-line structure class.
    Message { lines: Vec<String>, usage: bool },
}

impl Error {
    /// An input error with ipset's text (exit 1).
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::message(vec![msg.into()], false)
    }

    /// A command-line structure error (exit 2, with the help hint).
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::message(vec![msg.into()], true)
    }

    fn message(lines: Vec<String>, usage: bool) -> Self {
        Error {
            what: What::Message { lines, usage },
            line: None,
            hint: None,
        }
    }

    /// A syntax error of keyword options or words: a misshapen one (an
    /// unknown keyword, a missing value, an open quote) is ipset's
    /// structure class.
    pub fn options(e: SyntaxError) -> Self {
        let usage = e.is_structure();
        Error::message(e.lines, usage)
    }

    /// An entry's syntax error: misshapen words are ipset's structure class;
    /// the rest are element errors, whose lines restore prefixes as ipset does.
    pub fn entry(e: SyntaxError) -> Self {
        if e.is_structure() {
            Error::options(e)
        } else {
            Error {
                what: What::Entry(e),
                line: None,
                hint: None,
            }
        }
    }

    /// Attach the input line this error belongs to (unless it has one). Of
    /// the library's errors only those about a request or an entry take
    /// one: a lock, a signal or a failed read is not a line's fault.
    pub fn at_line(mut self, n: u32) -> Self {
        let takes_line = match &self.what {
            What::Set(e) => matches!(
                e,
                set::Error::Kernel { .. }
                    | set::Error::Invalid { .. }
                    | set::Error::Caller { .. }
                    | set::Error::Unsupported(_)
                    | set::Error::Incomparable { .. }
            ),
            _ => true,
        };
        if takes_line && self.line().is_none() {
            self.line = Some(n);
        }
        self
    }

    /// In an input file every problem is a bad line (exit 1, line named),
    /// including those ipset calls command-line problems.
    pub fn bad_line(self, n: u32) -> Self {
        match self.what {
            What::Message { lines, .. } | What::Entry(SyntaxError { lines, .. }) => Error {
                what: What::Message {
                    lines,
                    usage: false,
                },
                line: Some(n),
                hint: self.hint,
            },
            What::Set(_) => self.at_line(n),
        }
    }

    /// A restore line's error, in a mode where every problem is a bad line
    /// (`restore --atomic`): exit 1 and the line named, structure errors
    /// included; entry errors keep restore's rules for which of their lines
    /// get the `Error in line N: ` prefix.
    pub fn bad_restore_line(self, n: u32) -> Self {
        match self.what {
            What::Message { .. } => self.bad_line(n),
            _ => self.at_line(n),
        }
    }

    /// The input line this error belongs to (the library's, for its errors
    /// that name one).
    pub fn line(&self) -> Option<u32> {
        match &self.what {
            What::Set(e) => e.line().or(self.line),
            _ => self.line,
        }
    }

    /// Add wiset's explanation (see [`Error::hint`]).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// wiset's explanation of the error, printed after ipset's text.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The library's error, when it is one.
    pub fn as_set(&self) -> Option<&set::Error> {
        match &self.what {
            What::Set(e) => Some(e),
            _ => None,
        }
    }

    /// Whether this is ipset's "command-line structure" class (exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(self.what, What::Message { usage: true, .. })
    }

    /// The message lines as ipset prints them, with `Error in line N: ` where
    /// ipset puts it.
    pub fn report_lines(&self) -> Vec<String> {
        match (&self.what, self.line()) {
            (What::Entry(e), Some(n)) => restore_lines(e, n),
            (_, Some(n)) if !self.is_usage() => {
                let mut lines: Vec<String> = self.to_string().lines().map(String::from).collect();
                if let Some(first) = lines.first_mut() {
                    first.insert_str(0, &format!("Error in line {n}: "));
                }
                lines
            }
            _ => self.to_string().lines().map(String::from).collect(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.what {
            What::Set(e) => e.fmt(f),
            What::Entry(e) => e.fmt(f),
            What::Message { lines, .. } => f.write_str(&lines.join("\n")),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.what {
            What::Set(e) => Some(e),
            _ => None,
        }
    }
}

impl From<set::Error> for Error {
    /// The library's error; one that the command line's own entry source
    /// gave the library comes back as it was.
    fn from(e: set::Error) -> Self {
        match e {
            set::Error::Caller { error, line, .. } if error.is::<Error>() => {
                let ours = match error.downcast::<Error>() {
                    Ok(ours) => *ours,
                    Err(_) => unreachable!("checked to be ours"),
                };
                match line {
                    Some(n) => ours.at_line(n),
                    None => ours,
                }
            }
            e => Error {
                what: What::Set(e),
                line: None,
                hint: None,
            },
        }
    }
}

impl From<Error> for set::Error {
    /// For the command line's entry sources: its error, passed through the
    /// library untouched.
    fn from(e: Error) -> Self {
        match e {
            Error {
                what: What::Set(inner),
                line: None,
                hint: None,
            } => inner,
            e => {
                let line = e.line();
                let wrapped = set::Error::caller(e);
                match line {
                    Some(n) => wrapped.at_line(n),
                    None => wrapped,
                }
            }
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        set::Error::Io(e).into()
    }
}

impl From<SyntaxError> for Error {
    /// A syntax error of options or words (see [`Error::options`]).
    fn from(e: SyntaxError) -> Self {
        Error::options(e)
    }
}

/// The lines as `ipset restore` prints them for input line `lineno`: ipset's own errors
/// get `Error in line N: `, while its warnings turned errors (the port-name attempts),
/// the `check_allowed` texts and the `There are ...` texts do not, and an ICMP family
/// error followed by other lines is not printed at all.
fn restore_lines(e: &SyntaxError, lineno: u32) -> Vec<String> {
    let n = e.lines.len();
    let port_tail = e
        .lines
        .last()
        .is_some_and(|l| l.starts_with("cannot parse '") && l.ends_with(" port"));
    let mut out = Vec::with_capacity(n);
    for (i, l) in e.lines.iter().enumerate() {
        let icmp_family = l.starts_with("Syntax error: Protocol ICMP")
            && l.contains(" can be used with family inet");
        if n > 1 && icmp_family {
            continue;
        }
        let number = l.starts_with("Syntax error: '")
            && (l.ends_with("' is invalid as number") || l.contains("' is out of range "));
        let plain = l.starts_with("There are ")
            || l.contains(" is not allowed in command ")
            || (port_tail && (i + 1 == n || number));
        if plain {
            out.push(l.clone());
        } else {
            out.push(format!("Error in line {lineno}: {l}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use wiset::set::{Family, SetType};
    use wiset::text::{ElemCmd, parse_element};

    use super::*;

    #[test]
    fn restore_prefixes_lines_as_ipset() {
        let lines = |t, f, c, s| restore_lines(&parse_element(s, t, f, c).unwrap_err(), 4);
        let (ipp, ipv4) = (SetType::HashIpPort, Family::Inet);
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,nope"),
            [
                "Syntax error: 'nope' is invalid as number",
                "Syntax error: 'tcp' is invalid as number",
                "cannot parse 'nope' as a tcp port"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,tcp:[a]-[b"),
            [
                "Error in line 4: Syntax error: cannot find closing escape character ']' in [b",
                "cannot parse '[b' as a tcp port"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,icmpv6:1/0"),
            ["Error in line 4: Invalid add command: missing setname"]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Test, "1.1.1.1/24,80"),
            [
                "IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1/33,80"),
            ["Error in line 4: Syntax error: '33' is out of range 0-32"]
        );
    }
}
