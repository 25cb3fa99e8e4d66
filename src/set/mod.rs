//! The WiSet layer: knows sets and the kernel, not bytes and not people.
//!
//! | file | job |
//! |---|---|
//! | `session` | the socket and single requests |
//! | `bulk` | batched ADD/DEL, pipelined TEST |
//! | `listing` | listings streamed into sinks; loads |
//! | `replace` | atomic replace through a temp set |
//! | `diff` | in-place update (`update_content`, `replace --diff`) with rollback |
//! | `alter` | new create options for a live set, entries and stats kept |
//! | `transaction` | several sets changed all-or-nothing (`restore --atomic`) |
//! | `check` | a dry run answered as the kernel would (`restore --check`) |
//! | `find` | which sets hold an address (`find`) |
//! | `canonical` | elements as the kernel stores them, compared without it |
//! | `keys` | many keys held compactly and found by hash (`--diff`) |
//! | `content` | a loaded set's entries, looked up by element |
//! | `entry`, `header`, `set_type` | entries, set descriptions, the set types |
//! | `lock`, `guard`, `cancel` | one writer per set, refusals, stopping |
//! | `netns` | named network namespaces |
//! | `error`, `kernel_error` | what went wrong; the kernel's answers in ipset's words |

mod alter;
mod bulk;
mod cancel;
pub(crate) mod canonical;
mod check;
mod content;
mod diff;
mod entry;
mod error;
mod find;
mod guard;
mod header;
pub(crate) mod kernel_error;
mod keys;
pub(crate) mod listing;
mod lock;
mod netns;
mod replace;
mod session;
mod set_type;
mod temp;
mod transaction;

pub use alter::AlterStats;
pub use bulk::{AdtOp, AdtPipe, AdtWriter, BatchStats};
pub use cancel::Cancel;
pub use check::Checker;
pub use content::Content;
pub use diff::{DiffPlan, UpdateStats};
pub use entry::{BulkItem, Element, Entry, EntryOptions, EntrySource, Family, Position};
pub use error::{Error, ErrorKind, Incomparable, Result, signal_name};
pub use find::{Finding, Verdict};
pub use guard::{Guards, Refusal};
pub use header::{CreateOptions, Range, WiSet};
pub use listing::{Dump, ListDetail, ListSink, Load};
pub use lock::SetLock;
pub use netns::Netns;
pub use replace::{ReplaceOptions, ReplaceStats};
pub use session::{Exist, Session, SetHeader, Waits};
pub use set_type::{CreateOption, EntryOption, FamilyKind, Part, SetType};
pub use transaction::{CommitStats, Transaction};
