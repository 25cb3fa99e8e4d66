//! Link GCC's unwinder statically (libgcc_eh) in a dynamically linked glibc
//! build, instead of Rust's default of loading libgcc_s.so.1 at run time.
//!
//! Scripts start `wiset add` by the thousand, and every start of a
//! dynamically linked binary opens, maps and relocates each shared library
//! it needs: libgcc_s, needed only to unwind a panic, cost a 10,000-add
//! script a fifth of its time. libgcc_eh is the same unwinder as an archive
//! (the one Rust's static builds use), so wiset needs only libc.so.6.
//! Static builds (`-C target-feature=+crt-static`) and other targets link as
//! Rust links them.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let cfg = |name: &str| std::env::var(name).unwrap_or_default();
    let crt_static = cfg("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if cfg("CARGO_CFG_TARGET_OS") == "linux" && cfg("CARGO_CFG_TARGET_ENV") == "gnu" && !crt_static
    {
        // Before std's own `-lgcc_s` on the link line, so the unwinder's
        // symbols are found here, and `--as-needed` drops libgcc_s.
        println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
    }
}
