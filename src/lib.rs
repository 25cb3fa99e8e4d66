//! wiset: manage Linux kernel ipsets from Rust, with ipset(8)'s own text.
//!
//! ```standalone_crate
//! use std::net::Ipv4Addr;
//! use wiset::{Element, Exist, Load, Session, SetType, WiSet};
//! # // Run in a private network namespace: the example touches no host set.
//! # match wiset::sys::unshare_net() {
//! #     Ok(()) => {}
//! #     Err(_) if std::env::var_os("CI").is_none() => return Ok(()),
//! #     Err(e) => return Err(e.into()),
//! # }
//!
//! let mut s = Session::open()?; // or Session::open_in("blue"): /run/netns/blue
//! let mut set = WiSet::new("blocklist", SetType::HashNet);
//! (set.options.comment, set.options.counters) = (true, true);
//! s.create(&set, Exist::Ignore)?; // ipset -exist create blocklist hash:net comment counters
//! s.add("blocklist", &set.parse_entry("192.0.2.0/24 comment TEST-NET-1")?, Exist::Fail)?;
//! assert!(s.test("blocklist", &Element::ip(Ipv4Addr::new(192, 0, 2, 7)).into())?);
//!
//! let loaded = s.load_ipset("blocklist", Load::Content)?.expect("it exists");
//! for e in loaded.content.as_deref().unwrap_or_default() {
//!     println!("{} packets={:?}", loaded.display(e), e.opts.packets);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The API on one screen
//!
//! | to | call |
//! |---|---|
//! | talk to the kernel | [`Session::open`], [`Session::open_in`] (a named network namespace) |
//! | describe a set | [`WiSet::new`]`(name, `[`SetType`]`)`, its [`CreateOptions`](set::CreateOptions) in `.options` |
//! | make an entry | [`Element::ip`], [`Element::net`], [`Element::range`], [`Element::ip_port`], [`Element::set_name`], then [`Entry::from`], `.comment()`, `.timeout()`; or from text: [`WiSet::parse_entry`] |
//! | print an entry as ipset does | [`WiSet::display`] |
//! | one request | [`Session::create`], [`destroy`](Session::destroy), [`flush`](Session::flush), [`rename`](Session::rename), [`swap`](Session::swap), [`add`](Session::add), [`delete`](Session::delete), [`test`](Session::test) |
//! | many entries | [`Session::apply`] (any iterator of entries, batched), [`Session::test_list`] (pipelined) |
//! | change a whole set | [`Session::replace`] (atomic swap), [`Session::update_content`] (in place) |
//! | read sets | [`Session::load_ipset`], [`Session::load_all_ipsets`], [`Session::set_names`]; stream with [`Session::list`] into a [`ListSink`](set::ListSink) |
//! | look up an entry | [`Content::get`] on [`WiSet::content`] |
//! | stop on a signal | [`Cancel`](set::Cancel) with [`Session::set_cancel`] |
//! | what went wrong | [`Error`] and its [`kind`](Error::kind) ([`ErrorKind`](set::ErrorKind): no such set, exists, busy, full, ...; the kernel's errno, the set and ipset's text); [`text::SyntaxError`] for text; an [`EntrySource`](set::EntrySource) or [`ListSink`](set::ListSink) stops a call with [`Error::caller`] |
//!
//! `-exist` is [`Exist::Ignore`]; every other choice is an enum or an
//! options struct, never a bare `bool`.
//!
//! # From pyroute2's `WiSet`
//!
//! | pyroute2 | wiset |
//! |---|---|
//! | `WiSet(name=, attr_type=, ...)` | [`WiSet::new`], options in `.options` |
//! | `IPSet()` / `sock=` | [`Session::open`]: one socket, shared by every call |
//! | `create()` | [`Session::create`]`(&set, Exist::Fail)` |
//! | `destroy()` | [`Session::destroy`]`(Some(name), Exist::Fail)` |
//! | `flush()` | [`Session::flush`]`(Some(name))` |
//! | `add(entry, comment=, timeout=, ...)` | [`Session::add`]`(name, &entry, Exist::Fail)` |
//! | `delete(entry)` | [`Session::delete`] |
//! | `test(entry)` | [`Session::test`] |
//! | `test_list(entries)` | [`Session::test_list`] |
//! | `insert_list(entries)` | [`Session::apply`]`(AdtOp::Add, name, entries, Exist::Ignore)` |
//! | `content` (dict of `IPStats`) | [`WiSet::content`]: a [`Content`], [`Content::get`] by element; each [`Entry`] has packets, bytes, comment, timeout, skbmark (in `opts`) and physdev, wildcard (in `elem`) |
//! | `update_content(entries)` | [`Session::update_content`] |
//! | `replace_entries(entries)` | [`Session::replace`] |
//! | `WiSet.from_netlink(...)` / `load_ipset(name)` | [`Session::load_ipset`]`(name, Load::Content)` |
//! | `load_all_ipsets()` | [`Session::load_all_ipsets`] |
//!
//! # Layers
//!
//! | module | knows | ipset(8) equivalent |
//! |---|---|---|
//! | [`set`] | sets and the kernel: [`Session`], [`WiSet`], [`Entry`], typed [`Error`] | `create`, `add`, `del`, `test`, `list`, `swap`, ... |
//! | [`text`] | ipset's text language: element grammar, options, numbers, names, printing, `-sorted` order | what `ipset` parses and prints |
//! | [`output`] | formats: ipset's plain, save and xml; JSON; tables | `ipset list -o ...` |
//! | [`netlink`] | bytes: the ipset netlink protocol (v6/v7), the low-level layer | what libipset sends |
//!
//! The [`netlink`] codec is public as the low-level layer for those who
//! want the protocol itself; everything above is built on it, and a user of
//! sets never needs it.

#![warn(missing_docs)]

#[cfg(any(fuzzing, test))]
#[doc(hidden)]
pub mod fuzz;
pub mod netlink;
pub mod nft;
pub mod output;
pub mod set;
// Public only for the wiset binary; not part of the library's API.
#[doc(hidden)]
pub mod sys;
pub mod text;

pub use set::{AdtOp, Content, Element, Entry, Error, Exist, Load, Session, SetType, WiSet};
