//! The README's Rust snippets are formatted as `cargo fmt` would write them (they are compiled
//! and run as doctests of the library).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::root;

/// Each ```rust block of the README, without rustdoc's hidden `# ` lines.
fn snippets() -> Vec<(usize, String)> {
    let readme =
        std::fs::read_to_string(root().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    for (i, line) in readme.lines().enumerate() {
        match (&mut current, line) {
            (None, "```rust") => current = Some((i + 2, Vec::new())),
            (Some(_), "```") => {
                out.extend(current.take().map(|(at, lines)| (at, lines.join("\n"))))
            }
            (Some((_, lines)), l) if !l.starts_with("# ") => lines.push(l),
            _ => {}
        }
    }
    out
}

/// `code` as rustfmt writes it, wrapped in a function as rustdoc wraps it.
fn formatted(code: &str) -> Option<String> {
    let wrapped = format!(
        "fn main() {{\n{}\n}}\n",
        code.lines()
            .map(|l| if l.is_empty() { String::new() } else { format!("    {l}") })
            .collect::<Vec<_>>()
            .join("\n")
    );
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--config-path"])
        .arg(root().join("rustfmt.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(wrapped.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(if text == wrapped { String::new() } else { text })
}

#[test]
fn readme_snippets_are_formatted() {
    if Command::new("rustfmt").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "rustfmt is required in CI");
        return;
    }
    let snippets = snippets();
    assert!(snippets.len() >= 5, "found only {} snippets", snippets.len());
    for (line, code) in snippets {
        let fixed = formatted(&code)
            .unwrap_or_else(|| panic!("rustfmt failed on the snippet at README.md:{line}"));
        assert!(fixed.is_empty(), "README.md:{line} is not formatted; rustfmt writes:\n{fixed}");
    }
}
