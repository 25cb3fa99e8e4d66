//! `wiset`: parse the command line, run, print the error once, exit.
//!
//! The binary starts at the C `main`, not Rust's: scripts start `wiset add`
//! by the thousand, and Rust's runtime set-up reads /proc/self/maps at
//! every start for a handler wiset does not need. `sys::start_process`
//! does the rest of what that set-up does (std reads argv itself).
#![cfg_attr(not(test), no_main)]

mod cli;

#[cfg(not(test))]
#[unsafe(no_mangle)] // the process's entry point, called by the C runtime
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    run()
}

// Under `cargo test` the harness has the entry point; this keeps the
// command line reachable there, as in the real binary.
#[cfg(test)]
fn main() {
    run();
}

fn run() -> ! {
    wiset::sys::start_process();
    // exit flushes stdout, as returning from Rust's main would.
    std::process::exit(cli::main().into())
}
