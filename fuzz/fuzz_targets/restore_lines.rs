//! `cargo +nightly fuzz run restore_lines`: see src/cli/fuzz.rs, restore_lines. The command
//! line is part of the wiset binary, so it is compiled in here by path.
#![no_main]
#![allow(dead_code)]

#[path = "../../src/cli/mod.rs"]
mod cli;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cli::fuzz::restore_lines(data));
