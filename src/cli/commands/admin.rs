//! destroy, flush, rename, swap, version.

use std::time::Duration;

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

/// `wait`: retry while the kernel says the set is in use (`--wait`).
pub fn destroy(
    ctx: &mut Ctx,
    name: Option<&str>,
    wait: Option<Duration>,
) -> Result<Outcome, Error> {
    if let Some(n) = name {
        check_setname(n)?;
    }
    let exist = super::ctx::exist(ctx.g.exist);
    let s = ctx.session()?;
    s.while_in_use(wait.unwrap_or_default(), |s| s.destroy(name, exist))?;
    Ok(Outcome::Success)
}

pub fn flush(ctx: &mut Ctx, name: Option<&str>) -> Result<Outcome, Error> {
    if let Some(n) = name {
        check_setname(n)?;
    }
    ctx.session()?.flush(name)?;
    Ok(Outcome::Success)
}

pub fn rename(
    ctx: &mut Ctx,
    from: &str,
    to: &str,
    wait: Option<Duration>,
) -> Result<Outcome, Error> {
    check_setname(from)?;
    check_setname(to)?;
    let s = ctx.session()?;
    s.while_in_use(wait.unwrap_or_default(), |s| s.rename(from, to))?;
    Ok(Outcome::Success)
}

pub fn swap(ctx: &mut Ctx, a: &str, b: &str, wait: Option<Duration>) -> Result<Outcome, Error> {
    check_setname(a)?;
    check_setname(b)?;
    let s = ctx.session()?;
    s.while_in_use(wait.unwrap_or_default(), |s| s.swap(a, b))?;
    Ok(Outcome::Success)
}

pub fn version(ctx: &mut Ctx) -> Result<Outcome, Error> {
    let (_, max) = ctx.session()?.kernel_protocol();
    println!(
        "wiset v{}, protocol version: {max}",
        env!("CARGO_PKG_VERSION")
    );
    Ok(Outcome::Success)
}
