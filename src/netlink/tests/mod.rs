//! Byte round-trip tests of the ipset codec against what ipset 7.17 and the
//! kernel really sent (`captures/`), in the style of netlink-packet-route's
//! tests: parse the captured payload, emit the value, compare the bytes.
//! The captures (and the hand-written bytes) have little-endian nlattr headers.
#![cfg(target_endian = "little")]

mod capture_list;
mod commands;
mod fixture;
mod robust;
mod set_types;
mod unsupported;
