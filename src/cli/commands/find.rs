//! `find ADDRESS [SET...]`: which sets hold an address, and the entries
//! that cover it (`Session::find`). A table on a terminal, `SET ENTRY`
//! lines in a pipe, `-o json`. Exit 0 if a set matches it, 1 if none does,
//! 2 on an error (as grep), so that no failure reads as "in no set".

use std::io::Write;
use std::net::IpAddr;

use serde_json::json;
use wiset::output::OutputMode;
use wiset::output::table::new_table;
use wiset::set::{Finding, Verdict};

use super::ctx::{Ctx, check_setname, text_mode};
use crate::cli::error::Error;
use crate::cli::report::Outcome;

pub fn run(ctx: &mut Ctx, address: &str, sets: &[String]) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    ctx.g.error_exit = Some(2);
    let addr: IpAddr = address
        .parse()
        .map_err(|_| Error::usage(format!("find: '{address}' is not an IPv4 or IPv6 address")))?;
    for s in sets {
        check_setname(s)?;
    }
    let mode = text_mode(ctx.g, "find")?;
    let width = super::list::table_width(ctx);
    let names: Vec<&str> = sets.iter().map(String::as_str).collect();
    let found = ctx.session()?.find(addr, &names)?;
    let text = match mode {
        OutputMode::Json => json_text(&found),
        OutputMode::Table => table_text(&found, width),
        _ => plain_text(&found),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(if found.iter().any(Finding::matches) {
        Outcome::Success
    } else {
        Outcome::Miss
    })
}

fn verdict_word(v: &Verdict) -> &'static str {
    match v {
        Verdict::Matches => "matches",
        Verdict::Excluded => "excluded",
        Verdict::Through(_) => "through",
        _ => "depends",
    }
}

/// Each covering entry as `SET ENTRY`, the entry as ipset prints it.
fn plain_text(found: &[Finding]) -> String {
    let mut out = String::new();
    for f in found {
        for e in &f.entries {
            out.push_str(&format!("{} {}\n", f.set.name, f.set.display(e)));
        }
    }
    out
}

fn table_text(found: &[Finding], width: Option<u16>) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut t = new_table(width);
    t.set_header(["Set", "Type", "Entries", "Verdict"]);
    for f in found {
        let entries: Vec<String> = f
            .entries
            .iter()
            .map(|e| f.set.display(e).to_string())
            .collect();
        let verdict = match &f.verdict {
            Verdict::Matches => "matches".to_string(),
            Verdict::Excluded => "no match: the most specific entry is nomatch".to_string(),
            Verdict::Through(_) => "matches through its member".to_string(),
            _ => "covered: the other parts of the entry decide".to_string(),
        };
        t.add_row([
            f.set.name.clone(),
            f.set.type_name.clone(),
            entries.join("\n"),
            verdict,
        ]);
    }
    format!("{t}\n")
}

fn json_text(found: &[Finding]) -> String {
    let sets: Vec<_> = found
        .iter()
        .map(|f| {
            let entries: Vec<String> = f
                .entries
                .iter()
                .map(|e| f.set.display(e).to_string())
                .collect();
            json!({
                "set": f.set.name,
                "type": f.set.type_name,
                "verdict": verdict_word(&f.verdict),
                "entries": entries,
            })
        })
        .collect();
    format!("{:#}\n", serde_json::Value::Array(sets))
}
