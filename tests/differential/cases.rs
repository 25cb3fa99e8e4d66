//! The shape of a differential case and a small builder for the tables.

/// What ipset(8) must do at a step (a check of the table itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Run ipset(8) in both namespaces; must succeed; nothing compared.
    Setup,
    /// Compared; ipset(8) must exit 0.
    Ok,
    /// Compared; ipset(8) must exit non-zero and leave the state as it was
    /// (and so must wiset).
    Fails,
    /// Compared; any exit code (`test` misses, restore errors that already
    /// applied earlier lines, ...).
    Any,
}

/// One command line, run by both programs.
#[derive(Debug, Clone)]
pub struct Step {
    pub argv: Vec<String>,
    pub stdin: Option<String>,
    pub expect: Expect,
    /// Compare stdout byte for byte (no member sorting): for list:set
    /// member order, which is the user's order, not a hash order.
    pub exact: bool,
}

/// A named list of steps, run in two fresh namespaces.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub steps: Vec<Step>,
    /// A documented difference: where wiset deliberately does otherwise, or a
    /// gap tracked by an open issue. The case must still differ (a case that
    /// starts to match fails, so the mark is removed), and its differences are
    /// printed.
    pub differs: Option<&'static str>,
}

/// Split a command line as a shell would for simple lines: whitespace
/// separates words; '...' and "..." group (the quotes are removed, nothing
/// is special inside them); `''` is an empty word.
pub fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    cur.push(d);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

pub fn case(name: impl Into<String>) -> Case {
    Case {
        name: name.into(),
        steps: Vec::new(),
        differs: None,
    }
}

impl Case {
    /// Mark a documented difference (see `Case::differs`).
    pub fn differs(mut self, why: &'static str) -> Self {
        self.differs = Some(why);
        self
    }

    fn push(mut self, argv: Vec<String>, stdin: Option<String>, expect: Expect) -> Self {
        self.steps.push(Step {
            argv,
            stdin,
            expect,
            exact: false,
        });
        self
    }

    /// ipset(8) in both namespaces, before the compared steps.
    pub fn setup(self, line: &str) -> Self {
        self.push(words(line), None, Expect::Setup)
    }

    /// Several setup lines at once.
    pub fn setups(mut self, lines: &[&str]) -> Self {
        for l in lines {
            self = self.setup(l);
        }
        self
    }

    /// A compared step ipset(8) accepts.
    pub fn ok(self, line: &str) -> Self {
        self.push(words(line), None, Expect::Ok)
    }

    /// A compared step ipset(8) rejects without changing anything.
    pub fn fails(self, line: &str) -> Self {
        self.push(words(line), None, Expect::Fails)
    }

    /// A compared step with any outcome.
    pub fn any(self, line: &str) -> Self {
        self.push(words(line), None, Expect::Any)
    }

    /// A compared step given as argv words (for arguments a line cannot
    /// spell).
    pub fn argv(self, argv: &[&str], expect: Expect) -> Self {
        self.push(argv.iter().map(|s| s.to_string()).collect(), None, expect)
    }

    /// A compared step whose stdout is compared exactly (list:set order).
    pub fn exact(mut self, line: &str) -> Self {
        self = self.push(words(line), None, Expect::Ok);
        self.steps.last_mut().expect("just pushed").exact = true;
        self
    }

    /// A compared `restore` (with `args` after the command name) reading
    /// `input` on stdin.
    pub fn restore(self, args: &str, input: &str, expect: Expect) -> Self {
        let mut argv = vec!["restore".to_string()];
        argv.extend(words(args));
        self.push(argv, Some(input.to_string()), expect)
    }

    /// The usual read-only look at everything: plain list, terse list,
    /// names, save, sorted (compared exactly), xml (sorted too). Only for cases whose hash
    /// sets all have a fixed initval (so their member order is the same in
    /// both namespaces).
    pub fn look(self) -> Self {
        self.ok("list -o plain")
            .ok("list -t -o plain")
            .ok("list -n")
            .ok("save")
            .exact("list -s -o plain")
            .exact("list -o xml")
            .exact("list -s -o xml")
            .exact("list -t -o xml")
    }
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            words(r#"add s 1.1.1.1 comment "a b" x '' 'q"q'"#),
            ["add", "s", "1.1.1.1", "comment", "a b", "x", "", "q\"q"]
        );
    }
}
