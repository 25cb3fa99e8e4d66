//! `alter SET OPTION...`: new create options for a live set, every entry
//! kept with its stats (`Session::alter`). The options are create's; an
//! extension is dropped with `nocounters`, `nocomment`, `noskbinfo`,
//! `noforceadd` or `notimeout`.

use wiset::set::CreateOptions;
use wiset::text::parse_create;

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

/// The words that drop an extension.
const DROPS: [&str; 5] = [
    "nocounters",
    "nocomment",
    "noskbinfo",
    "noforceadd",
    "notimeout",
];

pub fn run(ctx: &mut Ctx, name: &str, words: &[String]) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    check_setname(name)?;
    if words.is_empty() {
        return Err(Error::usage(format!(
            "alter needs the options to change, e.g. `wiset alter {name} maxelem 1000000`"
        )));
    }
    let keyword = |w: &String| w.strip_prefix("--").unwrap_or(w).to_string();
    let (drops, given): (Vec<String>, Vec<String>) = words
        .iter()
        .cloned()
        .partition(|w| DROPS.contains(&keyword(w).as_str()));
    if let Some(w) = given
        .iter()
        .find(|w| ["family", "-4", "-6", "initval"].contains(&keyword(w).as_str()))
    {
        return Err(Error::usage(format!(
            "alter cannot change `{w}': a set keeps its type and family (create another set and `wiset swap` them, if the type allows)"
        )));
    }
    let quiet = ctx.g.quiet;
    let s = ctx.session()?;
    let t = crate::cli::commands::adt::known_type(&s.header(name)?)?;
    let (_, parsed, warnings) = parse_create(t, &given).map_err(Error::options)?;
    if !quiet {
        for w in &warnings {
            eprintln!("{w}");
        }
    }
    let present: Vec<String> = given.iter().map(keyword).collect();
    let stats = s.alter(name, |options| {
        merge(options, &parsed, &present);
        for d in &drops {
            match keyword(d).as_str() {
                "nocounters" => options.counters = false,
                "nocomment" => options.comment = false,
                "noskbinfo" => options.skbinfo = false,
                "noforceadd" => options.forceadd = false,
                _ => options.timeout = None,
            }
        }
    })?;
    if let Some(temp) = stats.leftover {
        crate::cli::report::warn_leftover(&temp);
    }
    Ok(Outcome::Success)
}

/// The options named in `present` (create's keywords), taken from `parsed`.
fn merge(o: &mut CreateOptions, parsed: &CreateOptions, present: &[String]) {
    let has = |k: &str| present.iter().any(|p| p == k);
    if has("hashsize") {
        o.hashsize = parsed.hashsize;
    }
    if has("maxelem") {
        o.maxelem = parsed.maxelem;
    }
    if has("netmask") {
        o.netmask = parsed.netmask;
    }
    if has("bitmask") {
        o.bitmask = parsed.bitmask;
    }
    if has("markmask") {
        o.markmask = parsed.markmask;
    }
    if has("size") {
        o.size = parsed.size;
    }
    if has("timeout") {
        o.timeout = parsed.timeout;
    }
    if has("bucketsize") {
        o.bucketsize = parsed.bucketsize;
    }
    if has("range") || has("from") {
        o.range = parsed.range;
    }
    o.counters |= parsed.counters;
    o.comment |= parsed.comment;
    o.skbinfo |= parsed.skbinfo;
    o.forceadd |= parsed.forceadd;
}
