//! Prometheus text exposition (format 0.0.4) of sets: per set its entries,
//! maxelem, memory and references, and per entry its packet and byte
//! counters where the set has counters — for node_exporter's textfile
//! collector, so that nobody scrapes `ipset list` for them.
//!
//! Samples of one metric must come together, so what is printed is
//! collected first: the headers (a terse listing, [`Metrics`] as its sink),
//! then the counters of each set that has counters and at most
//! `max_entries` entries ([`Metrics::needs_entries`], one listing each into
//! [`Metrics::counters_of`]). A set with more exports only its own metrics,
//! and says so in a comment. Memory stays bounded by the cap.

use std::io::{self, Write};

use crate::set::{Entry, ListSink, Result, WiSet};

use super::fields::element;

/// One figure of a set's header, if it has it.
type SetFigure = fn(&WiSet) -> Option<u64>;

/// A [`ListSink`] that collects what [`Metrics::write`] prints.
#[derive(Debug)]
pub struct Metrics {
    max_entries: usize,
    sets: Vec<SetMetrics>,
}

#[derive(Debug)]
struct SetMetrics {
    head: WiSet,
    /// (element as ipset prints it, packets, bytes)
    counters: Vec<(String, u64, u64)>,
    /// More entries than the cap: no per-entry samples.
    over_cap: bool,
}

impl Metrics {
    /// Per-entry counters for sets of at most `max_entries` entries (0:
    /// none).
    pub fn new(max_entries: usize) -> Self {
        Metrics {
            max_entries,
            sets: Vec::new(),
        }
    }

    /// The exposition, every metric with its HELP and TYPE lines.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let per_set: [(&str, &str, SetFigure); 4] = [
            (
                "ipset_set_entries",
                "Entries in the set, as the kernel counts them.",
                |s| s.entries.map(u64::from),
            ),
            (
                "ipset_set_max_entries",
                "The set's maxelem: the most entries it may hold.",
                |s| s.options.maxelem.map(u64::from),
            ),
            (
                "ipset_set_memory_bytes",
                "Memory the kernel uses for the set.",
                |s| s.memsize.map(u64::from),
            ),
            (
                "ipset_set_references",
                "References to the set (iptables rules, list:sets).",
                |s| s.references.map(u64::from),
            ),
        ];
        for (name, help, value) in per_set {
            writeln!(out, "# HELP {name} {help}")?;
            writeln!(out, "# TYPE {name} gauge")?;
            for s in &self.sets {
                if let Some(v) = value(&s.head) {
                    writeln!(out, "{name}{{{}}} {v}", set_labels(&s.head))?;
                }
            }
        }
        for s in self.sets.iter().filter(|s| s.over_cap) {
            writeln!(
                out,
                "# set {}: {} entries, more than {}: per-entry counters not exported",
                escape(&s.head.name),
                s.head.entries.unwrap_or(0),
                self.max_entries
            )?;
        }
        let counters = [
            ("ipset_entry_packets_total", "Packets the entry matched.", 0),
            (
                "ipset_entry_bytes_total",
                "Bytes of the packets the entry matched.",
                1,
            ),
        ];
        if !self.sets.iter().any(|s| !s.counters.is_empty()) {
            return Ok(());
        }
        for (name, help, which) in counters {
            writeln!(out, "# HELP {name} {help}")?;
            writeln!(out, "# TYPE {name} counter")?;
            for s in &self.sets {
                for (elem, packets, bytes) in &s.counters {
                    let v = if which == 0 { packets } else { bytes };
                    writeln!(
                        out,
                        "{name}{{set=\"{}\",entry=\"{}\"}} {v}",
                        escape(&s.head.name),
                        escape(elem)
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn set_labels(s: &WiSet) -> String {
    format!(
        "set=\"{}\",type=\"{}\"",
        escape(&s.name),
        escape(&s.type_name)
    )
}

/// A label value as the text format wants it: backslash, double quote and
/// newline escaped.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

impl Metrics {
    /// The sets whose entries' counters are to be exported: with counters,
    /// and no more entries than the cap.
    pub fn needs_entries(&self) -> Vec<String> {
        self.sets
            .iter()
            .filter(|s| s.head.options.counters && !s.over_cap && self.max_entries > 0)
            .map(|s| s.head.name.clone())
            .collect()
    }

    /// A sink for the full listing of `set`, taking its entries' counters.
    pub fn counters_of<'a>(&'a mut self, set: &str) -> impl ListSink + 'a {
        let cap = self.max_entries;
        CountersSink {
            set: self.sets.iter_mut().find(|s| s.head.name == set),
            cap,
        }
    }
}

impl ListSink for Metrics {
    /// Headers: entries of a terse listing are not expected (and ignored).
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        let mut head = set.clone();
        head.content = None;
        let over_cap = set.options.counters && set.entries.unwrap_or(0) as usize > self.max_entries;
        self.sets.push(SetMetrics {
            head,
            counters: Vec::new(),
            over_cap,
        });
        Ok(())
    }

    fn entries(&mut self, _set: &WiSet, _entries: &mut Vec<Entry>) -> Result<()> {
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
}

struct CountersSink<'a> {
    set: Option<&'a mut SetMetrics>,
    cap: usize,
}

impl ListSink for CountersSink<'_> {
    fn set_begin(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }

    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        let Some(s) = self.set.as_deref_mut() else {
            return Ok(());
        };
        if s.over_cap {
            return Ok(());
        }
        let t = s.head.set_type();
        for e in entries.iter() {
            // (The set grew past the cap since its header was read.)
            if s.counters.len() >= self.cap {
                s.over_cap = true;
                s.counters.clear();
                return Ok(());
            }
            let mut text = String::new();
            element(&s.head, t, e, &mut text);
            s.counters
                .push((text, e.opts.packets.unwrap_or(0), e.opts.bytes.unwrap_or(0)));
        }
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(escape("x\ny"), "x\\ny");
    }
}
