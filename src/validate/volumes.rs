//! Checks of an app's volumes beyond its own config and Secrets: shared ConfigMaps, chosen
//! files, projections, claims and sized scratch space.

use super::Validator;
use crate::error::Code;
use crate::error::{did_you_mean, one_of};
use crate::model::{App, FileSource, Files, VolumeSource};

impl Validator<'_> {
    pub(super) fn volume_sources(&mut self, app: &App) {
        for v in &app.volumes {
            let at = format!("volumes[{}]", v.name);
            match &v.source {
                VolumeSource::Files(files) => self.files(app, &at, files),
                VolumeSource::Projected(sources) => {
                    if sources.is_empty() {
                        self.report(
                            Code::Conflict,
                            at.clone(),
                            "a projected volume has no sources".into(),
                            None,
                            None,
                        );
                    }
                    for files in sources {
                        self.files(app, &at, files);
                    }
                }
                VolumeSource::Claim(name) => {
                    let declared: Vec<&str> =
                        self.env.claims.iter().map(|c| c.name.as_str()).collect();
                    if !declared.contains(&name.name()) {
                        self.report(Code::UnknownReference,
                            at,
                            format!("claim `{name}` is not declared by the environment"),
                            Some(one_of(&declared)),
                            Some(format!("add `{name}` to `Environment::claims`, the declaration this handle came from")),
                        );
                    }
                }
                VolumeSource::ExistingClaim(name) => {
                    self.dns_label(&at, "PersistentVolumeClaim", name)
                }
                VolumeSource::Scratch(size)
                | VolumeSource::Memory(size)
                | VolumeSource::Ephemeral { size, .. } => {
                    if let Err(why) = super::quantity::bytes(size) {
                        self.report(
                            Code::InvalidValue,
                            at,
                            format!("size `{size}` is not a quantity: {why}"),
                            Some("a quantity like `1Gi`".into()),
                            None,
                        );
                    }
                }
                VolumeSource::Token { path, expiration_seconds, .. } => {
                    let relative = !path.is_empty()
                        && !path.starts_with('/')
                        && path.split('/').all(|part| part != "..");
                    if !relative {
                        self.report(
                            Code::InvalidValue,
                            at.clone(),
                            format!("token path `{path}` is not a path inside the volume"),
                            Some("a relative path without `..`, e.g. `token`".into()),
                            None,
                        );
                    }
                    if let Some(s) = expiration_seconds.filter(|s| *s < 600) {
                        self.report(
                            Code::InvalidValue,
                            at,
                            format!("a token valid for {s} seconds"),
                            Some("at least 600 seconds, as Kubernetes requires".into()),
                            None,
                        );
                    }
                }
                VolumeSource::Csi { driver, .. } => {
                    if crate::validate::names::check_dns_subdomain(driver).is_err() {
                        self.report(
                            Code::InvalidValue,
                            at,
                            format!("`{driver}` is not a CSI driver name"),
                            Some("a DNS subdomain, e.g. `secrets-store.csi.k8s.io`".into()),
                            None,
                        );
                    }
                }
                VolumeSource::PodFields(fields) => {
                    const FIELDS: &[&str] = &[
                        "metadata.name",
                        "metadata.namespace",
                        "metadata.uid",
                        "metadata.labels",
                        "metadata.annotations",
                    ];
                    for (path, field) in fields {
                        let known = FIELDS.contains(&field.as_str())
                            || field.starts_with("metadata.labels['")
                            || field.starts_with("metadata.annotations['");
                        if !known {
                            self.report(
                                Code::InvalidValue,
                                at.clone(),
                                format!("`{field}` is not a pod field a volume can hold"),
                                Some(crate::error::one_of(FIELDS)),
                                None,
                            );
                        }
                        if path.is_empty()
                            || path.starts_with('/')
                            || path.split('/').any(|p| p == "..")
                        {
                            self.report(
                                Code::InvalidValue,
                                at.clone(),
                                format!(
                                    "file path `{path}` is not a relative path inside the volume"
                                ),
                                None,
                                None,
                            );
                        }
                    }
                }
                VolumeSource::EmptyDir => {}
                VolumeSource::ClaimTemplate => {
                    let templated = app.workload == crate::model::Workload::StatefulSet
                        && app.storage.iter().any(|s| s.name == v.name);
                    if !templated {
                        self.report(
                            Code::UnknownReference,
                            at.clone(),
                            format!("volume `{}` stands for a claim template, and the app has none of that name", v.name),
                            Some("a StatefulSet with `storage` of the same name".into()),
                            None,
                        );
                    }
                }
            }
        }
    }

    /// Keys mounted as files: the source exists, each key is in it, paths stay inside the
    /// volume, and the mode is a permission mode.
    fn files(&mut self, app: &App, at: &str, files: &Files) {
        let keys: Option<Vec<String>> = match &files.source {
            FileSource::Config => {
                if app.config.is_empty() {
                    self.report(
                        Code::Conflict,
                        at,
                        "the volume mounts the app's config, which is empty".into(),
                        None,
                        None,
                    );
                }
                self.configs.last().map(|d| d.keys().cloned().collect())
            }
            FileSource::SharedConfig(name) => self.shared_config(at, name.name(), None),
            // An optional Secret may be issued later by another tool: declared or not.
            FileSource::Secret(name) if files.optional && self.env.secret(name).is_none() => None,
            FileSource::Secret(name) => {
                self.secret_key(at, name, None);
                self.env.secret(name).map(|s| s.keys.clone())
            }
        };
        for (key, path) in &files.items {
            // An optional source may lack keys: the file is then absent.
            if let Some(keys) = &keys
                && !files.optional
                && !keys.contains(key)
            {
                self.report(
                    Code::UnknownReference,
                    at,
                    format!("key `{key}` is not in the volume's source"),
                    Some(one_of(keys)),
                    did_you_mean(key, keys.iter().map(String::as_str)),
                );
            }
            if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p == "..") {
                self.report(
                    Code::InvalidValue,
                    at,
                    format!("file path `{path}` is not a relative path inside the volume"),
                    Some("e.g. `config/app.yaml`".into()),
                    None,
                );
            }
        }
        if let Some(mode) = files.default_mode
            && !(0..=0o777).contains(&mode)
        {
            self.report(
                Code::InvalidValue,
                at,
                format!("mode {mode} (octal {mode:o}) is not a permission mode"),
                Some("0 to 0o777, e.g. `0o440`".into()),
                None,
            );
        }
    }
}
