//! wiset: manage Linux kernel ipsets from Rust.
//!
//! Three layers, each in its own module:
//!
//! | module | knows | ipset(8) equivalent |
//! |---|---|---|
//! | [`netlink`] | bytes: the ipset netlink protocol (v6/v7), one socket per run | what libipset sends |
//! | [`set`] | sets: [`Session`](set::Session), [`WiSet`](set::WiSet), [`Entry`](set::Entry), typed [`Error`](set::Error) | `create`, `add`, `del`, `test`, `list`, `swap`, ... |
//! | [`output`] | formats: ipset's plain, save and xml; JSON; tables | `ipset list -o ...` |
//!
//! The [`set`] layer is the Rust counterpart of pyroute2's `WiSet`: create,
//! destroy, flush, rename, swap, add, delete, test, `test_list` (pipelined),
//! `insert_list` (batched), content with per-entry stats, `load_ipset` and
//! `load_all_ipsets`, all over one shared [`Session`](set::Session).
//!
//! ```no_run
//! use wiset::set::{Element, Entry, Session, SetType, WiSet};
//!
//! let mut s = Session::open()?;
//! let mut set = WiSet::new("blocklist", SetType::HashNet);
//! set.options.counters = true;
//! set.options.comment = true;
//! s.create(&set, true)?; // like `ipset -exist create blocklist hash:net counters comment`
//!
//! let mut entry = Entry::new(Element { ip: Some("192.0.2.0".parse()?), cidr: Some(24), ..Default::default() });
//! entry.opts.comment = Some("TEST-NET-1".into());
//! s.add("blocklist", &entry, false)?;
//! assert!(s.test("blocklist", &entry)?);
//!
//! // Content with per-entry stats (packets, bytes, comment, timeout, ...).
//! let loaded = s.load_ipset("blocklist", true)?.expect("the set exists");
//! for e in loaded.content.as_deref().unwrap_or_default() {
//!     println!("{:?} packets={:?} comment={:?}", e.elem.ip, e.opts.packets, e.opts.comment);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors carry the kernel's ipset errno, the failing input line and ipset's text:
//!
//! ```no_run
//! use wiset::set::{Element, Entry, Error, Session};
//!
//! let mut s = Session::open()?;
//! let e = Entry::new(Element { ip: Some("10.0.0.1".parse()?), ..Default::default() });
//! match s.add("nosuchset", &e, false) {
//!     Err(Error::Kernel { errno, message, .. }) => {
//!         assert_eq!(errno, libc::ENOENT);
//!         assert_eq!(message, "The set with the given name does not exist");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

#[cfg(any(fuzzing, test))]
#[doc(hidden)]
pub mod fuzz;
pub mod netlink;
pub mod output;
pub mod set;
// Public only for the wiset binary; not part of the library's API.
#[doc(hidden)]
pub mod sys;

pub use set::{Entry, Error, Session, WiSet};
