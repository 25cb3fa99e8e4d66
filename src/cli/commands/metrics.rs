//! `metrics [SET...]`: the sets in Prometheus text exposition
//! (`output::prometheus`), for node_exporter's textfile collector.

use std::io::Write;

use wiset::output::prometheus::Metrics;
use wiset::set::{Dump, ListDetail};

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

pub fn run(
    ctx: &mut Ctx,
    sets: &[String],
    max_entries: usize,
    write: Option<&str>,
) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    for s in sets {
        check_setname(s)?;
    }
    let s = ctx.session()?;
    let mut metrics = Metrics::new(max_entries);
    if sets.is_empty() {
        s.list(None, ListDetail::Header, Dump::List, &mut metrics)?;
    } else {
        for name in sets {
            s.list(Some(name), ListDetail::Header, Dump::List, &mut metrics)?;
        }
    }
    for name in metrics.needs_entries() {
        s.list(
            Some(&name),
            ListDetail::Full,
            Dump::List,
            &mut metrics.counters_of(&name),
        )?;
    }
    let mut text = Vec::new();
    metrics.write(&mut text)?;
    match write {
        None => std::io::stdout().lock().write_all(&text)?,
        Some(path) => write_atomically(path, &text)?,
    }
    Ok(Outcome::Success)
}

/// Write `path` through a temp file beside it, renamed into place: a
/// reader sees the old file or the new one, never half of one.
fn write_atomically(path: &str, text: &[u8]) -> Result<(), Error> {
    let temp = format!("{path}.{}.tmp", std::process::id());
    let failed = |what: &str, e: std::io::Error| {
        Error::invalid(format!(
            "Cannot {what} {path}: {}",
            wiset::sys::strerror(e.raw_os_error().unwrap_or(0))
        ))
    };
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(text)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(failed("write", e));
    }
    Ok(())
}
