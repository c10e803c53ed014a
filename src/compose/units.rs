//! Kubernetes quantities in Compose's units: CPUs as a decimal, memory in bytes with a suffix.

/// `250m` → `0.25`, `2` → `2`; `None` when it is not a CPU quantity.
pub(super) fn cpus(q: &str) -> Option<String> {
    let millis: u64 = match q.strip_suffix('m') {
        Some(m) => m.parse().ok()?,
        None => {
            let v: f64 = q.parse().ok()?;
            if !v.is_finite() || v < 0.0 {
                return None;
            }
            (v * 1000.0).round() as u64
        }
    };
    let whole = millis / 1000;
    let frac = millis % 1000;
    Some(if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    })
}

/// `512Mi` → `512M` (Compose's `M` is binary), `1G` → `1000000000b`; `None` when it is not
/// a memory quantity.
pub(super) fn memory(q: &str) -> Option<String> {
    const BINARY: &[(&str, &str)] = &[("Ki", "k"), ("Mi", "m"), ("Gi", "g")];
    for (k8s, compose) in BINARY {
        if let Some(n) = q.strip_suffix(k8s) {
            let n: u64 = n.parse().ok()?;
            return Some(format!("{n}{compose}"));
        }
    }
    const DECIMAL: &[(&str, u64)] =
        &[("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("", 1)];
    for (suffix, factor) in DECIMAL {
        if let Some(n) = q.strip_suffix(suffix)
            && let Ok(n) = n.parse::<u64>()
        {
            return Some(format!("{}b", n * factor));
        }
    }
    None
}

/// Seconds as a Compose duration: `10` → `10s`.
pub(super) fn seconds(s: i32) -> String {
    format!("{s}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_convert_exactly() {
        assert_eq!(cpus("250m").as_deref(), Some("0.25"));
        assert_eq!(cpus("1500m").as_deref(), Some("1.5"));
        assert_eq!(cpus("2").as_deref(), Some("2"));
        assert_eq!(cpus("0.5").as_deref(), Some("0.5"));
        assert_eq!(cpus("lots"), None);
        assert_eq!(memory("512Mi").as_deref(), Some("512m"));
        assert_eq!(memory("1Gi").as_deref(), Some("1g"));
        assert_eq!(memory("1G").as_deref(), Some("1000000000b"));
        assert_eq!(memory("256m"), None, "millibytes are not memory");
    }
}

#[cfg(test)]
mod yaml_tests {
    // Here rather than in `yaml`: only Compose writes `host:container` strings.
    #[test]
    fn sexagesimal_looking_strings_are_quoted() {
        // YAML 1.1 (PyYAML, which docker-compose uses) reads `22:22` as the base-60 number
        // 1342; Compose port and user strings must be quoted where they look like one.
        let v = serde_json::json!({"ports": ["22:22", "8080:80", "1:30"]});
        let out = crate::yaml::to_yaml_value(&v).unwrap_or_default();
        assert!(out.contains("\"22:22\""), "{out}");
        assert!(out.contains("\"1:30\""), "{out}");
    }
}
