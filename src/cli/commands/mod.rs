//! One module per command; `run` dispatches. Commands talk to the kernel
//! through one lazily opened `Session` (in `ctx`, with the checks they share)
//! and print through `output`. Nothing here is imported back by a command.

mod admin;
pub(crate) mod adt;
mod alter;
mod assets;
mod check;
pub(crate) mod create;
pub(crate) mod ctx;
mod find;
mod info;
mod list;
mod metrics;
pub(crate) mod replace;
pub mod restore;
mod translate;

use wiset::set::{AdtOp, Netns};

use crate::cli::args::Command;
use crate::cli::compat::Globals;
use crate::cli::error::Error;
use crate::cli::report::Outcome;
use ctx::Ctx;

pub fn run(cmd: Command, g: &mut Globals) -> anyhow::Result<Outcome> {
    // Enter the namespace before anything else: threads started later (the
    // replace signal guard, inserters, dump readers) inherit it.
    if let Some(ns) = g.netns.clone() {
        enter_netns(&ns)?;
    }
    let mut ctx = Ctx::new(g);
    let out = match cmd {
        Command::Create {
            setname,
            typename,
            options,
            ..
        } => create::run(&mut ctx, &setname, &typename, &options),
        Command::Add {
            setname,
            entry,
            options,
            ..
        } => adt::add_del(&mut ctx, AdtOp::Add, &setname, &entry, &options),
        Command::Del {
            setname,
            entry,
            options,
            ..
        } => adt::add_del(&mut ctx, AdtOp::Del, &setname, &entry, &options),
        Command::Test {
            setname,
            entry: Some(entry),
            from: None,
            options,
        } => adt::test(&mut ctx, &setname, &entry, &options),
        Command::Test { setname, from, .. } => {
            adt::test_from(&mut ctx, &setname, from.as_deref().unwrap_or("-"))
        }
        Command::Destroy { setname, wait, .. } => {
            admin::destroy(&mut ctx, setname.as_deref(), wait)
        }
        Command::Flush { setname } => admin::flush(&mut ctx, setname.as_deref()),
        Command::Rename { from, to, wait } => admin::rename(&mut ctx, &from, &to, wait),
        Command::Swap { from, to, wait } => admin::swap(&mut ctx, &from, &to, wait),
        Command::List { setname, .. } => list::run(&mut ctx, setname.as_deref(), false),
        Command::Save { setname, .. } => list::run(&mut ctx, setname.as_deref(), true),
        Command::Restore(args) => restore::run(&mut ctx, &args),
        Command::Version { .. } => admin::version(&mut ctx),
        Command::Help { typename, .. } => assets::help(typename.as_deref()),
        Command::Replace(args) => replace::run(&mut ctx, &args),
        Command::Completions { shell } => assets::completions(shell),
        Command::Man => assets::man(),
        Command::Info { .. } => info::run(&mut ctx),
        Command::Metrics {
            sets,
            max_entries,
            write,
        } => metrics::run(&mut ctx, &sets, max_entries, write.as_deref()),
        Command::Alter { setname, options } => alter::run(&mut ctx, &setname, &options),
        Command::Find { address, sets, .. } => find::run(&mut ctx, &address, &sets),
        Command::Translate {
            sets,
            table,
            family,
        } => translate::run(&mut ctx, &sets, &table, &family),
        Command::IpsetTranslate { args } => return translate::ipset_translate(args, ctx.g),
    }?;
    Ok(out)
}

/// ipset-translate's command line (wiset installed under that name).
pub fn ipset_translate(argv: Vec<String>, g: &mut Globals) -> anyhow::Result<Outcome> {
    translate::ipset_translate(argv, g)
}

/// Move this thread into the network namespace `/run/netns/NAME`, as `ip -n`
/// does. It runs before any other thread of ours exists.
fn enter_netns(name: &str) -> Result<(), Error> {
    Ok(Netns::open(name)?.enter()?)
}
