//! help, and the generated assets: shell completions and the man page.

use clap::CommandFactory;
use wiset::set::{Error, FamilyKind, SetType};

use crate::cli::{Cli, Outcome};

pub fn help(typename: Option<&str>) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    match typename {
        None => {
            cmd.print_long_help()?;
            let mut types = String::from("\nSupported set types:\n");
            for t in SetType::ALL {
                types.push_str(&format!("    {:<20}{}\n", t.name(), t.revisions().end()));
            }
            print!("{types}");
            Ok(Outcome::Success)
        }
        Some(name) => {
            let Some(t) = SetType::from_name(name) else {
                // As ipset: the general help on stdout, then the error.
                cmd.print_long_help()?;
                return Err(Error::usage(format!("Unknown settype: `{name}'")));
            };
            println!("\n{} type specific options:\n", t.name());
            let create: Vec<&str> = t.create_options().iter().map(|o| o.keyword()).collect();
            let add: Vec<&str> = t.entry_options().iter().map(|o| o.keyword()).collect();
            let parts: Vec<String> = t
                .parts()
                .iter()
                .map(|p| format!("{p:?}").to_uppercase())
                .collect();
            println!("create SETNAME {} [{}]", t.name(), create.join("|"));
            println!("add    SETNAME {} [{}]", parts.join(","), add.join("|"));
            println!("del    SETNAME {}", parts.join(","));
            println!("test   SETNAME {}\n", parts.join(","));
            match t.family_kind() {
                FamilyKind::Both => println!("Type {} supports inet and inet6.", t.name()),
                FamilyKind::Neutral => println!("Type {} is family neutral.", t.name()),
                FamilyKind::InetOnly => println!("Type {} supports family inet only.", t.name()),
            }
            Ok(Outcome::Success)
        }
    }
}

/// Write the completion script for `shell` (the files in `completions/`).
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "wiset", &mut std::io::stdout());
    Ok(Outcome::Success)
}

/// Write the man page (the file `man/wiset.8`).
pub fn man() -> Result<Outcome, Error> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd).section("8");
    man.render(&mut std::io::stdout())?;
    Ok(Outcome::Success)
}
