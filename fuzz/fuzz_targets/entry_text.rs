//! `cargo +nightly fuzz run entry_text`: see wiset::fuzz::entry_text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wiset::fuzz::entry_text(data));
