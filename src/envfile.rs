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

/// Reads `KEY=VALUE` lines. Blank lines and `#` comments are skipped; one pair of matching
/// surrounding quotes is removed from a value. Anything else is an error naming the line.
pub(crate) fn read(path: &Path) -> Result<EnvFile, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
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
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(bad(path, line, "expected `KEY=VALUE`, found a line without `=`".into()));
        };
        let key = key.trim();
        if key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(bad(
                path,
                line,
                format!("`{key}` is not a valid key: expected letters, digits, `_`, `-` and `.`"),
            ));
        }
        let value = unquote(value.trim());
        if value.len() > MAX_VALUE_BYTES {
            return Err(bad(
                path,
                line,
                format!(
                    "the value of `{key}` is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                    value.len()
                ),
            ));
        }
        if let Some((_, first)) = file.entries.get(key) {
            return Err(bad(path, line, format!("`{key}` is already set on line {first}")));
        }
        file.entries.insert(key.to_owned(), (value.to_owned(), line));
    }
    Ok(file)
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
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
        let file = parse(b"# comment\n\nA=1\nB = \"two words\"\nC='x=y'\nD=\n").unwrap_or_default();
        let got: Vec<(&str, &str, usize)> =
            file.entries.iter().map(|(k, (v, l))| (k.as_str(), v.as_str(), *l)).collect();
        assert_eq!(got, [("A", "1", 3), ("B", "two words", 4), ("C", "x=y", 5), ("D", "", 6)]);
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
        rejects(b"A=s3cret\nA=other\n", "error: prod.env:2: `A` is already set on line 1");
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
            "error: prod.env:1: `MY KEY` is not a valid key: expected letters, digits, `_`, `-` and `.`",
        );
        let long = format!("BIG={}\n", "x".repeat(MAX_VALUE_BYTES + 1));
        rejects(
            long.as_bytes(),
            &format!(
                "error: prod.env:1: the value of `BIG` is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                MAX_VALUE_BYTES + 1
            ),
        );
    }
}
