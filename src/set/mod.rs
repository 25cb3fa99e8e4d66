//! The WiSet layer: knows sets, not bytes and not people.

mod canonical;
pub mod diff;
pub mod element_text;
pub mod entry;
pub mod error;
pub mod header;
pub mod replace;
pub mod session;
pub mod set_type;
mod wiset;

pub use diff::{DiffPlan, UpdateStats};
pub use entry::{Element, Entry, EntryOptions, EntrySource, Family};
pub use error::{Error, Result};
pub use header::{CreateOptions, Range, WiSet};
pub use replace::{ReplaceOptions, ReplaceStats};
pub use session::{AdtOp, AdtWriter, BatchStats, ListDetail, ListSink, Session, SetRef};
pub use set_type::{CreateOption, EntryOption, FamilyKind, Part, SetType};
pub use wiset::with_session;
