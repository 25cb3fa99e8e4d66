//! ipset's global options, taken out of a command line (or a restore line)
//! wherever they stand (`-exist`, `--exist`, `-o save`). The command name
//! left is matched in `command_table`.

use wiset::output::OutputMode;

use crate::cli::error::Error;

/// Options that apply to the whole run (ipset's "env options").
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub exist: bool,
    pub output: Option<OutputMode>,
    pub quiet: bool,
    pub resolve: bool,
    pub sorted: bool,
    pub names: bool,
    pub terse: bool,
    pub file: Option<String>,
    /// wiset's own: run inside `/run/netns/NAME`.
    pub netns: Option<String>,
    /// wiset's own: `--color auto|always|never` for tables.
    pub color: ColorWhen,
    /// The command is one of wiset's own (replace, `test --from`): `-quiet`
    /// hides its summaries, never its errors (cron mails stderr).
    pub own_command: bool,
    /// The exit code of an error, where the command's success codes leave
    /// 1 to mean something else (`test --from`: 1 is "none in the set").
    pub error_exit: Option<u8>,
}

/// When tables are coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set (and not empty).
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour output that goes to a terminal (`terminal`) or not.
    pub fn applies(self, terminal: bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

enum Global {
    Exist,
    Output,
    Quiet,
    Resolve,
    Sorted,
    Names,
    Terse,
    File,
    Netns,
    Color,
}

fn match_global(arg: &str) -> Option<Global> {
    // ipset: exact `-x` or `-long`; a second leading dash is accepted.
    let a = arg.strip_prefix("--").map(|r| format!("-{r}"));
    let a = a.as_deref().unwrap_or(arg);
    Some(match a {
        "-exist" | "-!" => Global::Exist,
        "-output" | "-o" => Global::Output,
        "-quiet" | "-q" => Global::Quiet,
        "-resolve" | "-r" => Global::Resolve,
        "-sorted" | "-s" => Global::Sorted,
        "-name" | "-n" => Global::Names,
        "-terse" | "-t" => Global::Terse,
        "-file" | "-f" => Global::File,
        "-netns" => Global::Netns,
        "-color" => Global::Color,
        _ => return None,
    })
}

/// Take the global options out of `args` (which excludes the program name).
pub fn split_globals(args: Vec<String>, g: &mut Globals) -> Result<Vec<String>, Error> {
    let mut rest = Vec::with_capacity(args.len());
    // wiset's own `--color=WHEN` is `--color WHEN`.
    let args: Vec<String> = args
        .into_iter()
        .flat_map(|a| match a.strip_prefix("--color=") {
            Some(v) => vec!["--color".to_string(), v.to_string()],
            None => vec![a],
        })
        .collect();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(opt) = match_global(&arg) else {
            rest.push(arg);
            continue;
        };
        let mut value = || {
            it.next()
                .ok_or_else(|| Error::usage(format!("Missing mandatory argument to option {arg}")))
        };
        match opt {
            Global::Exist => g.exist = true,
            Global::Quiet => g.quiet = true,
            Global::Resolve => g.resolve = true,
            Global::Sorted => g.sorted = true,
            Global::Names => g.names = true,
            Global::Terse => g.terse = true,
            Global::File => g.file = Some(value()?),
            Global::Netns => g.netns = Some(value()?),
            Global::Color => {
                let v = value()?;
                g.color = match v.as_str() {
                    "auto" => ColorWhen::Auto,
                    "always" => ColorWhen::Always,
                    "never" => ColorWhen::Never,
                    _ => {
                        return Err(Error::usage(format!(
                            "--color takes auto, always or never, not '{v}'"
                        )));
                    }
                };
            }
            Global::Output => {
                let v = value()?;
                g.output = Some(OutputMode::parse(&v).ok_or_else(|| {
                    Error::invalid(format!("Syntax error: unknown output mode '{v}'"))
                })?);
            }
        }
    }
    Ok(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globals_anywhere() {
        let mut g = Globals::default();
        let rest = split_globals(
            ["add", "s", "1.2.3.4", "-exist", "--o", "save", "-!"]
                .map(String::from)
                .to_vec(),
            &mut g,
        )
        .unwrap();
        assert_eq!(rest, ["add", "s", "1.2.3.4"]);
        assert!(g.exist);
        assert_eq!(g.output, Some(OutputMode::Save));
    }
}
