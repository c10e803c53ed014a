//! How schema names become Rust names and doc text: identifiers, variants, type names.

/// `text` as doc comment lines at `indent`. Every line is trimmed and fences are broken, so
/// rustdoc never reads a description as a code block to compile.
pub(super) fn doc_comment(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = crate::safe::comment(line.trim()).replace("```", "'''");
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// `dnsNames` → `dns_names`, `podIP` → `pod_ip`, `type` → `type_`: a field's Rust name.
pub(super) fn field_ident(json: &str) -> String {
    let mut snake = String::new();
    let chars: Vec<char> = json.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                snake.push('_');
            }
        }
        snake.push(c);
    }
    // A keyword becomes `type_`, as in the model, rather than rust_ident's `field_type`.
    let lower = snake.to_ascii_lowercase();
    if crate::safe::is_rust_keyword(&lower) {
        format!("{lower}_")
    } else {
        crate::safe::rust_ident(&snake, "field")
    }
}

/// `ECDSA` → `Ecdsa`, `Ed25519` → `Ed25519`, `http-01` → `Http01`: an enum variant.
pub(super) fn variant_ident(value: &str) -> String {
    let name = upper_camel(value);
    if name.is_empty() {
        "Empty".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

/// `issuerRef` → `IssuerRef`, `ECDSA` → `Ecdsa`, `x-509` → `X509`: words joined, each
/// capitalised; a word in capitals only is lowered after its first letter.
pub(super) fn upper_camel(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let all_caps = word.chars().all(|c| !c.is_ascii_lowercase())
            && word.chars().any(|c| c.is_ascii_uppercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if all_caps {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(field_ident("dnsNames"), "dns_names");
        assert_eq!(field_ident("podIP"), "pod_ip");
        assert_eq!(field_ident("apiVersion"), "api_version");
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("x-kubernetes-thing"), "x_kubernetes_thing");
        assert_eq!(field_ident("IPAddresses"), "ip_addresses");
        assert_eq!(variant_ident("ECDSA"), "Ecdsa");
        assert_eq!(variant_ident("http-01"), "Http01");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("1.2"), "V12");
        assert_eq!(upper_camel("issuerRef"), "IssuerRef");
    }
}
