//! list and save, in every output format, streamed.

use std::io::Write;
use std::os::fd::AsFd;

use wiset::output::{OutputMode, Renderer};
use wiset::set::{Dump, ListDetail};

use super::ctx::{Ctx, check_setname, stdout_is_terminal};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

pub fn run(ctx: &mut Ctx, name: Option<&str>, save: bool) -> Result<Outcome, Error> {
    if let Some(n) = name {
        check_setname(n)?;
    }
    let mode = match ctx.g.output {
        Some(m) => m,
        None if save => OutputMode::Save,
        None if ctx.g.file.is_none() && stdout_is_terminal() => OutputMode::Table,
        None => OutputMode::Plain,
    };
    let detail = if ctx.g.names {
        ListDetail::Names
    } else if ctx.g.terse {
        ListDetail::Header
    } else {
        ListDetail::Full
    };
    // ipset sends -name/-terse only in list mode; the save format shows everything.
    let detail = if mode == OutputMode::Save {
        ListDetail::Full
    } else {
        detail
    };
    let sorted = ctx.g.sorted;
    let out: Box<dyn Write> = match &ctx.g.file {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| {
            Error::invalid(format!(
                "Cannot open {path} for writing: {}",
                wiset::sys::strerror(e.raw_os_error().unwrap_or(0))
            ))
        })?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut r = Renderer::new(
        std::io::BufWriter::with_capacity(64 * 1024, out),
        mode,
        detail,
        sorted,
    )
    .resolving(ctx.g.resolve)
    .table_width(table_width(ctx))
    .colored(
        ctx.g
            .color
            .applies(ctx.g.file.is_none() && stdout_is_terminal()),
    );
    let dump = if save { Dump::Save } else { Dump::List };
    ctx.session()?.list(name, detail, dump, &mut r)?;
    r.finish()?;
    Ok(Outcome::Success)
}

/// The width tables fit: the terminal's on standard output, unless the
/// output goes to a file.
pub(super) fn table_width(ctx: &Ctx) -> Option<u16> {
    if ctx.g.file.is_some() {
        return None;
    }
    wiset::sys::terminal_columns(std::io::stdout().as_fd())
}
