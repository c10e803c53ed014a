//! The one layer every name and value passes through before it reaches a file path, generated
//! Rust, a TOML file, a Compose file or a shell: Kubernetes names are checked by their API's
//! rules, and everything printed into code is escaped, never pasted.
//!
//! Input is hostile until checked here: a vendor manifest or a `helm template` stream can
//! carry a name like `x.yaml")); std::process::Command::new("sh")…` or `../../.git/hooks/x`.

use std::path::{Component, Path, PathBuf};

/// Why `s` is not a DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters).
pub(crate) fn dns_label(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s.len() > 63 {
        return Err(format!("it is {} characters long", s.len()));
    }
    if let Some(bad) =
        s.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!("it contains {}", shown_char(bad)));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err("it starts or ends with `-`".into());
    }
    Ok(())
}

/// Why `s` is not a DNS-1123 subdomain (dot-separated labels, at most 253 characters).
pub(crate) fn dns_subdomain(s: &str) -> Result<(), String> {
    if s.len() > 253 {
        return Err(format!("it is {} characters long", s.len()));
    }
    for part in s.split('.') {
        dns_label(part).map_err(|why| format!("part `{}`: {why}", shown(part)))?;
    }
    Ok(())
}

/// Why `s` is not a name the API server accepts as one path segment (what RBAC objects and a
/// few other kinds are validated by: `system:aggregate-to-view` is fine, `a/b` is not).
pub(crate) fn path_segment(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s == "." || s == ".." {
        return Err(format!("`{s}` is not a name"));
    }
    if s.len() > 253 {
        return Err(format!("it is {} characters long", s.len()));
    }
    if let Some(bad) = s.chars().find(|c| matches!(c, '/' | '%' | '\\') || c.is_control()) {
        return Err(format!("it contains {}", shown_char(bad)));
    }
    Ok(())
}

/// Kinds whose names the API server validates as path segments rather than DNS subdomains.
const PATH_SEGMENT_KINDS: &[&str] = &["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

/// Why `name` is not a valid `metadata.name` for an object of `kind`, by that kind's API rule:
/// a path segment for RBAC objects, a DNS-1123 subdomain for every other kind (what
/// custom resources are held to, and what every built-in kind accepts at least).
pub(crate) fn object_name(kind: &str, name: &str) -> Result<(), String> {
    if PATH_SEGMENT_KINDS.contains(&kind) { path_segment(name) } else { dns_subdomain(name) }
}

/// What [`object_name`] expects of a name of `kind`, for a message's `expected:` line.
pub(crate) fn object_name_rule(kind: &str) -> &'static str {
    if PATH_SEGMENT_KINDS.contains(&kind) {
        "a name without `/`, `%` or control characters"
    } else {
        "a DNS-1123 subdomain (lowercase letters, digits, `-` and `.`)"
    }
}

/// Why `kind` is not a Kubernetes kind (an identifier: a letter, then letters and digits).
pub(crate) fn kind(kind: &str) -> Result<(), String> {
    if !kind.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("it does not start with a letter".into());
    }
    if kind.len() > 63 {
        return Err(format!("it is {} characters long", kind.len()));
    }
    match kind.chars().find(|c| !c.is_ascii_alphanumeric()) {
        Some(bad) => Err(format!("it contains {}", shown_char(bad))),
        None => Ok(()),
    }
}

/// Why `api_version` is not `VERSION` or `GROUP/VERSION` (a DNS subdomain and a lowercase
/// alphanumeric version).
pub(crate) fn api_version(api_version: &str) -> Result<(), String> {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (Some(g), v),
        None => (None, api_version),
    };
    if let Some(group) = group {
        dns_subdomain(group).map_err(|why| format!("group `{}`: {why}", shown(group)))?;
    }
    if version.is_empty()
        || version.len() > 63
        || !version.starts_with(|c: char| c.is_ascii_lowercase())
        || !version.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Err(format!("version `{}` is not like `v1` or `v1beta2`", shown(version)));
    }
    Ok(())
}

/// `s` as it may be shown inside backticks in a message: control characters and backticks
/// escaped, at most 80 characters, so a hostile name cannot forge lines of output.
pub(crate) fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(80).flat_map(char::escape_debug).collect();
    out = out.replace('`', "\\`");
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn shown_char(c: char) -> String {
    if c.is_control() || c == '`' { format!("`{}`", c.escape_unicode()) } else { format!("`{c}`") }
}

/// Why `rel` is not a path that stays below the directory it is joined to: every part a plain
/// name (no `..`, no root, no drive), no empty part, no NUL or control character, no `\`.
pub(crate) fn relative_path(rel: &str) -> Result<(), String> {
    if rel.is_empty() {
        return Err("the path is empty".into());
    }
    if let Some(bad) = rel.chars().find(|c| c.is_control() || *c == '\\') {
        return Err(format!("the path contains {}", shown_char(bad)));
    }
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!("the path has a part `{}`", shown(part)));
        }
    }
    if !Path::new(rel).components().all(|c| matches!(c, Component::Normal(_))) {
        return Err("the path is not relative".into());
    }
    Ok(())
}

/// `root/rel`, once [`relative_path`] has said `rel` stays below `root`.
pub(crate) fn join(root: &Path, rel: &str) -> Result<PathBuf, String> {
    relative_path(rel).map_err(|why| format!("`{}`: {why}", shown(rel)))?;
    Ok(root.join(rel))
}

/// `s` as a Rust string literal: its `Debug` form, in which every quote, backslash and
/// control character is escaped, so no input can end the literal.
pub(crate) fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// A long text as a Rust string literal a reader can follow: a raw string (`r#"…"#`) when it
/// has line breaks and nothing a raw string could not hold as itself (its closing `"#`, a
/// carriage return, a control or direction-override character, which rustc refuses in a
/// literal), else [`rust_str`].
pub(crate) fn rust_text(s: &str) -> String {
    let plain = |c: char| {
        matches!(c, '\n' | '\t' | '"' | '\\' | '\'') || c.escape_debug().next() != Some('\\')
    };
    if s.contains('\n') && !s.contains("\"#") && s.chars().all(plain) {
        format!("r#\"{s}\"#")
    } else {
        rust_str(s)
    }
}

/// `s` as the text of a one-line Rust comment: a line break or other control character
/// would end the comment and make the rest code, and a direction override (U+202E) would
/// show the reader other code than the compiler reads (and is refused by rustc), so every
/// character Rust's `Debug` would escape, except quotes and backslashes, is escaped.
pub(crate) fn comment(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> =
                if c.is_control() || (!c.is_ascii() && c.escape_debug().next() == Some('\\')) {
                    c.escape_unicode().collect()
                } else {
                    vec![c]
                };
            escaped
        })
        .collect()
}

/// `s` safe to print on a terminal: control characters (but line breaks and tabs), and the
/// invisible ones that reorder text (U+202E), escaped, so a name read from a hostile file
/// cannot clear the screen or forge what a message says.
pub(crate) fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || (!c.is_ascii() && c.escape_debug().next() == Some('\\'))
    };
    if !s.chars().any(risky) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if risky(c) { c.escape_unicode().collect() } else { vec![c] };
            escaped
        })
        .collect::<String>()
        .into()
}

/// Rust's keywords (strict, reserved and 2024's `gen`), which an identifier may not be.
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword, which an identifier may not be.
pub(crate) fn is_rust_keyword(word: &str) -> bool {
    RUST_KEYWORDS.contains(&word)
}

/// A Rust identifier (`snake_case`) for any name: letters and digits kept (lowercased), every
/// other character `_`, a keyword or a leading digit prefixed with `prefix_`.
pub(crate) fn rust_ident(name: &str, prefix: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if id.is_empty()
        || id.chars().all(|c| c == '_')
        || id.starts_with(|c: char| c.is_ascii_digit())
        || is_rust_keyword(&id)
    {
        id = format!("{prefix}_{id}");
    }
    id
}

/// `s` as one word of a POSIX shell command line: as it is when it holds only characters no
/// shell reads specially, otherwise single-quoted (a `'` inside closes, escapes and reopens).
pub(crate) fn shell_word(s: &str) -> String {
    let plain =
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c));
    if plain { s.to_owned() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}

/// `s` as a TOML basic string: quotes, backslashes and control characters escaped.
pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string Compose interpolates (`environment`, `command`, `healthcheck`, paths…) written so
/// it reaches the container exactly as declared: every `$` doubled.
pub(crate) fn compose_literal(s: &str) -> String {
    s.replace('$', "$$")
}

/// The Compose variable (`.env` key) a Secret key is read from: ASCII letters and digits
/// upper-cased, `-` and `.` as `_` (`api-key` → `API_KEY`, `tls.crt` → `TLS_CRT`). `None`
/// when the key has another character or starts with a digit, which no variable name can
/// carry.
pub(crate) fn compose_variable(key: &str) -> Option<String> {
    let name: String = key
        .chars()
        .map(|c| match c {
            '-' | '.' | '_' => Some('_'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
            _ => None,
        })
        .collect::<Option<String>>()?;
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_their_api_rules() {
        assert!(object_name("ConfigMap", "web.config-1").is_ok());
        assert!(object_name("ConfigMap", "../../../../esc/pwn").is_err());
        assert!(object_name("ConfigMap", "Web").is_err());
        assert!(object_name("ClusterRole", "system:aggregate-to-view").is_ok());
        assert!(object_name("ClusterRole", "../x").is_err());
        assert!(object_name("Role", "..").is_err());
        assert!(object_name("Role", "a\nb").is_err());
        assert!(kind("ServiceMonitor").is_ok());
        assert!(kind("../../../../x/Kind").is_err());
        assert!(kind("").is_err());
        assert!(api_version("monitoring.coreos.com/v1").is_ok());
        assert!(api_version("v1").is_ok());
        assert!(api_version("../x/v1").is_err());
        assert!(api_version("apps/v1/../..").is_err());
    }

    #[test]
    fn paths_stay_below_their_root() {
        for ok in ["a.yaml", "overlays/prod/00-namespace-x.yaml", ".env.example"] {
            assert!(relative_path(ok).is_ok(), "{ok}");
        }
        for bad in
            ["", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a\0b", "a\\..\\b", "a/"]
        {
            assert!(relative_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(join(Path::new("/t"), "a/b.yaml"), Ok(PathBuf::from("/t/a/b.yaml")));
    }

    #[test]
    fn code_escapes_cannot_be_left() {
        let hostile = "x.yaml\")); std::process::Command::new(\"touch\"); //\n*/";
        let lit = rust_str(hostile);
        assert!(lit.starts_with('"') && lit.ends_with('"'));
        assert!(!lit[1..lit.len() - 1].replace("\\\\", "").replace("\\\"", "").contains('"'));
        assert_eq!(rust_text("a\nb \"q\"\n"), "r#\"a\nb \"q\"\n\"#");
        assert_eq!(rust_text("a\n\"#b"), "\"a\\n\\\"#b\"");
        assert!(rust_text("a\n\u{202e}b").starts_with('"'));
        let hidden = comment("a\nfn main() {}\r\u{2028}\u{202e}\u{2066}é\"\\");
        assert!(!hidden.contains(['\n', '\r', '\u{2028}', '\u{202e}', '\u{2066}']), "{hidden}");
        assert!(hidden.ends_with("é\"\\"), "{hidden}");
        assert_eq!(rust_ident("fn", "app"), "app_fn");
        assert_eq!(rust_ident("9lives", "app"), "app_9lives");
        assert_eq!(rust_ident("x\"); y", "app"), "x____y");
        assert_eq!(toml_str("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn compose_strings_and_variables() {
        assert_eq!(
            compose_literal("pg_isready -U $POSTGRES_USER"),
            "pg_isready -U $$POSTGRES_USER"
        );
        assert_eq!(compose_variable("api-key").as_deref(), Some("API_KEY"));
        assert_eq!(compose_variable("tls.crt").as_deref(), Some("TLS_CRT"));
        assert_eq!(compose_variable("DATABASE_URL").as_deref(), Some("DATABASE_URL"));
        assert_eq!(compose_variable("1key"), None);
        assert_eq!(compose_variable("a b"), None);
        assert_eq!(compose_variable("ключ"), None);
    }

    #[test]
    fn printed_text_cannot_drive_the_terminal() {
        assert_eq!(inert("a\x1b[2Jb\u{202e}c\nd"), "a\\u{1b}[2Jb\\u{202e}c\nd");
        assert!(matches!(inert("plain `name`\n"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn shell_words_are_plain_or_single_quoted() {
        assert_eq!(shell_word("generated/overlays/prod"), "generated/overlays/prod");
        assert_eq!(shell_word("my dir"), "'my dir'");
        assert_eq!(shell_word("a'b; rm -rf /"), r"'a'\''b; rm -rf /'");
        assert_eq!(shell_word("$(id)"), "'$(id)'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn shown_names_cannot_forge_lines() {
        assert_eq!(shown("a\nerror: b`"), "a\\nerror: b\\`");
        assert!(shown(&"x".repeat(200)).ends_with('…'));
    }
}
