//! Storage, scratch space and config files of a Compose service.

use serde_json::{Map, Value, json};

use super::service::Context;
use crate::model::{App, Container, FileSource, VolumeSource};

impl Context<'_> {
    /// Storage as named volumes, scratch space and writable paths as tmpfs, config files as
    /// Compose configs (files beside the Compose file).
    pub(super) fn volumes(
        &mut self,
        app: &App,
        c: &Container,
        object: &str,
        s: &mut Map<String, Value>,
    ) {
        let mut mounts = Vec::new();
        let mut tmpfs: Vec<String> = app.security.writable_paths.clone();
        let mut configs = Vec::new();
        for m in &c.mounts {
            if let Some(storage) = app.storage.iter().find(|st| st.name == m.volume) {
                let volume = self.env.object_name(&format!("{}-{}", app.name, storage.name));
                self.volumes.insert(volume.clone(), json!({}));
                mounts.push(mount(&volume, &m.path, m.read_only));
                continue;
            }
            let Some(volume) = app.volumes.iter().find(|v| v.name == m.volume) else { continue };
            match &volume.source {
                VolumeSource::EmptyDir | VolumeSource::Memory(_) | VolumeSource::Scratch(_) => {
                    // Shared with an init container, scratch space must outlive one service.
                    if app
                        .init_containers
                        .iter()
                        .any(|i| i.mounts.iter().any(|im| im.volume == m.volume))
                    {
                        let name = self.env.object_name(&format!("{}-{}", app.name, volume.name));
                        self.volumes.insert(name.clone(), json!({}));
                        mounts.push(mount(&name, &m.path, m.read_only));
                    } else {
                        tmpfs.push(m.path.clone());
                    }
                }
                VolumeSource::Claim(claim) => {
                    let name = self.env.object_name(claim.name());
                    self.volumes.insert(name.clone(), json!({}));
                    mounts.push(mount(&name, &m.path, m.read_only));
                }
                VolumeSource::ExistingClaim(claim) => {
                    self.volumes.insert(claim.clone(), json!({ "external": true }));
                    mounts.push(mount(claim, &m.path, m.read_only));
                }
                // Its claim template, of the same name, is mounted above.
                VolumeSource::ClaimTemplate => {}
                VolumeSource::Files(files) => match &files.source {
                    FileSource::Config => configs.extend(self.config_files(
                        app,
                        None,
                        &files.items,
                        &m.path,
                        m.sub_path.as_deref(),
                    )),
                    FileSource::SharedConfig(name) => configs.extend(self.config_files(
                        app,
                        Some(name.name()),
                        &files.items,
                        &m.path,
                        m.sub_path.as_deref(),
                    )),
                    FileSource::Secret(_) => self.secret_volume(object, &m.volume),
                },
                VolumeSource::PodFields(_) => self.error(
                    object.into(),
                    "mounts",
                    format!("the pod-field volume `{}` has no Compose meaning", m.volume),
                    None,
                ),
                VolumeSource::Ephemeral { .. } | VolumeSource::Token { .. } => self.error(
                    object.into(),
                    "mounts",
                    format!(
                        "the volume `{}` is made by Kubernetes and has no Compose form",
                        m.volume
                    ),
                    Some("use a named volume, or a file, instead"),
                ),
                VolumeSource::Csi { driver, .. } => self.error(
                    object.into(),
                    "mounts",
                    format!(
                        "the CSI volume `{}` (driver `{driver}`) has no Compose form",
                        m.volume
                    ),
                    Some("mount what it provides from a file or a Secret instead"),
                ),
                VolumeSource::Projected(_) => self.error(
                    object.into(),
                    "mounts",
                    format!("the projected volume `{}` has no Compose form", m.volume),
                    Some("mount its sources one by one"),
                ),
            }
        }
        if !mounts.is_empty() {
            s.insert("volumes".into(), json!(mounts));
        }
        if !tmpfs.is_empty() {
            s.insert("tmpfs".into(), json!(tmpfs));
        }
        if !configs.is_empty() {
            s.insert("configs".into(), Value::Array(configs));
        }
    }

    pub(super) fn secret_volume(&mut self, object: &str, volume: &str) {
        self.error(object.into(), "mounts", format!("volume `{volume}` mounts Secret values as files, which Compose can only read from files in the project"), Some("read the keys as environment variables in this environment; values stay in `.env`, out of git"));
    }

    /// Each key of a ConfigMap (the app's own, or a shared one) as a Compose config, its file
    /// written beside the Compose file; `items` chooses keys and paths.
    pub(super) fn config_files(
        &mut self,
        app: &App,
        shared: Option<&str>,
        items: &[(String, String)],
        dir: &str,
        sub_path: Option<&str>,
    ) -> Vec<Value> {
        let (owner, data) = match shared {
            Some(name) => (name.to_owned(), self.shared(name)),
            None => (app.config_map_name(), self.resolved.app(&app.name).clone()),
        };
        let chosen: Vec<(String, String)> = if items.is_empty() {
            data.keys().map(|k| (k.clone(), k.clone())).collect()
        } else {
            items.to_vec()
        };
        let mut out = Vec::new();
        for (key, path) in chosen {
            if sub_path.is_some_and(|p| p != path) {
                continue;
            }
            let Some(text) = data.get(&key) else { continue };
            let config = format!(
                "{}-{}",
                self.env.object_name(&owner),
                key.replace(['.', '_'], "-").to_ascii_lowercase()
            );
            let file = format!("config/{}/{key}", self.env.object_name(&owner));
            self.files.insert(file.clone(), text.clone());
            self.configs.insert(config.clone(), json!({ "file": format!("./{file}") }));
            let target = if sub_path.is_some() {
                dir.to_owned()
            } else {
                format!("{}/{path}", dir.trim_end_matches('/'))
            };
            out.push(json!({ "source": config, "target": target }));
        }
        out
    }
}

fn mount(volume: &str, path: &str, read_only: bool) -> String {
    if read_only { format!("{volume}:{path}:ro") } else { format!("{volume}:{path}") }
}
