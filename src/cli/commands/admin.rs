//! destroy, flush, rename, swap, version.

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

pub fn destroy(ctx: &mut Ctx, name: Option<&str>) -> Result<Outcome, Error> {
    if let Some(n) = name {
        check_setname(n)?;
    }
    let exist = ctx.g.exist;
    ctx.session()?.destroy(name, super::ctx::exist(exist))?;
    Ok(Outcome::Success)
}

pub fn flush(ctx: &mut Ctx, name: Option<&str>) -> Result<Outcome, Error> {
    if let Some(n) = name {
        check_setname(n)?;
    }
    ctx.session()?.flush(name)?;
    Ok(Outcome::Success)
}

pub fn rename(ctx: &mut Ctx, from: &str, to: &str) -> Result<Outcome, Error> {
    check_setname(from)?;
    check_setname(to)?;
    ctx.session()?.rename(from, to)?;
    Ok(Outcome::Success)
}

pub fn swap(ctx: &mut Ctx, a: &str, b: &str) -> Result<Outcome, Error> {
    check_setname(a)?;
    check_setname(b)?;
    ctx.session()?.swap(a, b)?;
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
