//! `cargo +nightly fuzz run argv`: see src/cli/fuzz.rs, argv. The command
//! line is part of the wiset binary, so it is compiled in here by path.
#![no_main]
#![allow(dead_code)]

#[path = "../../src/cli/mod.rs"]
mod cli;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cli::fuzz::argv(data));
