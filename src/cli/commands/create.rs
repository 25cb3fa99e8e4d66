//! create SETNAME TYPENAME [OPTIONS]

use wiset::netlink::IPSET_MAXNAMELEN;
use wiset::set::{SetType, WiSet};
use wiset::text::parse_create;

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

/// The set described by a create command line (also used by restore and replace).
pub fn parse(
    name: &str,
    typename: &str,
    options: &[String],
) -> Result<(WiSet, Vec<String>), Error> {
    check_setname(name)?;
    if typename.len() > IPSET_MAXNAMELEN {
        return Err(Error::invalid(format!(
            "Syntax error: typename '{typename}' is longer than {IPSET_MAXNAMELEN} characters"
        )));
    }
    let t = SetType::from_name(typename)
        .ok_or_else(|| Error::invalid(format!("Syntax error: typename '{typename}' is unknown")))?;
    let (family, opts, warnings) = parse_create(t, options).map_err(Error::options)?;
    let mut set = WiSet::new(name, t);
    set.family = family;
    set.options = opts;
    Ok((set, warnings))
}

/// A create line of restore input (`SETNAME TYPENAME [OPTIONS]`), its
/// warnings printed unless `-quiet`.
pub fn from_line(g: &crate::cli::compat::Globals, args: &[String]) -> Result<WiSet, Error> {
    let (set, warnings) = parse(&args[0], &args[1], &args[2..])?;
    if !g.quiet {
        for w in &warnings {
            eprintln!("{w}");
        }
    }
    Ok(set)
}

pub fn run(
    ctx: &mut Ctx,
    name: &str,
    typename: &str,
    options: &[String],
) -> Result<Outcome, Error> {
    let (set, warnings) = parse(name, typename, options)?;
    for w in &warnings {
        ctx.notice(w);
    }
    let exist = ctx.g.exist;
    let s = ctx.session()?;
    s.create(&set, super::ctx::exist(exist))
        .map_err(|e| crate::cli::hints::for_create(s, &set, e))?;
    Ok(Outcome::Success)
}
