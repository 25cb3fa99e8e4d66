//! The WiSet layer: knows sets, not bytes and not people.

mod bulk;
pub mod cancel;
pub(crate) mod canonical;
mod content;
pub mod diff;
pub mod entry;
pub mod error;
pub mod guard;
pub mod header;
pub(crate) mod listing;
pub mod lock;
pub mod replace;
pub mod session;
pub mod set_type;

pub use bulk::{AdtOp, AdtWriter, BatchStats};
pub use cancel::Cancel;
pub use content::Content;
pub use diff::{DiffPlan, UpdateStats};
pub use entry::{BulkItem, Element, Entry, EntryOptions, EntrySource, Family, Position};
pub use error::{Error, Result};
pub use guard::{Guards, Refusal};
pub use header::{CreateOptions, Range, WiSet};
pub use listing::{Dump, ListDetail, ListSink, Load};
pub use lock::SetLock;
pub use replace::{ReplaceOptions, ReplaceStats};
pub use session::{Exist, Session, SetRef, Waits};
pub use set_type::{CreateOption, EntryOption, FamilyKind, Part, SetType};
