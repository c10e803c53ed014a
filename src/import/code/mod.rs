//! The typed model as Rust source: struct literals that name only what differs from the
//! defaults, so the generated code reads like code a person wrote.

mod access;
mod container;
mod environment;
mod k8s;
mod parts;

use std::collections::BTreeMap;

use crate::model::{App, Container, ContainerOverlay, ImageRef, Overlay};

pub(crate) use access::*;
pub(crate) use container::*;
pub(crate) use environment::*;
pub(crate) use parts::*;

thread_local! {
    /// Long texts printed so far, hoisted into named constants: rustfmt leaves an expression
    /// unformatted when a literal in it overflows the line, and a config file reads better as
    /// a raw string of its own. Printed code holds a marker per text; each file's constants
    /// are named when it is written, so only the texts it uses are named, in its order.
    static TEXTS: std::cell::RefCell<Texts> = std::cell::RefCell::new(Texts::default());
}

/// A typed app a peer may name: its pod selector, its namespace and its module.
pub(super) type KnownApp = (BTreeMap<String, String>, Option<String>, String);

thread_local! {
    /// The typed apps of the project, so a peer that selects one is written as
    /// `Peer::app(&crate::apps::<app>::app())`.
    static APPS: std::cell::RefCell<Vec<KnownApp>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Sets the apps peers may name.
pub(super) fn set_apps(apps: Vec<KnownApp>) {
    APPS.with(|a| *a.borrow_mut() = apps);
}

/// Every long text printed, each once, with what holds it (a key or file name, or empty).
#[derive(Default)]
struct Texts {
    list: Vec<(String, String)>,
    index: std::collections::HashMap<String, usize>,
}

/// Texts longer than this become constants.
const LONG: usize = 48;

/// Texts with at least this many lines are files of their own under `files/`.
const FILE_LINES: usize = 40;

/// Where hoisted text `id` goes in printed code until [`take_constants`] names it: NUL never
/// appears in printed Rust, whose string literals escape it.
fn marker(id: usize) -> String {
    format!("\0{id}\0")
}

/// `body` with each hoisted text named (after what holds it, numbered within the file from
/// its first use), the constants it uses as Rust items, and the files long ones are read
/// from: each `(path under files/<module>/, text)`, for a source file `module.rs` whose
/// directory gets `files/<module>/`.
pub(super) fn take_constants(body: &str, module: &str) -> (String, Vec<(String, String)>, String) {
    TEXTS.with(|t| {
        let t = t.borrow();
        let mut names: BTreeMap<usize, String> = BTreeMap::new();
        let mut order = Vec::new();
        let mut out = String::with_capacity(body.len());
        let mut rest = body;
        while let Some(start) = rest.find('\0') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let id = after.find('\0').and_then(|end| Some((after[..end].parse().ok()?, end)));
            let Some((id, end)) = id.filter(|(id, _)| *id < t.list.len()) else {
                // Not a marker of ours: left for `write_file` to refuse.
                out.push('\0');
                rest = after;
                continue;
            };
            let (text, what) = &t.list[id];
            let name = match names.get(&id) {
                Some(name) => name.clone(),
                None => {
                    let taken: Vec<&String> = names.values().collect();
                    let name = constant_name(text, what, &taken);
                    names.insert(id, name.clone());
                    order.push(id);
                    name
                }
            };
            out.push_str(&name);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        let mut files: Vec<(String, String)> = Vec::new();
        let mut items = String::new();
        for id in order {
            let (text, what) = &t.list[id];
            let name = &names[&id];
            if text.lines().count() < FILE_LINES {
                let literal = crate::safe::rust_text(text);
                items.push_str(&format!("const {name}: &str = {literal};\n"));
                continue;
            }
            // Named by the key that holds it when that is a plain file name, else by the
            // constant; never a path, whatever the input's keys say.
            let plain = !what.is_empty()
                && what.len() <= 100
                && !what.starts_with('.')
                && what.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            let file = if plain { what.clone() } else { format!("{}.txt", name.to_lowercase()) };
            // A second `postgresql.conf` of the module is `postgresql-2.conf`.
            let (stem, ext) = file
                .split_once('.')
                .map_or((file.as_str(), String::new()), |(s, e)| (s, format!(".{e}")));
            let mut candidate = file.clone();
            let mut n = 1;
            while files.iter().any(|(f, _)| *f == candidate) {
                n += 1;
                candidate = format!("{stem}-{n}{ext}");
            }
            let include = crate::safe::rust_str(&format!("files/{module}/{candidate}"));
            files.push((candidate, text.clone()));
            items.push_str(&format!("const {name}: &str = include_str!({include});\n"));
        }
        (items, files, out)
    })
}

/// A constant's name: after what holds the text (up to six words), else its first three
/// words, numbered past the names `taken`.
fn constant_name(text: &str, what: &str, taken: &[&String]) -> String {
    let source = if what.is_empty() { text } else { what };
    let words: Vec<String> = source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        .take(if what.is_empty() { 3 } else { 6 })
        .map(str::to_uppercase)
        .collect();
    let stem = if words.is_empty() { "TEXT".to_owned() } else { words.join("_") };
    let mut name = stem.clone();
    let mut n = 1;
    while taken.contains(&&name) {
        n += 1;
        name = format!("{stem}_{n}");
    }
    name
}

/// A string literal, or the marker of a long text's constant.
pub(super) fn q(text: &str) -> String {
    q_named(text, "")
}

/// [`q`], a long text's constant named after `what` holds it (the key or file name:
/// `JAVA_OPTS`, `NGINX_CONF`), or after its first words when nothing names it.
pub(super) fn q_named(text: &str, what: &str) -> String {
    if text.len() <= LONG && !text.contains('\n') {
        return crate::safe::rust_str(text);
    }
    TEXTS.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(id) = t.index.get(text) {
            return marker(*id);
        }
        let id = t.list.len();
        t.list.push((text.to_owned(), what.to_owned()));
        t.index.insert(text.to_owned(), id);
        marker(id)
    })
}

/// A `String` value.
pub(super) fn s(v: &str) -> String {
    format!("{}.into()", q(v))
}

/// `T { changed fields, ..T::default() }`.
fn with_default<T: Default>(x: &T, lit: impl Fn(&T) -> Lit, path: &str) -> String {
    lit(x).print(&lit(&T::default()), &format!("{path}::default()"))
}

fn opt<T>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
    v.as_ref().map_or_else(|| "None".into(), |x| format!("Some({})", f(x)))
}

fn opt_s(v: &Option<String>) -> String {
    opt(v, |x| s(x))
}

fn opt_n<T: std::fmt::Display>(v: &Option<T>) -> String {
    opt(v, |x| x.to_string())
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    format!("vec![{}]", items.iter().map(f).collect::<Vec<_>>().join(", "))
}

fn strings(items: &[String]) -> String {
    list(items, |x| s(x))
}

/// `labels(&[("k", "v"), …])`; a long value is a constant named after its key
/// (`DESCRIPTION` for `description`, `LAST_APPLIED_CONFIGURATION` for
/// `kubectl.kubernetes.io/last-applied-configuration`).
pub(super) fn labels(m: &BTreeMap<String, String>) -> String {
    let pairs: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("({}, {})", q(k), q_named(v, k.rsplit('/').next().unwrap_or(k))))
        .collect();
    format!("labels(&[{}])", pairs.join(", "))
}

/// A struct literal printing only the fields whose text differs from `base`'s.
pub(super) struct Lit {
    path: String,
    fields: Vec<(&'static str, String)>,
}

impl Lit {
    pub(super) fn new(path: &str) -> Lit {
        Lit { path: path.into(), fields: Vec::new() }
    }

    pub(super) fn field(mut self, name: &'static str, value: String) -> Lit {
        self.fields.push((name, value));
        self
    }

    /// The fields, as pairs.
    pub(super) fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// `Path { changed fields, ..base_expr }`, comparing with `default`'s fields.
    pub(super) fn print(&self, default: &Lit, base_expr: &str) -> String {
        let changed: Vec<String> = self
            .fields
            .iter()
            .filter(|(n, v)| {
                default.fields.iter().find(|(m, _)| m == n).is_none_or(|(_, d)| d != v)
            })
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        if changed.is_empty() {
            return base_expr.to_owned();
        }
        format!("{} {{ {}, ..{base_expr} }}", self.path, changed.join(", "))
    }
}

fn map(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() { "BTreeMap::new()".into() } else { labels(m) }
}

/// An app's fields.
pub(super) fn app_lit(a: &App) -> Lit {
    Lit::new("App")
        .field("component", opt_s(&a.component))
        .field("namespace", opt_s(&a.namespace))
        .field("labels", map(&a.labels))
        .field("annotations", map(&a.annotations))
        .field("selector", map(&a.selector))
        .field("workload", workload(&a.workload))
        .field("replicas", a.replicas.to_string())
        .field("replicas_from", format!("ReplicasFrom::{:?}", a.replicas_from))
        .field("containers", list(&a.containers, container))
        .field("init_containers", list(&a.init_containers, container))
        .field("sidecars", list(&a.sidecars, container))
        .field("expose", opt(&a.expose, expose))
        .field("services", list(&a.services, expose))
        .field("config", config(&a.config))
        .field("storage", list(&a.storage, storage))
        .field("volumes", list(&a.volumes, volume))
        .field("autoscale", opt(&a.autoscale, autoscale))
        .field("ingress", opt(&a.ingress, ingress))
        .field("disruption_budget", opt(&a.disruption_budget, budget))
        .field("rollout", rollout(&a.rollout))
        .field("pod", pod(&a.pod))
        .field("service_account", account(&a.service_account))
        .field("traffic", traffic(&a.traffic))
        .field("security", security(&a.security))
        .field("waivers", format!("vec![{}]", waivers(&a.waivers).join(", ")))
        .field("pod_labels", map(&a.pod_labels))
        .field("pod_annotations", map(&a.pod_annotations))
}

/// The app as an expression: `App { …, ..App::new("name") }`.
pub(super) fn app(a: &App) -> String {
    let base = App::new(&a.name);
    app_lit(a).print(&app_lit(&base), &format!("App::new({})", q(&a.name)))
}

/// `a` as an environment writes it: the base app (`call`) with what differs. Changes to
/// containers become an `Overlay` (the main container's image, variables, resources and
/// probes; other containers' through `ContainerOverlay`) when applying it to the base gives
/// exactly `a`'s containers.
pub(super) fn app_in_env(base: &App, a: &App, call: &str) -> String {
    let overlay = overlay(base, a);
    let skip: &[&str] =
        if overlay.is_some() { &["containers", "init_containers", "sidecars"] } else { &[] };
    let base_lit = app_lit(base);
    let changed: Vec<String> = app_lit(a)
        .fields()
        .iter()
        .zip(base_lit.fields())
        .filter(|((n, v), (_, b))| v != b && !skip.contains(n))
        .map(|((n, v), _)| format!("{n}: {v}"))
        .collect();
    let expr = if changed.is_empty() {
        call.to_owned()
    } else {
        format!("App {{ {}, ..{call} }}", changed.join(", "))
    };
    match overlay {
        Some(o) if o != Overlay::default() => format!("{expr}.with({})", overlay_expr(&o)),
        _ => expr,
    }
}

/// What a container overlay changes in `c` to make it `to`; `None` when it cannot say it.
fn container_change(c: &Container, to: &Container) -> ContainerOverlay {
    let mut o = ContainerOverlay::new(&to.name);
    if c.image != to.image {
        match &to.image.reference {
            ImageRef::Tag(t) if to.image.repository == c.image.repository => {
                o.image_tag = Some(t.clone());
            }
            _ => o.image = Some(to.image.clone()),
        }
    }
    for (k, v) in to.env.iter() {
        if c.env.get(k) != Some(v) {
            o.env = std::mem::take(&mut o.env).set(k, v.clone());
        }
    }
    o.env_remove =
        c.env.iter().map(|(k, _)| k).filter(|k| to.env.get(k).is_none()).cloned().collect();
    if c.resources != to.resources {
        o.resources = Some(to.resources.clone());
    }
    if c.args != to.args {
        o.args = Some(to.args.clone());
    }
    o
}

/// The overlay that turns `base`'s containers into `a`'s, if an overlay can say it.
fn overlay(base: &App, a: &App) -> Option<Overlay> {
    let names = |x: &App| x.all_containers().map(|c| c.name.clone()).collect::<Vec<_>>();
    if names(base) != names(a) {
        return None;
    }
    let mut o = Overlay::default();
    for (i, (b, c)) in base.all_containers().zip(a.all_containers()).enumerate() {
        if b == c {
            continue;
        }
        let mut change = container_change(b, c);
        if i == 0 && !base.containers.is_empty() {
            // The main container's changes read best as the overlay's own fields.
            o.image = change.image.take();
            o.image_tag = change.image_tag.take();
            o.env = std::mem::take(&mut change.env);
            o.env_remove = std::mem::take(&mut change.env_remove);
            o.resources = change.resources.take();
            if b.probes != c.probes {
                o.probes = Some(c.probes.clone());
            }
        }
        if change != ContainerOverlay::new(&c.name) {
            o.containers.push(change);
        }
    }
    // Only when applying it gives exactly `a`'s containers (order of variables included).
    let applied = App {
        containers: base.containers.clone(),
        init_containers: base.init_containers.clone(),
        sidecars: base.sidecars.clone(),
        ..App::new(&a.name)
    }
    .with(o.clone());
    let same = applied.containers == a.containers
        && applied.init_containers == a.init_containers
        && applied.sidecars == a.sidecars;
    same.then_some(o)
}

fn container_overlay(o: &ContainerOverlay) -> String {
    let lit = |o: &ContainerOverlay| {
        Lit::new("ContainerOverlay")
            .field("image", opt(&o.image, |i| image(i, &o.name)))
            .field("image_tag", opt_s(&o.image_tag))
            .field("env", env_of(&o.env))
            .field("env_remove", strings(&o.env_remove))
            .field("resources", opt(&o.resources, resources))
            .field("args", opt(&o.args, |a| strings(a)))
    };
    let base = ContainerOverlay::new(&o.name);
    lit(o).print(&lit(&base), &format!("ContainerOverlay::new({})", q(&o.name)))
}

fn overlay_expr(o: &Overlay) -> String {
    let lit = |o: &Overlay| {
        Lit::new("Overlay")
            .field("image_tag", opt_s(&o.image_tag))
            .field("image", opt(&o.image, |i| image(i, "app")))
            .field("env", env_of(&o.env))
            .field("env_remove", strings(&o.env_remove))
            .field("resources", opt(&o.resources, resources))
            .field("probes", opt(&o.probes, |p| probes(p, "app")))
            .field("containers", list(&o.containers, container_overlay))
    };
    with_default(o, lit, "Overlay")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Waiver;

    #[test]
    fn only_what_differs_from_the_defaults_is_written() {
        let a = App { replicas: 3, ..App::new("api") };
        assert_eq!(app(&a), "App { replicas: 3, ..App::new(\"api\") }");
        assert_eq!(app(&App::new("api")), "App::new(\"api\")");
    }

    /// `body` as a file would be written: its constants named, and them.
    fn named(body: &str) -> (String, String) {
        let (items, _, body) = take_constants(body, "m");
        (items, body)
    }

    #[test]
    fn strings_are_escaped_and_long_texts_become_constants() {
        assert_eq!(s("a \"b\""), "\"a \\\"b\\\"\".into()");
        let file = "server.port=8080\nspring.datasource.url=jdbc:mysql://db:3306/app\n";
        assert_eq!(q(file), q(file), "the same text is one constant");
        let (items, body) = named(&format!("Config::new().set(\"a\", {})", q(file)));
        assert_eq!(body, "Config::new().set(\"a\", SERVER_PORT_SPRING)");
        assert_eq!(items, format!("const SERVER_PORT_SPRING: &str = r#\"{file}\"#;\n"));
        // Each file names only the texts it uses, numbered from its own first one.
        let other = format!("{file}# other\n");
        let _unused = q(&format!("{file}# printed, then left out\n"));
        let (items, body) = named(&format!("({}, {})", q(&other), q(file)));
        assert_eq!(body, "(SERVER_PORT_SPRING, SERVER_PORT_SPRING_2)");
        assert!(items.starts_with("const SERVER_PORT_SPRING: &str = r#\"server.port=8080"));
        assert!(items.contains("# other"), "{items}");
        assert!(!items.contains("left out"), "{items}");
    }

    #[test]
    fn a_long_file_is_read_from_files_beside_the_code_under_a_safe_name() {
        let conf = "max_connections = 20\n".repeat(FILE_LINES);
        let other = conf.replace("20", "30");
        let third = conf.replace("20", "40");
        // A key that is no plain file name never becomes a path.
        let body = format!(
            "({}, {}, {})",
            q_named(&conf, "postgresql.conf"),
            q_named(&other, "../../etc/passwd"),
            q_named(&third, "postgresql.conf")
        );
        let (items, files, body) = take_constants(&body, "examples_base");
        assert_eq!(body, "(POSTGRESQL_CONF, ETC_PASSWD, POSTGRESQL_CONF_2)");
        assert_eq!(
            items,
            "const POSTGRESQL_CONF: &str = include_str!(\"files/examples_base/postgresql.conf\");\n\
             const ETC_PASSWD: &str = include_str!(\"files/examples_base/etc_passwd.txt\");\n\
             const POSTGRESQL_CONF_2: &str = include_str!(\"files/examples_base/postgresql-2.conf\");\n"
        );
        let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["postgresql.conf", "etc_passwd.txt", "postgresql-2.conf"]);
        assert_eq!(files[0].1, conf);
    }

    #[test]
    fn consecutive_waivers_with_one_reason_are_one_waiver() {
        let w = |check: &str, reason: &str| Waiver::new(check, reason);
        let probes = Waiver::no_probes();
        let split: Vec<Waiver> =
            probes.checks.iter().map(|c| Waiver::new(c, &probes.reason)).collect();
        let mut list = vec![w("CKV_K8S_1", "vendor chart"), w("CKV_K8S_2", "vendor chart")];
        list.extend(split);
        list.push(w("CKV_K8S_3", "other"));
        list.push(w("CKV_K8S_4", "vendor chart"));
        assert_eq!(
            waivers(&list),
            [
                r#"Waiver { checks: vec!["CKV_K8S_1".into(), "CKV_K8S_2".into()], reason: "vendor chart".into() }"#,
                "Waiver::no_probes()",
                r#"Waiver::new("CKV_K8S_3", "other")"#,
                r#"Waiver::new("CKV_K8S_4", "vendor chart")"#,
            ]
        );
    }

    #[test]
    fn a_long_value_is_a_constant_named_after_its_key() {
        let opts = "-Xms64m -Xmx128m -XX:+UseContainerSupport -XX:MaxRAMPercentage=75";
        let body = format!(
            "{} {} {}",
            q_named(opts, "JAVA_OPTS"),
            q_named("worker_processes 1;\nevents {}\n", "nginx.conf"),
            // A second text under the same key gets its own constant.
            q_named(&format!("{opts} -Dx=1"), "JAVA_OPTS")
        );
        assert_eq!(named(&body).1, "JAVA_OPTS NGINX_CONF JAVA_OPTS_2");
    }
}
