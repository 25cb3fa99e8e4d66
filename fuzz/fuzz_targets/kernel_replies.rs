//! `cargo +nightly fuzz run kernel_replies`: see wiset::fuzz::kernel_replies.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wiset::fuzz::kernel_replies(data));
