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
    // It renders without a warning, and answers what a reader asks.
    let page = format!("{}/man/wiset.8", env!("CARGO_MANIFEST_DIR"));
    match Command::new("groff")
        .args(["-ww", "-z", "-man", &page])
        .output()
    {
        Ok(out) => assert!(
            out.status.success() && out.stderr.is_empty(),
            "groff -ww: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("SKIPPED groff: {e}"),
    }
    let text = std::fs::read_to_string(&page).unwrap();
    for section in [
        ".SH COMMANDS",
        ".SH ENTRIES",
        ".SH REPLACE INPUT",
        ".SH JSON",
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        ".SH SEE ALSO",
    ] {
        assert!(text.contains(section), "no {section}");
    }
    for command in ["replace", "find", "alter", "info", "metrics", "restore"] {
        assert!(text.contains(&format!(".SS \"{command}")), "no {command}");
    }
    assert!(
        !text.contains("wiset\\-create(8)"),
        "points to pages that do not exist"
    );
}

/// The shipped systemd units load: `systemd-analyze verify` on an instance
/// (man pages not looked up). Skipped where systemd-analyze is not installed.
#[test]
fn systemd_units_verify() {
    let analyze = Command::new("systemd-analyze").arg("--version").output();
    if !analyze.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: systemd-analyze is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("wiset-units-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut units = Vec::new();
    for kind in ["service", "timer"] {
        let path = format!(
            "{}/contrib/systemd/wiset-replace@.{kind}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("unit file");
        assert!(
            text.contains("ExecStart=/usr/bin/env wiset replace") || kind == "timer",
            "{path}"
        );
        let unit = dir.join(format!("wiset-replace@blocklist.{kind}"));
        std::fs::write(&unit, &text).unwrap();
        units.push(unit);
    }
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg("--man=no")
        .args(&units)
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "systemd-analyze verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The zsh and fish completion files parse (`zsh -n`, `fish -n`); CI
/// installs both shells, elsewhere a missing one is skipped.
#[test]
fn zsh_and_fish_completions_parse() {
    for (shell, file) in [
        ("zsh", "completions/wiset.zsh"),
        ("fish", "completions/wiset.fish"),
    ] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        match Command::new(shell).arg("-n").arg(&path).output() {
            Ok(out) => assert!(
                out.status.success(),
                "{shell} -n {file}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => {
                let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
                assert!(!ci, "CI=true but {shell} cannot run: {e}");
                eprintln!("SKIPPED: {shell} cannot run: {e}");
            }
        }
    }
}

/// Every file the Debian package ships (Cargo.toml's
/// `[package.metadata.deb]` assets) is in the repository, or is the
/// release binary.
#[test]
fn deb_assets_exist() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let assets = manifest
        .split_once("assets = [")
        .map(|(_, rest)| rest.split_once("\n]").unwrap().0)
        .expect("deb assets");
    let sources: Vec<&str> = assets
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\"")?.split('"').next())
        .collect();
    assert!(sources.len() >= 8, "{sources:?}");
    for src in sources {
        if src == "target/release/wiset" {
            continue;
        }
        assert!(
            std::path::Path::new(&format!("{root}/{src}")).is_file(),
            "the package ships {src}, which is not in the repository"
        );
    }
}

/// The binary links GCC's unwinder statically (build.rs): a dynamic glibc
/// build needs no libgcc_s.so.1, which every start would map and relocate.
#[test]
fn the_binary_needs_no_libgcc_s() {
    let o = Command::new("readelf")
        .args(["-d", WISET])
        .output()
        .expect("readelf (binutils) runs");
    assert!(o.status.success(), "readelf: {o:?}");
    let dynamic = String::from_utf8_lossy(&o.stdout);
    let needed: Vec<&str> = dynamic.lines().filter(|l| l.contains("(NEEDED)")).collect();
    assert!(
        needed.iter().any(|l| l.contains("libc.so")),
        "a dynamic glibc build: {needed:?}"
    );
    assert!(
        !needed.iter().any(|l| l.contains("libgcc_s")),
        "libgcc_s is needed: {needed:?}"
    );
}
