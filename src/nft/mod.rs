//! nftables: ipset's sets as nft sets.
//!
//! Two dialects of one job, both pure text (the CLI reads the input and
//! prints):
//!
//! | file | job |
//! |---|---|
//! | `types` | the nft data types of each set type's entries, and how rules match them |
//! | `ipset_translate` | ipset 7.17's `ipset-translate`: one nft command per restore line, byte for byte as it prints them |
//! | `script` | live sets (or a save file) as one nft script that `nft -f` loads in one transaction and that matches what the sets match |
//! | `partition` | overlapping and nested networks (and `nomatch` exceptions) resolved as the kernel matches them: most specific entry first |

mod ipset_translate;
mod partition;
mod script;
mod types;

pub use ipset_translate::IpsetTranslate;
pub use script::{
    Refusal, Script, ScriptOptions, SetTranslation, TableFamily, Translated, is_nft_name,
};
pub use types::{nft_type, rule_match};
