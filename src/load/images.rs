//! Image files: the tag or digest each image runs at in one environment, kept as data beside
//! the environment's code so a pipeline can bump it (`rustomize set-image`) without editing Rust.
//!
//! ```yaml
//! # Image versions of `prod`. CI updates them with `cargo run -- set-image prod IMAGE=TAG`.
//! ghcr.io/begbot/api: 1.6.0
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Diagnostic, Error};
use crate::model::ImageOverride;

/// Image repository → reference (`1.7.0`, `sha256:…` or `1.7.0@sha256:…`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Images(pub BTreeMap<String, String>);

impl Images {
    /// The overrides this file stands for.
    pub(crate) fn overrides(&self) -> Vec<ImageOverride> {
        self.0
            .iter()
            .map(|(name, reference)| {
                let (tag, digest) = match reference.split_once('@') {
                    Some((tag, digest)) => (Some(tag), Some(digest)),
                    None if reference.starts_with("sha256:") => (None, Some(reference.as_str())),
                    None => (Some(reference.as_str()), None),
                };
                ImageOverride {
                    name: name.clone(),
                    new_tag: tag.map(str::to_owned),
                    digest: digest.map(str::to_owned),
                    new_name: None,
                    at: crate::model::Origin::default(),
                }
            })
            .collect()
    }

    /// The file's text: a header, then one `repository: reference` line per image, sorted.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) fn to_yaml(&self, target: &str, command: &str) -> Result<String, Error> {
        let header = format!(
            "# Image versions of `{target}`. Pipelines update them with:\n#   {command} set-image {target} IMAGE=TAG\n"
        );
        if self.0.is_empty() {
            return Ok(header);
        }
        let map = self.0.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())));
        let body = crate::yaml::to_yaml_value(&serde_json::Value::Object(map.collect())).map_err(
            |message| Error::Yaml { object: format!("image file of `{target}`"), message },
        )?;
        Ok(header + &body)
    }
}

/// Why `reference` is not a tag, a `sha256:` digest or `TAG@sha256:…`, by the OCI
/// distribution grammar, if it is not one.
pub(crate) fn check_reference(reference: &str) -> Result<(), String> {
    let (tag, digest) = match reference.split_once('@') {
        Some((tag, digest)) => (Some(tag), Some(digest)),
        None if reference.starts_with("sha256:") => (None, Some(reference)),
        None => (Some(reference), None),
    };
    if let Some(tag) = tag {
        let mut chars = tag.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok
            || tag.len() > 128
            || !tag.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(format!(
                "`{tag}` is not a tag: at most 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`"
            ));
        }
    }
    if let Some(digest) = digest {
        let hex = digest.strip_prefix("sha256:").unwrap_or_default();
        if hex.len() != 64 || !hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(format!(
                "`{digest}` is not a digest: `sha256:` and 64 lowercase hex digits"
            ));
        }
    }
    Ok(())
}

/// Why `repository` is not an image repository (`[host[:port]/]path`, lowercase), if it is not.
pub(crate) fn check_repository(repository: &str) -> Result<(), String> {
    let mut parts: Vec<&str> = repository.split('/').collect();
    // A first part with a `.` or `:` (or `localhost`) is a registry host.
    if parts.len() > 1 && (parts[0].contains(['.', ':']) || parts[0] == "localhost") {
        parts.remove(0);
    }
    let component_ok = |p: &&str| {
        !p.is_empty()
            && p.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
            && p.starts_with(|c: char| c.is_ascii_alphanumeric())
            && p.ends_with(|c: char| c.is_ascii_alphanumeric())
    };
    if parts.iter().all(component_ok) {
        Ok(())
    } else {
        Err(format!(
            "`{repository}` is not an image repository: lowercase path components, optionally after a registry host"
        ))
    }
}

/// Reads an image file: a mapping of strings, nothing else.
pub(crate) fn load(path: &Path) -> Result<Images, Box<Diagnostic>> {
    let at = |message: String| Box::new(Diagnostic::in_file(path.display(), 0, message));
    let text = crate::envfile::read_text(path, 1024 * 1024).map_err(at)?;
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(Images::default());
    }
    let value: serde_json::Value = serde_saphyr::from_str(&text)
        .map_err(|e| Box::new(crate::yaml::parse_error(&path.display().to_string(), &e)))?;
    let serde_json::Value::Object(map) = value else {
        return Err(at("expected a mapping of image repository to tag or digest".into()));
    };
    let mut images = BTreeMap::new();
    for (name, reference) in map {
        match reference {
            serde_json::Value::String(r) if !r.is_empty() => {
                if let Err(why) = check_repository(&name).and_then(|()| check_reference(&r)) {
                    return Err(at(format!("`{name}`: {why}")));
                }
                images.insert(name, r);
            }
            other => {
                return Err(at(format!(
                    "`{name}`: expected a tag or digest as a string, found `{other}`; quote it"
                )));
            }
        }
    }
    Ok(Images(images))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_tags_digests_or_both() {
        let images = Images(BTreeMap::from([
            ("a".to_owned(), "1.2.3".to_owned()),
            ("b".to_owned(), "sha256:abc".to_owned()),
            ("c".to_owned(), "1.0@sha256:def".to_owned()),
        ]));
        let got: Vec<(Option<String>, Option<String>)> =
            images.overrides().into_iter().map(|o| (o.new_tag, o.digest)).collect();
        assert_eq!(
            got,
            [
                (Some("1.2.3".into()), None),
                (None, Some("sha256:abc".into())),
                (Some("1.0".into()), Some("sha256:def".into()))
            ]
        );
    }

    #[test]
    fn references_follow_the_oci_grammar() {
        let hex = "a".repeat(64);
        for ok in [
            "1.8.0",
            "v1.2.3-rc.1",
            "latest",
            &format!("sha256:{hex}"),
            &format!("1.0@sha256:{hex}"),
        ] {
            assert_eq!(check_reference(ok), Ok(()), "{ok}");
        }
        for bad in
            ["1.8.0 beta", "v1/2", "sha256:abc", ".hidden", "-x", "ünïcode", &"x".repeat(129)]
        {
            assert!(check_reference(bad).is_err(), "{bad}");
        }
        assert_eq!(check_repository("ghcr.io/acme/api"), Ok(()));
        assert_eq!(check_repository("localhost:5000/x"), Ok(()));
        assert!(check_repository("Acme/API").is_err());
    }

    #[test]
    fn round_trips_through_its_own_text() -> Result<(), String> {
        let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = tmp.path().join("prod.images.yaml");
        let images = Images(BTreeMap::from([("ghcr.io/x/api".to_owned(), "1.10".to_owned())]));
        std::fs::write(&path, images.to_yaml("prod", "cargo run --").map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        assert_eq!(load(&path).map_err(|e| e.message)?, images, "`1.10` must stay a string");
        std::fs::write(&path, "ghcr.io/x/api: 1.10\n").map_err(|e| e.to_string())?;
        let err = load(&path).err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("expected a tag or digest as a string"), "{err}");
        Ok(())
    }
}
