//! The WiSet layer: knows sets, not bytes and not people.

pub mod cancel;
pub(crate) mod canonical;
pub mod diff;
pub mod entry;
pub mod error;
pub mod guard;
pub mod header;
pub mod lock;
pub mod replace;
pub mod session;
pub mod set_type;
mod temp;
mod wiset;

pub use cancel::Cancel;
pub use diff::{DiffPlan, UpdateStats};
pub use entry::{Element, Entry, EntryOptions, EntrySource, Family};
pub use error::{Error, Result};
pub use guard::{Guards, Refusal};
pub use header::{CreateOptions, Range, WiSet};
pub use lock::SetLock;
pub use replace::{ReplaceOptions, ReplaceStats};
pub use session::{AdtOp, AdtWriter, BatchStats, ListDetail, ListSink, Session, SetRef, Waits};
pub use set_type::{CreateOption, EntryOption, FamilyKind, Part, SetType};
pub use wiset::with_session;
