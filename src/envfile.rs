//! The one `KEY=VALUE` parser, for secret values and config env files alike: strict, with
//! line numbers, bounded, and never quoting a line (it may hold a secret).

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::error::{Diagnostic, Error};

/// Largest env file accepted; Kubernetes caps a Secret at 1 MiB anyway.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Largest single value accepted.
pub(crate) const MAX_VALUE_BYTES: usize = 64 * 1024;

/// The values of an env file, in file order, with the line each came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EnvFile {
    /// The file, for messages.
    pub path: PathBuf,
    /// Key to (value, line number).
    pub entries: IndexMap<String, (String, usize)>,
}

fn bad(path: &Path, line: usize, message: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::in_file(path.display(), line, message))
}

/// The body of an example env file: for each Secret `(name, description, keys)`, a comment
/// and its keys with empty values; a key two Secrets share is listed once.
pub(crate) fn example_body<'a>(
    secrets: impl Iterator<Item = (&'a str, &'a str, &'a [String])>,
    variable: impl Fn(&str) -> Option<&'a str>,
) -> String {
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for (name, description, keys) in secrets {
        out.push_str(&format!("\n# Secret `{name}`"));
        if !description.is_empty() {
            out.push_str(&format!(": {description}"));
        }
        out.push('\n');
        for key in keys {
            // Compose reads a key that is no variable name (`api-key`) from one that is.
            let line = match variable(key) {
                Some(var) if var != key => {
                    out.push_str(&format!("# `{key}` is read from `{var}`\n"));
                    var
                }
                _ => key.as_str(),
            };
            if seen.contains(&line) {
                out.push_str(&format!("# {line} (set above; shared)\n"));
            } else {
                out.push_str(&format!("{line}=\n"));
                seen.push(line);
            }
        }
    }
    out
}

/// The bytes of the regular file at `path`, refusing a FIFO, a device or a directory (which
/// could block or never end) and a file over `max` bytes, before reading it.
pub(crate) fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file (a pipe, device or directory); expected a file".into());
    }
    let too_big = |n: u64| format!("the file is {n} bytes; at most {max} are accepted");
    if meta.len() > max as u64 {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    // Bounded again while reading: the file may grow after the check.
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read_bounded`], as UTF-8 text: the one reader of the text files rustomize loads (raw
/// YAML, image files, import input, CRDs).
pub(crate) fn read_text(path: &Path, max: usize) -> Result<String, String> {
    String::from_utf8(read_bounded(path, max)?).map_err(|_| "the file is not valid UTF-8".into())
}

/// Reads `KEY=VALUE` lines. Blank lines and `#` comments are skipped; one pair of matching
/// surrounding quotes is removed from a value. Anything else is an error naming the line.
pub(crate) fn read(path: &Path) -> Result<EnvFile, Error> {
    let bytes = read_bounded(path, MAX_FILE_BYTES)
        .map_err(|why| Error::Invalid(vec![Diagnostic::in_file(path.display(), 0, why)]))?;
    parse(path, &bytes).map_err(|d| Error::Invalid(vec![*d]))
}

/// [`read`] on bytes already read.
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<EnvFile, Box<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad(
            path,
            0,
            format!("the file is {} bytes; at most {MAX_FILE_BYTES} are accepted", bytes.len()),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(bad(
            path,
            1,
            "the file starts with a UTF-8 byte-order mark; save it without one".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        bad(path, line, "the line is not valid UTF-8".into())
    })?;
    let mut file = EnvFile { path: path.to_path_buf(), entries: IndexMap::new() };
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        if raw.ends_with('\r') {
            return Err(bad(path, line, "the line ends with a carriage return (Windows line endings); save the file with LF endings".into()));
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Messages name the file and line, never the text: a wrapped secret's continuation
        // line would otherwise be printed as a "key".
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(bad(path, line, "expected `KEY=VALUE`, found a line without `=`".into()));
        };
        let key = key.trim().strip_prefix("export ").map_or(key.trim(), str::trim);
        if key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(bad(
                path,
                line,
                "the text before `=` is not a key: expected letters, digits, `_`, `-` and `.`"
                    .into(),
            ));
        }
        let value = value_of(value.trim()).map_err(|why| bad(path, line, why.into()))?;
        if value.len() > MAX_VALUE_BYTES {
            return Err(bad(
                path,
                line,
                format!(
                    "the value is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                    value.len()
                ),
            ));
        }
        if let Some((_, first)) = file.entries.get(key) {
            return Err(bad(path, line, format!("the key is already set on line {first}")));
        }
        file.entries.insert(key.to_owned(), (value, line));
    }
    Ok(file)
}

/// A value as dotenv users expect: `'single'` taken as written, `"double"` with `\n`, `\"`
/// and `\\` escapes, unquoted up to an inline ` # comment`. A quote left open is an error,
/// not part of the value.
fn value_of(v: &str) -> Result<String, &'static str> {
    let Some(quote) = v.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
        // Unquoted: ` #` starts a comment; a `#` inside a word (`a#b`) is part of the value.
        let end = v.find(" #").or_else(|| v.find("\t#")).unwrap_or(v.len());
        return Ok(v[..end].trim_end().to_owned());
    };
    let mut out = String::new();
    let mut chars = v[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next().map(|(_, e)| e) {
                Some('n') => out.push('\n'),
                Some(e @ ('"' | '\\')) => out.push(e),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => return Err("the value ends inside a quote it opened"),
            },
            c if c == quote => {
                let rest = v[1 + i + c.len_utf8()..].trim_start();
                if !rest.is_empty() && !rest.starts_with('#') {
                    return Err("text follows the closing quote; only a `# comment` may");
                }
                return Ok(out);
            }
            c => out.push(c),
        }
    }
    Err("the value opens a quote it does not close")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<EnvFile, String> {
        super::parse(Path::new("prod.env"), text)
            .map_err(|d| format!("error: {}: {}", d.object, d.message))
    }

    #[test]
    fn reads_keys_values_comments_and_quotes() {
        let file = parse(b"# comment\n\nA=1\nB = \"two words\"\nC='x=y'\nD=\nE=value # note\nF=a#b\nG=\"x # y\" # note\nexport H=1\nI=\"l1\\nl2\"\n").unwrap_or_default();
        let got: Vec<(&str, &str, usize)> =
            file.entries.iter().map(|(k, (v, l))| (k.as_str(), v.as_str(), *l)).collect();
        assert_eq!(
            got,
            [
                ("A", "1", 3),
                ("B", "two words", 4),
                ("C", "x=y", 5),
                ("D", "", 6),
                ("E", "value", 7),
                ("F", "a#b", 8),
                ("G", "x # y", 9),
                ("H", "1", 10),
                ("I", "l1\nl2", 11)
            ]
        );
    }

    #[track_caller]
    fn rejects(text: &[u8], expected: &str) {
        let err = parse(text).err().unwrap_or_default();
        assert_eq!(err, expected);
    }

    #[test]
    fn bad_files_name_the_line_and_never_the_value() {
        rejects(
            b"A=1\njunk\n",
            "error: prod.env:2: expected `KEY=VALUE`, found a line without `=`",
        );
        rejects(b"A=s3cret\nA=other\n", "error: prod.env:2: the key is already set on line 1");
        rejects(b"A=\"s3cret\n", "error: prod.env:1: the value opens a quote it does not close");
        rejects(
            b"A=\"s3\" cret\n",
            "error: prod.env:1: text follows the closing quote; only a `# comment` may",
        );
        // A base64 value wrapped at 76 columns: the continuation line is never printed.
        rejects(
            b"A=c2VjcmV0\nc2Vj cmV0IHZhbHVl=\n",
            "error: prod.env:2: the text before `=` is not a key: expected letters, digits, `_`, `-` and `.`",
        );
        rejects(
            b"\xEF\xBB\xBFA=1\n",
            "error: prod.env:1: the file starts with a UTF-8 byte-order mark; save it without one",
        );
        rejects(
            b"A=1\r\nB=2\r\n",
            "error: prod.env:1: the line ends with a carriage return (Windows line endings); save the file with LF endings",
        );
        rejects(b"A=1\nB=\xff\xfe\n", "error: prod.env:2: the line is not valid UTF-8");
        rejects(
            b"MY KEY=1\n",
            "error: prod.env:1: the text before `=` is not a key: expected letters, digits, `_`, `-` and `.`",
        );
        let long = format!("BIG={}\n", "x".repeat(MAX_VALUE_BYTES + 1));
        rejects(
            long.as_bytes(),
            &format!(
                "error: prod.env:1: the value is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                MAX_VALUE_BYTES + 1
            ),
        );
    }
}
