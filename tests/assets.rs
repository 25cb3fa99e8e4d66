//! The generated files kept in the repository must match what the binary
//! generates now: a changed command line without regenerated completions or
//! man page fails here.

use std::process::Command;

const WISET: &str = env!("CARGO_BIN_EXE_wiset");

fn generated(args: &[&str]) -> String {
    let out = Command::new(WISET).args(args).output().expect("run wiset");
    assert!(
        out.status.success(),
        "wiset {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn check(file: &str, args: &[&str]) {
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    let now = generated(args);
    assert!(
        kept == now,
        "{file} is stale: regenerate it with `cargo run -q -- {} > {file}`",
        args.join(" ")
    );
}

#[test]
fn completions_are_current() {
    for shell in ["bash", "zsh", "fish"] {
        check(
            &format!("completions/wiset.{shell}"),
            &["completions", shell],
        );
    }
}

#[test]
fn man_page_is_current() {
    check("man/wiset.8", &["man"]);
}
