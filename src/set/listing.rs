//! Listings: a set's header and members streamed from the kernel into a
//! sink, and the loads built on them (`load_ipset`, `load_all_ipsets`).

use crate::netlink::{DumpMessage, EntryAttr, IpsetAttr, IpsetCommand, SocketError, list_flags};

use super::error::{Error, Result};
use super::kernel_error::sock_err;
use super::session::{Session, SetHeader};
use super::{Content, Entry, Family, WiSet};

/// How much of each set a listing asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListDetail {
    /// Header and members.
    #[default]
    Full,
    /// Header only (`-terse`).
    Header,
    /// Names only (`-name`).
    Names,
}

/// Receives a listing as it streams from the kernel: memory stays flat
/// whatever the set sizes.
pub trait ListSink {
    /// A new set begins (header filled in, `content` None).
    fn set_begin(&mut self, set: &WiSet) -> Result<()>;
    /// Some members of the current set, in kernel order. The sink may take
    /// them (`append`, `drain`); whatever it leaves is cleared afterwards, and
    /// the vector's allocation is reused for the next chunk.
    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()>;
    /// The current set is complete.
    fn set_end(&mut self, set: &WiSet) -> Result<()>;
}

/// Takes a listing's members as the kernel's attributes, one at a time:
/// cheaper than [`Entry`] values for a sink that needs only a few fields of
/// each (`--diff` keys). Internal: the public interface is [`ListSink`].
pub(crate) trait AttrSink {
    /// One member of the listed set.
    fn entry_attrs(&mut self, set: &WiSet, attrs: &[EntryAttr]) -> Result<()>;
}

/// Where a listing goes: entries to a [`ListSink`], or attributes to an [`AttrSink`].
pub(crate) enum Target<'a> {
    Entries(&'a mut dyn ListSink),
    Attrs(&'a mut dyn AttrSink),
}

impl Target<'_> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        match self {
            Target::Entries(s) => s.set_begin(set),
            Target::Attrs(_) => Ok(()),
        }
    }
    fn set_end(&mut self, set: &WiSet) -> Result<()> {
        match self {
            Target::Entries(s) => s.set_end(set),
            Target::Attrs(_) => Ok(()),
        }
    }
}

/// How much of a set [`Session::load_ipset`] and [`Session::load_all_ipsets`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// The header: type, options, counts.
    Header,
    /// The header and every entry with its stats ([`WiSet::content`]).
    Content,
}

impl Load {
    /// What a listing asks the kernel for, to load this much.
    fn detail(self) -> ListDetail {
        match self {
            Load::Header => ListDetail::Header,
            Load::Content => ListDetail::Full,
        }
    }
}

/// Which dump command a listing sends: the replies are the same, but the
/// kernel (and `ipset monitor`) sees which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dump {
    /// `IPSET_CMD_LIST`, as `ipset list`.
    #[default]
    List,
    /// `IPSET_CMD_SAVE`, as `ipset save`.
    Save,
}

/// Merge one dump message into the set being listed: a message with a new
/// SETNAME starts a set (its first part carries the header), later parts of
/// the same set carry only members.
pub(crate) fn absorb(
    m: DumpMessage<'_>,
    current: &mut Option<WiSet>,
    chunk: &mut Vec<Entry>,
    sink: &mut Target<'_>,
) -> Result<()> {
    let mut name = None;
    let mut data = None;
    let mut set = WiSet::default();
    let mut has_header = false;
    for a in &m.attrs {
        match a {
            IpsetAttr::SetName(n) => name = Some(n.clone()),
            IpsetAttr::TypeName(t) => {
                set.type_name = t.clone();
                has_header = true;
            }
            IpsetAttr::Family(f) => set.family = Family::from_wire(*f),
            IpsetAttr::Revision(r) => set.revision = Some(*r),
            IpsetAttr::Index(i) => set.index = Some(*i),
            IpsetAttr::CreateData(d) => data = Some(d.clone()),
            _ => {}
        }
    }
    let name = name.ok_or_else(|| {
        Error::Socket(SocketError::Unexpected(
            "LIST message without set name".into(),
        ))
    })?;
    let same = current.as_ref().is_some_and(|c| c.name == name);
    if !same {
        if let Some(done) = current.take() {
            sink.set_end(&done)?;
        }
        set.name = name;
        if let Some(d) = data {
            set.apply_header(d);
        } else if has_header {
            return Err(Error::Socket(SocketError::Unexpected(
                "Broken LIST kernel message: missing DATA part!".into(),
            )));
        }
        sink.set_begin(&set)?;
        *current = Some(set);
    }
    chunk.clear();
    let cur = current.as_ref().expect("set begun");
    let mut one: Vec<EntryAttr> = Vec::with_capacity(4);
    for attrs in m.entries() {
        one.clear();
        for a in attrs.map_err(SocketError::from)? {
            one.push(a.map_err(SocketError::from)?);
        }
        match sink {
            Target::Attrs(s) => s.entry_attrs(cur, &one)?,
            Target::Entries(_) => chunk.push(Entry::from_attrs(one.drain(..))),
        }
    }
    if let Target::Entries(s) = sink
        && !chunk.is_empty()
    {
        s.entries(cur, chunk)?;
        chunk.clear();
    }
    Ok(())
}

/// A sink that keeps everything (for `load_*`).
struct Collect {
    sets: Vec<WiSet>,
    content: bool,
}

impl ListSink for Collect {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        let mut s = set.clone();
        if self.content {
            s.content = Some(Content::new(set, Vec::new()));
        }
        self.sets.push(s);
        Ok(())
    }
    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if let Some(c) = self.sets.last_mut().and_then(|s| s.content.as_mut()) {
            c.append(entries);
        }
        Ok(())
    }
    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
}

impl Session {
    /// Stream a listing of one set (or all) into `sink`.
    /// `save` sends IPSET_CMD_SAVE (whose replies are the same as LIST's).
    pub fn list(
        &mut self,
        name: Option<&str>,
        detail: ListDetail,
        dump: Dump,
        sink: &mut dyn ListSink,
    ) -> Result<()> {
        self.list_into(name, detail, dump == Dump::Save, Target::Entries(sink))
    }

    /// [`Session::list`] into either kind of sink.
    pub(crate) fn list_into(
        &mut self,
        name: Option<&str>,
        detail: ListDetail,
        save: bool,
        mut sink: Target<'_>,
    ) -> Result<()> {
        let mut attrs: Vec<IpsetAttr> = name
            .map(|n| IpsetAttr::SetName(n.into()))
            .into_iter()
            .collect();
        let flags = match detail {
            ListDetail::Full => 0,
            ListDetail::Header => list_flags::LIST_HEADER,
            ListDetail::Names => list_flags::LIST_SETNAME,
        };
        if flags != 0 && !save {
            attrs.push(IpsetAttr::Flags(flags));
        }
        let cmd = if save {
            IpsetCommand::Save
        } else {
            IpsetCommand::List
        };
        let msg = self.sock.message(cmd, attrs);
        let mut current: Option<WiSet> = None;
        let mut chunk: Vec<Entry> = Vec::new();
        let result = self
            .sock
            .dump(msg, |mtype: u16, payload: &[u8]| -> Result<()> {
                let m = DumpMessage::parse(mtype, payload).map_err(SocketError::from)?;
                absorb(m, &mut current, &mut chunk, &mut sink)
            });
        match result {
            Ok(()) => {
                if let Some(set) = current.take() {
                    sink.set_end(&set)?;
                }
                Ok(())
            }
            Err(Error::Socket(e)) => Err(sock_err(e, self.type_family_of(name), name)),
            Err(e) => Err(e),
        }
    }

    /// Load one set with its content (or only its header): `None` if it does not exist.
    pub fn load_ipset(&mut self, name: &str, load: Load) -> Result<Option<WiSet>> {
        let detail = load.detail();
        match self.load(Some(name), detail) {
            Ok(mut sets) => Ok(sets.pop()),
            Err(Error::Kernel {
                errno: libc::ENOENT,
                ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Load every set (with content, or headers only), optionally only those
    /// whose name starts with `prefix`.
    pub fn load_all_ipsets(&mut self, load: Load, prefix: Option<&str>) -> Result<Vec<WiSet>> {
        let detail = load.detail();
        let mut sets = self.load(None, detail)?;
        if let Some(p) = prefix {
            sets.retain(|s| s.name.starts_with(p));
        }
        Ok(sets)
    }

    /// The names of all sets. Cheaper than [`Session::load_all_ipsets`]
    /// without content: the kernel sends no headers, and computing a large
    /// hash set's header (its size in memory) walks all its entries.
    pub fn set_names(&mut self) -> Result<Vec<String>> {
        let mut c = Collect {
            sets: Vec::new(),
            content: false,
        };
        self.list(None, ListDetail::Names, Dump::List, &mut c)?;
        Ok(c.sets.into_iter().map(|s| s.name).collect())
    }

    fn load(&mut self, name: Option<&str>, detail: ListDetail) -> Result<Vec<WiSet>> {
        // A dump interrupted by a concurrent change is retried a few times.
        let mut attempt = 0;
        loop {
            let mut c = Collect {
                sets: Vec::new(),
                content: detail == ListDetail::Full,
            };
            match self.list(name, detail, Dump::List, &mut c) {
                Err(Error::Socket(SocketError::DumpInterrupted)) if attempt < 3 => attempt += 1,
                Err(e) => return Err(e),
                Ok(()) => {
                    for s in &c.sets {
                        if let Some(t) = s.revision {
                            self.headers.insert(
                                s.name.clone(),
                                SetHeader {
                                    name: s.name.clone(),
                                    type_name: s.type_name.clone(),
                                    family: s.family,
                                    revision: t,
                                },
                            );
                        }
                    }
                    return Ok(c.sets);
                }
            }
        }
    }
}
