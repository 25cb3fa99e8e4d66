//! `info`: what the kernel's ip_set speaks — its protocol versions, and
//! every set type with the revisions the kernel has beside those wiset
//! knows, and what each revision adds. A table on a terminal, plain lines
//! in a pipe, `-o json`.

use std::io::Write;

use serde_json::json;
use wiset::netlink::{IPSET_PROTOCOL, IPSET_PROTOCOL_MIN};
use wiset::output::OutputMode;
use wiset::output::table::new_table;
use wiset::set::SetType;

use super::ctx::{Ctx, text_mode};
use crate::cli::error::Error;
use crate::cli::help_text::revision_notes;
use crate::cli::report::Outcome;

/// One set type: the kernel's revisions (None: not in this kernel) and ours.
struct Row {
    t: SetType,
    kernel: Option<(u8, u8)>,
    ours: (u8, u8),
}

pub fn run(ctx: &mut Ctx) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    let mode = text_mode(ctx.g, "info")?;
    let s = ctx.session()?;
    let protocol = s.kernel_protocol();
    let mut rows = Vec::with_capacity(SetType::ALL.len());
    for t in SetType::ALL {
        let r = t.revisions();
        rows.push(Row {
            t,
            kernel: s.kernel_revisions(t)?,
            ours: (*r.start(), *r.end()),
        });
    }
    let width = super::list::table_width(ctx);
    let text = match mode {
        OutputMode::Json => json_text(protocol, &rows),
        OutputMode::Table => table_text(protocol, &rows, width),
        _ => plain_text(protocol, &rows),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

fn range((min, max): (u8, u8)) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min}-{max}")
    }
}

fn kernel_range(k: Option<(u8, u8)>) -> String {
    k.map_or_else(|| "none".to_string(), range)
}

/// One line per type, tab-separated: `TYPE kernel K wiset W`.
fn plain_text(protocol: (u8, u8), rows: &[Row]) -> String {
    let mut out = format!(
        "Protocol: kernel {}, wiset {}\n",
        range(protocol),
        range((IPSET_PROTOCOL_MIN, IPSET_PROTOCOL))
    );
    for r in rows {
        out.push_str(&format!(
            "{}\tkernel {}\twiset {}\n",
            r.t.name(),
            kernel_range(r.kernel),
            range(r.ours)
        ));
    }
    out
}

fn table_text(protocol: (u8, u8), rows: &[Row], width: Option<u16>) -> String {
    let mut t = new_table(width);
    t.set_header(["Type", "Kernel", "wiset", "Revisions (newest first)"]);
    for r in rows {
        let notes = match r.kernel {
            None => "not in this kernel (its module is not built or loaded)".to_string(),
            Some((_, kmax)) => revision_notes(r.t)
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let revision = usize::from(r.ours.1) - i;
                    let missing = if revision > usize::from(kmax) {
                        " (not in this kernel)"
                    } else {
                        ""
                    };
                    format!("{revision}: {n}{missing}")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        };
        t.add_row([
            r.t.name().to_string(),
            kernel_range(r.kernel),
            range(r.ours),
            notes,
        ]);
    }
    format!(
        "Protocol: kernel {}, wiset {}\n{t}\n",
        range(protocol),
        range((IPSET_PROTOCOL_MIN, IPSET_PROTOCOL))
    )
}

fn json_text(protocol: (u8, u8), rows: &[Row]) -> String {
    let span = |(min, max): (u8, u8)| json!({ "min": min, "max": max });
    let types: Vec<_> = rows
        .iter()
        .map(|r| {
            let top = usize::from(r.ours.1);
            let notes: Vec<_> = revision_notes(r.t)
                .iter()
                .enumerate()
                .map(|(i, n)| json!({ "revision": top - i, "adds": n }))
                .collect();
            json!({
                "type": r.t.name(),
                "kernel": r.kernel.map(span),
                "wiset": span(r.ours),
                "revisions": notes,
            })
        })
        .collect();
    let doc = json!({
        "protocol": {
            "kernel": span(protocol),
            "wiset": span((IPSET_PROTOCOL_MIN, IPSET_PROTOCOL)),
        },
        "types": types,
    });
    format!("{doc:#}\n")
}
