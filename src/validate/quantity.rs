//! Kubernetes quantities (`250m`, `1.5`, `512Mi`, `2G`, `1e3`) as numbers, for comparisons.

/// The value of a quantity in base units (cores or bytes), or why it is not one.
pub(crate) fn parse(q: &str) -> Result<f64, String> {
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (number, suffix) = q.split_at(split);
    if number.is_empty() || number.starts_with('-') {
        return Err("it does not start with a non-negative number".into());
    }
    let value: f64 = number.parse().map_err(|_| format!("`{number}` is not a number"))?;
    let factor = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => {
            let exp: i32 =
                s[1..].parse().map_err(|_| format!("suffix `{s}` is not an exponent"))?;
            10f64.powi(exp)
        }
        s => return Err(format!("unknown suffix `{s}`")),
    };
    Ok(value * factor)
}

/// The value of a memory or storage quantity in bytes: like [`parse`], but `m` (thousandths
/// of a byte) is refused, since `256m` is almost always a mistake for `256Mi`.
pub(super) fn bytes(q: &str) -> Result<f64, String> {
    if let Some(n) = q.strip_suffix('m') {
        return Err(format!(
            "`m` means thousandths, so this is {n} thousandths of a byte; did you mean `{n}Mi`?"
        ));
    }
    parse(q)
}

/// A CPU amount for messages: `1.5` cores → `1500m`.
pub(super) fn cpu(cores: f64) -> String {
    format!("{}m", (cores * 1000.0).round())
}

/// A memory amount for messages: bytes → `MiB`.
pub(super) fn memory(bytes: f64) -> String {
    format!("{}Mi", (bytes / 1024f64.powi(2)).round())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_kubernetes_accepts() {
        assert_eq!(parse("250m"), Ok(0.25));
        assert_eq!(parse("2"), Ok(2.0));
        assert_eq!(parse("1.5"), Ok(1.5));
        assert_eq!(parse("512Mi"), Ok(512.0 * 1024.0 * 1024.0));
        assert_eq!(parse("1G"), Ok(1e9));
        assert_eq!(parse("1e3"), Ok(1000.0));
        assert!(parse("1,5").is_err());
        assert!(parse("Mi").is_err());
        assert!(parse("10 Gi").is_err());
        assert!(parse("-1").is_err());
        assert!(parse("5MB").is_err());
    }
}
