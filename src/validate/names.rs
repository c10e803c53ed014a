//! Kubernetes naming rules: DNS labels, port names, label keys and values, env names.

pub(super) use crate::safe::{dns_label as check_dns_label, dns_subdomain as check_dns_subdomain};

pub(super) fn check_port_name(s: &str) -> Result<(), String> {
    check_dns_label(s)?;
    if s.len() > 15 {
        return Err(format!("it is {} characters long", s.len()));
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        return Err("it has no letter".into());
    }
    if s.contains("--") {
        return Err("it contains `--`".into());
    }
    Ok(())
}

pub(super) fn check_env_name(s: &str) -> Result<(), String> {
    match s.chars().next() {
        None => Err("it is empty".into()),
        Some(c) if c.is_ascii_digit() => Err("it starts with a digit".into()),
        _ => match s.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        {
            Some(bad) => Err(format!("it contains `{bad}`")),
            None => Ok(()),
        },
    }
}

/// Why `s` is not a valid label value, if it is not one.
pub(super) fn check_label_value(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    check_label_name(s)
}

fn check_label_name(s: &str) -> Result<(), String> {
    if s.len() > 63 {
        return Err(format!("it is {} characters long", s.len()));
    }
    if let Some(bad) =
        s.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!("it contains `{bad}`"));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !s.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err("it does not start and end with a letter or digit".into());
    }
    Ok(())
}

/// Why `s` is not a valid label or annotation key (`[prefix/]name`), if it is not one.
pub(super) fn check_qualified_name(s: &str) -> Result<(), String> {
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(prefix) = prefix
        && (prefix.is_empty()
            || prefix.len() > 253
            || prefix.split('.').any(|part| check_dns_label(part).is_err()))
    {
        return Err(format!("prefix `{prefix}` is not a DNS subdomain"));
    }
    if name.is_empty() {
        return Err("the name part is empty".into());
    }
    check_label_name(name)
}

/// Why `s` is not a DNS-1035 label (what a Service name must be), if it is not one.
pub(super) fn check_dns_1035(s: &str) -> Result<(), String> {
    check_dns_label(s)?;
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("it does not start with a letter".into());
    }
    Ok(())
}

/// Why `s` is not an IPv4 or IPv6 CIDR block, if it is not one.
pub(super) fn check_cidr(s: &str) -> Result<(), String> {
    let Some((ip, bits)) = s.split_once('/') else {
        return Err("it has no `/prefix-length`".into());
    };
    let max = match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => 32,
        Ok(std::net::IpAddr::V6(_)) => 128,
        Err(_) => return Err(format!("`{ip}` is not an IP address")),
    };
    match bits.parse::<u8>() {
        Ok(b) if b <= max => Ok(()),
        _ => Err(format!("prefix length `{bits}` is not 0 to {max}")),
    }
}

/// Why `s` is not a cron schedule (five fields, or a macro like `@daily`), if it is not one.
pub(super) fn check_schedule(s: &str) -> Result<(), String> {
    const MACROS: &[&str] =
        &["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    if s.starts_with('@') {
        return if MACROS.contains(&s) { Ok(()) } else { Err(format!("`{s}` is not a macro")) };
    }
    if s.starts_with("TZ=") || s.starts_with("CRON_TZ=") {
        return Err("the time zone belongs in `CronJob::time_zone`, not the schedule".into());
    }
    let fields: Vec<&str> = s.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!("it has {} fields", fields.len()));
    }
    let ok = |f: &&str| {
        f.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '/' | ',' | '-' | '?'))
    };
    match fields.iter().find(|f| !ok(f)) {
        Some(bad) => Err(format!("field `{bad}` is not valid")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(f: fn(&str) -> Result<(), String>, input: &str, ok: bool) {
        assert_eq!(f(input).is_ok(), ok, "{input:?}: {:?}", f(input));
    }

    #[test]
    fn dns_labels() {
        case(check_dns_label, "api", true);
        case(check_dns_label, "api-2", true);
        case(check_dns_label, "Api", false);
        case(check_dns_label, "-api", false);
        case(check_dns_label, "api_2", false);
        case(check_dns_label, "", false);
        case(check_dns_label, &"a".repeat(63), true);
        case(check_dns_label, &"a".repeat(64), false);
    }

    #[test]
    fn port_names() {
        case(check_port_name, "http", true);
        case(check_port_name, "http-metrics", true);
        case(check_port_name, "8080", false);
        case(check_port_name, "a-very-long-port-name", false);
        case(check_port_name, "a--b", false);
    }

    #[test]
    fn label_keys_and_values() {
        case(check_qualified_name, "app.kubernetes.io/name", true);
        case(check_qualified_name, "environment", true);
        case(check_qualified_name, "Example.com/x", false);
        case(check_qualified_name, "example.com/", false);
        case(check_label_value, "", true);
        case(check_label_value, "v1.2.3", true);
        case(check_label_value, "-x", false);
        case(check_label_value, "a b", false);
    }

    #[test]
    fn service_names_cidrs_and_schedules() {
        case(check_dns_1035, "api", true);
        case(check_dns_1035, "1api", false);
        case(check_dns_subdomain, "db.example.com", true);
        case(check_dns_subdomain, "db..example.com", false);
        case(check_cidr, "10.0.0.0/8", true);
        case(check_cidr, "fd00::/64", true);
        case(check_cidr, "10.0.0.0/33", false);
        case(check_cidr, "10.0.0.0", false);
        case(check_cidr, "ten/8", false);
        case(check_schedule, "*/5 * * * *", true);
        case(check_schedule, "0 3 * * MON-FRI", true);
        case(check_schedule, "@daily", true);
        case(check_schedule, "@often", false);
        case(check_schedule, "0 3 * *", false);
        case(check_schedule, "CRON_TZ=UTC 0 3 * * *", false);
    }

    #[test]
    fn env_names() {
        case(check_env_name, "DATABASE_URL", true);
        case(check_env_name, "1X", false);
        case(check_env_name, "A B", false);
    }
}
