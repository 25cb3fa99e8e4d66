//! `wiset`: parse the command line, run, print the error once, exit.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
