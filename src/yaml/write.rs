//! The YAML writer: a JSON-like mapping straight to block-style YAML text, two spaces per
//! level, sequences at their key's column, byte for byte what serde-saphyr writes with the
//! options in [`super::to_yaml_value`].
//!
//! Why not serde-saphyr itself: its emitter was about half of `render`'s instructions,
//! mostly quoting checks that walk each string several times. Here the layout is written
//! directly and a string is checked once, byte by byte, for the shapes manifests are made of
//! (names, images, paths, quantities, label values). Anything else (a digit-only value, a
//! YAML 1.1 spelling, spaces before a colon, non-ASCII text, a float, a double-quoted block)
//! is handed to serde-saphyr for that one scalar, so its quoting rules stay the only ones.
//! The tests compare both writers on random documents and on every committed tree.

use serde_json::{Map, Number, Value};

/// `map` as a YAML document: one `key: value` line per scalar entry, nested collections
/// indented below their key.
pub(super) fn document(map: &Map<String, Value>) -> Result<String, String> {
    let mut out = Vec::with_capacity(1024);
    entries(&mut out, map, 0, false)?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The entries of a non-empty mapping whose keys sit at column `col`; the first starts where
/// the cursor is when `inline` (right after a sequence's `- `).
fn entries(
    out: &mut Vec<u8>,
    map: &Map<String, Value>,
    col: usize,
    inline: bool,
) -> Result<(), String> {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, col);
        }
        scalar_key(out, key)?;
        out.push(b':');
        match value {
            Value::Object(m) if !m.is_empty() => {
                out.push(b'\n');
                entries(out, m, col + 2, false)?;
            }
            // A sequence under a key starts at the key's own column.
            Value::Array(items) if !items.is_empty() => {
                out.push(b'\n');
                sequence(out, items, col, false)?;
            }
            other => {
                out.push(b' ');
                leaf(out, other, col)?;
            }
        }
    }
    Ok(())
}

/// The items of a non-empty sequence whose dashes sit at column `col`; the first starts where
/// the cursor is when `inline` (a sequence inside a sequence: `- - a`).
fn sequence(out: &mut Vec<u8>, items: &[Value], col: usize, inline: bool) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, col);
        }
        put(out, "- ");
        match item {
            Value::Object(m) if !m.is_empty() => entries(out, m, col + 2, true)?,
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, col + 2, true)?,
            other => leaf(out, other, col)?,
        }
    }
    Ok(())
}

/// A scalar or an empty collection and its line end; `parent` is the column of the key or
/// dash it belongs to, which a block scalar's lines are indented past.
fn leaf(out: &mut Vec<u8>, value: &Value, parent: usize) -> Result<(), String> {
    match value {
        Value::Null => put(out, "null"),
        Value::Bool(b) => put(out, if *b { "true" } else { "false" }),
        Value::Number(n) => number(out, n)?,
        Value::String(s) => return text(out, s, parent),
        Value::Array(_) => put(out, "[]"),
        Value::Object(_) => put(out, "{}"),
    }
    out.push(b'\n');
    Ok(())
}

/// `col` spaces.
pub(super) fn indent(out: &mut Vec<u8>, col: usize) {
    out.resize(out.len() + col, b' ');
}

/// `s`'s bytes.
pub(super) fn put(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

/// A string and its line end: a block scalar past `parent` when it has line breaks.
pub(super) fn text(out: &mut Vec<u8>, s: &str, parent: usize) -> Result<(), String> {
    if s.contains('\n') {
        return multi_line(out, s, parent);
    }
    scalar_str(out, s)?;
    out.push(b'\n');
    Ok(())
}

/// A number as serde-saphyr writes it.
pub(super) fn number(out: &mut Vec<u8>, n: &Number) -> Result<(), String> {
    use std::io::Write;
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else {
        // Floats are rare in manifests; their spelling is serde-saphyr's.
        let text = serde_saphyr::to_string(n).map_err(|e| e.to_string())?;
        put(out, text.trim_end_matches('\n'));
    }
    Ok(())
}

/// A one-line string in value position: plain when its bytes prove it safe, otherwise as
/// serde-saphyr writes it (quoted, or plain when its full rules allow).
fn scalar_str(out: &mut Vec<u8>, s: &str) -> Result<(), String> {
    if is_plain(s, false) {
        put(out, s);
    } else if go_number(s) {
        let text =
            serde_saphyr::to_string(&serde_saphyr::DoubleQuoted(s)).map_err(|e| e.to_string())?;
        put(out, text.strip_suffix('\n').unwrap_or(&text));
    } else {
        let text = serde_saphyr::to_string_with_options(&s, super::options())
            .map_err(|e| e.to_string())?;
        put(out, text.strip_suffix('\n').unwrap_or(&text));
    }
    Ok(())
}

/// A mapping key: plain when its bytes prove it safe, otherwise as serde-saphyr writes keys.
pub(super) fn scalar_key(out: &mut Vec<u8>, key: &str) -> Result<(), String> {
    if is_plain(key, true) {
        put(out, key);
        return Ok(());
    }
    if go_number(key) {
        let text =
            serde_saphyr::to_string(&serde_saphyr::DoubleQuoted(key)).map_err(|e| e.to_string())?;
        put(out, text.strip_suffix('\n').unwrap_or(&text));
        return Ok(());
    }
    let one = std::collections::BTreeMap::from([(key, ())]);
    let text = serde_saphyr::to_string(&one).map_err(|e| e.to_string())?;
    let written =
        text.strip_suffix(": null\n").ok_or_else(|| format!("unexpected key {text:?}"))?;
    put(out, written);
    Ok(())
}

/// A string with line breaks: a literal block (`|`) whose lines sit two columns past
/// `parent`, or one double-quoted line when a block could be misread (see
/// [`super::needs_double_quotes`]).
fn multi_line(out: &mut Vec<u8>, s: &str, parent: usize) -> Result<(), String> {
    if super::needs_double_quotes(s) || !block_safe(s) {
        let text =
            serde_saphyr::to_string(&serde_saphyr::DoubleQuoted(s)).map_err(|e| e.to_string())?;
        put(out, &text);
        return Ok(());
    }
    let content = s.trim_end_matches('\n');
    let trailing = s.len() - content.len();
    out.push(b'|');
    // A first line that starts with spaces would be taken for indentation: say how much
    // indentation there is.
    let first = content.split('\n').find(|l| !l.is_empty()).unwrap_or_default();
    if first.starts_with(' ') {
        out.push(b'2');
    }
    match trailing {
        0 => out.push(b'-'),
        1 if !content.is_empty() => {}
        _ => out.push(b'+'),
    }
    out.push(b'\n');
    if content.is_empty() {
        out.resize(out.len() + trailing, b'\n');
        return Ok(());
    }
    for line in content.split('\n') {
        if !line.is_empty() {
            indent(out, parent + 2);
            put(out, line);
        }
        out.push(b'\n');
    }
    out.resize(out.len() + trailing.saturating_sub(1), b'\n');
    Ok(())
}

/// Whether every character can stand in a literal block as itself (the YAML 1.2 printable
/// set, less the line separators and BOM some tools mishandle).
fn block_safe(s: &str) -> bool {
    s.chars().all(|c| match c {
        '\n' | '\t' => true,
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        c => {
            matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
        }
    })
}

/// Whether `s` is certainly written plain, from one pass over its bytes: printable ASCII
/// from a small set (no quote, comment or flow characters), starting with a letter, digit
/// or `/`, no space at either end or after a colon, not ending in a colon, and not a word
/// or number some YAML reader would take for a bool, null, number or date. `false` means
/// "ask the full rules", not "must be quoted". Keys may not hold `:` or `,`.
fn is_plain(s: &str, key: bool) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if !(first.is_ascii_alphanumeric() || first == b'/') || last == b' ' || last == b':' {
        return false;
    }
    let allowed = if key { IN_KEY } else { IN_VALUE };
    let mut seen = 0;
    for &b in bytes {
        let class = CLASSES[usize::from(b)];
        if class & allowed == 0 {
            return false;
        }
        seen |= class;
    }
    if seen & COLON != 0 && s.contains(": ") {
        return false;
    }
    if first.is_ascii_digit() {
        return seen & WORDY != 0;
    }
    // Letter-led strings cannot be numbers or dates; only these words (five letters at most)
    // are special.
    const WORDS: &[&str] =
        &["null", "true", "false", "yes", "no", "y", "n", "on", "off", "nan", "inf"];
    bytes.len() > 5 || !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Whether kubectl's YAML reader (go-yaml) takes plain `s` for a number although YAML's own
/// rules do not: it drops every `_` before parsing (`1__0` is 10, `0x_1F` is 31), so such a
/// string must be quoted. Only strings with `_` differ; the rest serde-saphyr already quotes.
fn go_number(s: &str) -> bool {
    if !s.contains('_')
        || !s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
    {
        return false;
    }
    let t = s.replace('_', "");
    let digits = t.strip_prefix(['+', '-']).unwrap_or(&t);
    let radix = |prefix: [&str; 2], radix: u32| {
        prefix
            .iter()
            .find_map(|p| digits.strip_prefix(p))
            .is_some_and(|rest| !rest.is_empty() && u128::from_str_radix(rest, radix).is_ok())
    };
    digits.parse::<u128>().is_ok()
        || radix(["0x", "0X"], 16)
        || radix(["0o", "0O"], 8)
        || radix(["0b", "0B"], 2)
        || digits.parse::<f64>().is_ok()
}

/// [`is_plain`]'s byte classes: allowed in a value, allowed in a key, a colon, and a letter
/// no number, date or time can contain (they use a–f, o, t, x, z only).
const IN_VALUE: u8 = 1;
const IN_KEY: u8 = 2;
const COLON: u8 = 4;
const WORDY: u8 = 8;

/// Every byte's classes, looked up once per byte.
const CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'a'..=b'z' | b'A'..=b'Z' => match c | 0x20 {
                b'a'..=b'f' | b'o' | b't' | b'x' | b'z' => IN_VALUE | IN_KEY,
                _ => IN_VALUE | IN_KEY | WORDY,
            },
            b'0'..=b'9' | b'.' | b'/' | b'-' | b'_' | b'=' | b'@' | b'+' | b' ' => {
                IN_VALUE | IN_KEY
            }
            b':' => IN_VALUE | COLON,
            b',' => IN_VALUE,
            _ => 0,
        };
        b += 1;
    }
    table
};

#[cfg(test)]
#[path = "../../tests/pieces.rs"]
mod pieces;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_shapes_need_no_quotes() {
        for s in ["nginx:1.27", "/healthz", "64Mi", "50m", "app.kubernetes.io/name", "a b", "x=y"] {
            assert!(is_plain(s, false), "{s}");
        }
        for s in
            ["8", "1e3", "0x1F", "2024-01-01", "yes", "Off", "a: b", "a:", "-a", " a", "a #b", ""]
        {
            assert!(!is_plain(s, false), "{s}");
        }
        assert!(!is_plain("a:b", true), "a colon is never plain in a key");
    }

    #[test]
    fn numbers_go_yaml_reads_through_underscores_are_quoted() {
        let write = |s: &str| {
            let mut out = Vec::new();
            scalar_str(&mut out, s).map(|()| String::from_utf8_lossy(&out).into_owned())
        };
        for s in ["1__0", "1_0", "0x_1F", "-1__5", "1__0.5", "0b_101", "+1_0e3"] {
            assert_eq!(write(s), Ok(format!("\"{s}\"")), "{s}");
        }
        for s in ["a_1", "v1_2_beta", "1_a", "snake_case"] {
            assert!(!go_number(s), "{s}");
        }
    }

    use super::pieces::PIECES;

    /// Keys the canonical order moves, so random mappings hold them often.
    const KEYS: &[&str] =
        &["name", "metadata", "kind", "apiVersion", "namespace", "labels", "annotations", "spec"];

    /// A deterministic generator, so a failure reproduces.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize
        }

        fn string(&mut self) -> String {
            let parts = 1 + self.next() % 4;
            (0..parts).map(|_| PIECES[self.next() % PIECES.len()]).collect()
        }

        fn value(&mut self, depth: usize) -> Value {
            match self.next() % if depth > 4 { 6 } else { 9 } {
                0 => Value::Null,
                1 => Value::Bool(self.next().is_multiple_of(2)),
                2 => Value::from(self.next() as i64 - (1 << 30)),
                3 => serde_json::Number::from_f64(self.next() as f64 / 7.0)
                    .map_or(Value::Null, Value::Number),
                4 | 5 => Value::String(self.string()),
                6 => Value::Array(Vec::new()),
                7 => Value::Array((0..self.next() % 4).map(|_| self.value(depth + 1)).collect()),
                _ => Value::Object(self.map(depth + 1)),
            }
        }

        fn map(&mut self, depth: usize) -> Map<String, Value> {
            (0..self.next() % 6)
                .map(|_| {
                    let key = match self.next() % 3 {
                        0 => self.string(),
                        _ => KEYS[self.next() % KEYS.len()].to_owned(),
                    };
                    (key, self.value(depth))
                })
                .collect()
        }
    }

    /// 20,000 random non-empty documents from `seed`; at least 10,000 of them.
    fn documents(seed: u64) -> Vec<Value> {
        let mut generator = Gen(seed);
        let docs: Vec<Value> = (0..20_000)
            .map(|_| generator.map(0))
            .filter(|m| !m.is_empty())
            .map(Value::Object)
            .collect();
        assert!(docs.len() > 10_000, "only {} documents", docs.len());
        docs
    }

    #[test]
    fn writes_what_serde_saphyr_writes_for_random_documents() {
        for value in documents(0x9e37_79b9_7f4a_7c15) {
            let want = super::super::reference(&value);
            assert_eq!(super::super::to_yaml_value(&value), want, "for {value}");
        }
    }

    #[test]
    fn the_typed_writer_writes_what_the_json_path_writes() {
        // Any `Serialize` value takes the typed writer's path; a JSON value's mappings and
        // sequences arrive as a k8s-openapi struct's do, key by key.
        for mut value in documents(0x2545_f491_4f6c_dd1d) {
            let direct = super::super::typed_to_yaml(&value);
            super::super::canonical_object(&mut value);
            assert_eq!(direct, super::super::to_yaml_value(&value), "for {value}");
        }
    }
}
