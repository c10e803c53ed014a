//! The typed model as Rust source: struct literals that name only what differs from the
//! defaults, so the generated code reads like code a person wrote.

mod access;
mod app;
mod container;
mod environment;
mod k8s;
mod parts;
mod pod;

use std::cell::RefCell;
use std::collections::BTreeMap;

pub(crate) use access::*;
pub(crate) use app::*;
pub(crate) use container::*;
pub(crate) use environment::*;
pub(crate) use parts::*;

/// A model value as the Rust expression that builds it. Implementations destructure their
/// type exhaustively, so a field added to the model is a compile error here, never a field
/// silently left out of the code import writes.
pub(crate) trait Code {
    /// The expression, with long texts hoisted through `cx`.
    fn code(&self, cx: &Printer) -> String;
}

impl Code for String {
    fn code(&self, cx: &Printer) -> String {
        cx.s(self)
    }
}

/// A pair of texts (a sysctl, a file's key and path, a resize policy): `("a".into(), "b".into())`.
impl Code for (String, String) {
    fn code(&self, cx: &Printer) -> String {
        format!("({}, {})", cx.s(&self.0), cx.s(&self.1))
    }
}

/// A typed app a peer may name: its pod selector, its namespace and its module.
pub(super) type KnownApp = (BTreeMap<String, String>, Option<String>, String);

/// What printing needs besides the value, passed to every printer: the long texts printed so
/// far and the typed apps a peer may name. One per written project, so nothing is shared
/// between two imports (or two tests) and nothing outlives the project it was made for.
#[derive(Default)]
pub(crate) struct Printer {
    /// Long texts, hoisted into named constants: a literal longer than the line hides the
    /// expression around it, and a config file reads better as a raw string of its own.
    /// Printed code holds a marker per text; each file's constants are named when it is
    /// written, so only the texts it uses are named, in its order.
    texts: RefCell<Texts>,
    /// The typed apps of the project, so a peer that selects one is written as
    /// `Peer::app(&crate::apps::<app>::app())`.
    apps: Vec<KnownApp>,
    /// The declarations whose handles were printed since [`Printer::take_handles`]: the
    /// arguments a base app's function takes.
    handles: RefCell<std::collections::BTreeSet<(String, Declared)>>,
    /// Names and hosts made of an environment's name in a way at least two environments
    /// share (`shop-{name}`, `{name}.example.com`), as `format!` templates.
    derived: std::collections::BTreeSet<String>,
    /// The environment whose function is being printed, whose `name` those are made of.
    environment: RefCell<Option<String>>,
    /// Whether anything was derived from it since [`Printer::in_environment`].
    derived_any: std::cell::Cell<bool>,
}

/// The variable of an environment's function that holds its name.
pub(super) const ENV_NAME: &str = "name";

/// `value` as a `format!` template over an environment called `name`: each place `name`
/// stands as a whole part (between `.`, `-`, `_`, `/`, `:` or the ends) is `{name}`, braces
/// escaped; `None` when it stands nowhere, or the name is too short to tell.
pub(super) fn template(value: &str, name: &str) -> Option<String> {
    if name.len() < 2 {
        return None;
    }
    let separator = |c: Option<char>| c.is_none_or(|c| ".-_/:".contains(c));
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut out = String::new();
    let mut rest = 0;
    let mut found = false;
    for (at, _) in value.match_indices(name) {
        let end = at + name.len();
        if at < rest
            || !separator(value[..at].chars().next_back())
            || !separator(value[end..].chars().next())
        {
            continue;
        }
        out.push_str(&escape(&value[rest..at]));
        out.push_str(&format!("{{{ENV_NAME}}}"));
        rest = end;
        found = true;
    }
    out.push_str(&escape(&value[rest..]));
    found.then_some(out)
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

/// Where hoisted text `id` goes in printed code until [`Printer::take_constants`] names it:
/// NUL never appears in printed Rust, whose string literals escape it.
fn marker(id: usize) -> String {
    format!("\0{id}\0")
}

impl Printer {
    /// Sets the templates (of [`template`]) that at least two environments share.
    pub(super) fn set_derived(&mut self, templates: std::collections::BTreeSet<String>) {
        self.derived = templates;
    }

    /// Prints what follows as the function of environment `name` (`None`: outside any).
    pub(super) fn in_environment(&self, name: Option<&str>) {
        *self.environment.borrow_mut() = name.map(str::to_owned);
        self.derived_any.set(false);
    }

    /// Whether the environment's function uses its `name` variable.
    pub(super) fn derived_any(&self) -> bool {
        self.derived_any.get()
    }

    /// [`Printer::s`], or `format!("…{name}…")` inside an environment's function when
    /// `v` is made of its name as other environments' values are.
    pub(super) fn derived_s(&self, v: &str) -> String {
        let environment = self.environment.borrow();
        let made = environment.as_deref().and_then(|name| template(v, name));
        match made.filter(|t| self.derived.contains(t)) {
            Some(t) => {
                self.derived_any.set(true);
                format!("format!({})", crate::safe::rust_str(&t))
            }
            None => self.s(v),
        }
    }

    /// Sets the apps peers may name.
    pub(super) fn set_apps(&mut self, apps: Vec<KnownApp>) {
        self.apps = apps;
    }

    /// `variable.handle()` of the declaration called `name` (a shared ConfigMap is bound
    /// once in the environment's function, and is an argument of each base app that uses
    /// it), recorded.
    fn handle(&self, name: &str, what: Declared) -> String {
        let ident = declaration(name, what);
        let call = format!("{ident}.handle()");
        self.handles.borrow_mut().insert((ident, what));
        call
    }

    /// The declarations whose handles were printed since the last call, by variable.
    pub(super) fn take_handles(&self) -> Vec<(String, Declared)> {
        std::mem::take(&mut *self.handles.borrow_mut()).into_iter().collect()
    }

    /// The module of the one typed app with this pod selector and namespace.
    fn known_app(&self, selector: &BTreeMap<String, String>, ns: &Option<String>) -> Option<&str> {
        let mut same = self.apps.iter().filter(|(s, n, _)| s == selector && n == ns);
        match (same.next(), same.next()) {
            (Some((_, _, module)), None) => Some(module),
            _ => None,
        }
    }

    /// `body` with each hoisted text named (after what holds it, numbered within the file from
    /// its first use), the constants it uses as Rust items, and the files long ones are read
    /// from: each `(path under files/<module>/, text)`, for a source file `module.rs` whose
    /// directory gets `files/<module>/`.
    pub(super) fn take_constants(
        &self,
        body: &str,
        module: &str,
    ) -> (String, Vec<(String, String)>, String) {
        let t = self.texts.borrow();
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
    }

    /// A string literal, or the marker of a long text's constant.
    pub(super) fn q(&self, text: &str) -> String {
        self.q_named(text, "")
    }

    /// [`Printer::q`], a long text's constant named after `what` holds it (the key or file
    /// name: `JAVA_OPTS`, `NGINX_CONF`), or after its first words when nothing names it.
    pub(super) fn q_named(&self, text: &str, what: &str) -> String {
        if text.len() <= LONG && !text.contains('\n') {
            return crate::safe::rust_str(text);
        }
        let mut t = self.texts.borrow_mut();
        if let Some(id) = t.index.get(text) {
            return marker(*id);
        }
        let id = t.list.len();
        t.list.push((text.to_owned(), what.to_owned()));
        t.index.insert(text.to_owned(), id);
        marker(id)
    }

    /// A `String` value.
    pub(super) fn s(&self, v: &str) -> String {
        format!("{}.into()", self.q(v))
    }

    /// An `Option<String>` value.
    fn opt_s(&self, v: &Option<String>) -> String {
        opt(v, |x| self.s(x))
    }

    /// `vec![…]` of values that print themselves.
    fn vec<T: Code>(&self, items: &[T]) -> String {
        list(items, |x| x.code(self))
    }

    /// `None` or `Some(…)` of a value that prints itself.
    fn option<T: Code>(&self, v: &Option<T>) -> String {
        opt(v, |x| x.code(self))
    }

    /// `labels(&[("k", "v"), …])`; a long value is a constant named after its key
    /// (`DESCRIPTION` for `description`, `LAST_APPLIED_CONFIGURATION` for
    /// `kubectl.kubernetes.io/last-applied-configuration`).
    pub(super) fn labels(&self, m: &BTreeMap<String, String>) -> String {
        let pairs: Vec<String> = m
            .iter()
            .map(|(k, v)| {
                let key = k.rsplit('/').next().unwrap_or(k);
                format!("({}, {})", self.q(k), self.q_named(v, key))
            })
            .collect();
        format!("labels(&[{}])", pairs.join(", "))
    }

    /// A map: `BTreeMap::new()` when empty, else [`Printer::labels`].
    fn map(&self, m: &BTreeMap<String, String>) -> String {
        if m.is_empty() { "BTreeMap::new()".into() } else { self.labels(m) }
    }
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

/// `T { changed fields, ..T::default() }`.
fn with_default<T: Default>(x: &T, lit: impl Fn(&T) -> Lit, path: &str) -> String {
    lit(x).print(&lit(&T::default()), &format!("{path}::default()"))
}

fn opt<T>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
    v.as_ref().map_or_else(|| "None".into(), |x| format!("Some({})", f(x)))
}

fn opt_n<T: std::fmt::Display>(v: &Option<T>) -> String {
    opt(v, |x| x.to_string())
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    format!("vec![{}]", items.iter().map(f).collect::<Vec<_>>().join(", "))
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

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn a_template_replaces_the_name_where_it_stands_as_a_whole_part() {
        let cases = [
            ("shop-prod", "prod", Some("shop-{name}")),
            ("prod.example.com", "prod", Some("{name}.example.com")),
            ("prod-", "prod", Some("{name}-")),
            ("a/prod:prod_b", "prod", Some("a/{name}:{name}_b")),
            // Inside a word it is another word; a brace is escaped for `format!`.
            ("production", "prod", None),
            ("reprod.io", "prod", None),
            ("{prod}", "prod", None),
            ("x-{y}-prod", "prod", Some("x-{{y}}-{name}")),
            // Too short to tell from a coincidence.
            ("a-b", "a", None),
        ];
        for (value, name, expected) in cases {
            assert_eq!(template(value, name).as_deref(), expected, "{value} in {name}");
        }
    }

    use super::*;
    use crate::model::{App, Autoscale, Container, Image, Overlay, Waiver};

    #[test]
    fn only_what_differs_from_the_defaults_is_written() {
        let cx = Printer::default();
        let a = App { replicas: 3, ..App::new("api") };
        assert_eq!(a.code(&cx), "App { replicas: 3, ..App::new(\"api\") }");
        assert_eq!(App::new("api").code(&cx), "App::new(\"api\")");
    }

    /// `body` as a file would be written: its constants named, and them.
    fn named(cx: &Printer, body: &str) -> (String, String) {
        let (items, _, body) = cx.take_constants(body, "m");
        (items, body)
    }

    #[test]
    fn strings_are_escaped_and_long_texts_become_constants() {
        let cx = Printer::default();
        assert_eq!(cx.s("a \"b\""), "\"a \\\"b\\\"\".into()");
        let file = "server.port=8080\nspring.datasource.url=jdbc:mysql://db:3306/app\n";
        assert_eq!(cx.q(file), cx.q(file), "the same text is one constant");
        let (items, body) = named(&cx, &format!("Config::new().set(\"a\", {})", cx.q(file)));
        assert_eq!(body, "Config::new().set(\"a\", SERVER_PORT_SPRING)");
        assert_eq!(items, format!("const SERVER_PORT_SPRING: &str = r#\"{file}\"#;\n"));
        // Each file names only the texts it uses, numbered from its own first one.
        let other = format!("{file}# other\n");
        let _unused = cx.q(&format!("{file}# printed, then left out\n"));
        let (items, body) = named(&cx, &format!("({}, {})", cx.q(&other), cx.q(file)));
        assert_eq!(body, "(SERVER_PORT_SPRING, SERVER_PORT_SPRING_2)");
        assert!(items.starts_with("const SERVER_PORT_SPRING: &str = r#\"server.port=8080"));
        assert!(items.contains("# other"), "{items}");
        assert!(!items.contains("left out"), "{items}");
    }

    #[test]
    fn printers_share_nothing() {
        // Two projects written one after the other (or at once, on two threads) each name
        // their own texts: a text of one is not a constant of the other.
        let first = Printer::default();
        let text = "a text long enough to be hoisted into a constant of its own";
        let marker = first.q(text);
        let second = Printer::default();
        let (items, _, body) = second.take_constants(&marker, "m");
        assert_eq!(items, "");
        assert!(body.contains('\0'), "left for `write_file` to refuse: {body:?}");
        let (items, _, body) = first.take_constants(&marker, "m");
        assert_eq!(body, "A_TEXT_LONG");
        assert!(items.starts_with("const A_TEXT_LONG: &str = "), "{items}");
    }

    #[test]
    fn a_long_file_is_read_from_files_beside_the_code_under_a_safe_name() {
        let cx = Printer::default();
        let conf = "max_connections = 20\n".repeat(FILE_LINES);
        let other = conf.replace("20", "30");
        let third = conf.replace("20", "40");
        // A key that is no plain file name never becomes a path.
        let body = format!(
            "({}, {}, {})",
            cx.q_named(&conf, "postgresql.conf"),
            cx.q_named(&other, "../../etc/passwd"),
            cx.q_named(&third, "postgresql.conf")
        );
        let (items, files, body) = cx.take_constants(&body, "examples_base");
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
        let cx = Printer::default();
        let w = |check: &str, reason: &str| Waiver::new(check, reason);
        let probes = Waiver::no_probes();
        let split: Vec<Waiver> =
            probes.checks.iter().map(|c| Waiver::new(c, &probes.reason)).collect();
        let mut list = vec![w("CKV_K8S_1", "vendor chart"), w("CKV_K8S_2", "vendor chart")];
        list.extend(split);
        list.push(w("CKV_K8S_3", "other"));
        list.push(w("CKV_K8S_4", "vendor chart"));
        assert_eq!(
            merged_waivers(&cx, &list),
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
        let cx = Printer::default();
        let opts = "-Xms64m -Xmx128m -XX:+UseContainerSupport -XX:MaxRAMPercentage=75";
        let body = format!(
            "{} {} {}",
            cx.q_named(opts, "JAVA_OPTS"),
            cx.q_named("worker_processes 1;\nevents {}\n", "nginx.conf"),
            // A second text under the same key gets its own constant.
            cx.q_named(&format!("{opts} -Dx=1"), "JAVA_OPTS")
        );
        assert_eq!(named(&cx, &body).1, "JAVA_OPTS NGINX_CONF JAVA_OPTS_2");
    }

    #[test]
    fn the_handles_an_app_prints_are_the_arguments_it_takes() {
        use crate::model::{EnvFrom, ServiceAccount, SharedAccountRef, SharedConfigRef};
        let cx = Printer::default();
        let app = App {
            containers: vec![Container {
                name: "api".into(),
                env_from: vec![EnvFrom::Shared(SharedConfigRef::named("settings"))],
                ..Container::default()
            }],
            service_account: ServiceAccount::Shared(SharedAccountRef::named("reader")),
            ..App::new("api")
        };
        let code = app.code(&cx);
        assert!(code.contains("EnvFrom::Shared(settings.handle())"), "{code}");
        assert!(code.contains("ServiceAccount::Shared(reader_account.handle())"), "{code}");
        assert_eq!(
            cx.take_handles(),
            [
                ("reader_account".to_owned(), Declared::Account),
                ("settings".to_owned(), Declared::Config)
            ]
        );
        assert_eq!(cx.take_handles(), [], "taken once");
        // A name in a string is no handle.
        let _ = App { component: Some("settings.handle()".into()), ..App::new("x") }.code(&cx);
        assert_eq!(cx.take_handles(), []);
    }

    fn api() -> App {
        App {
            containers: vec![Container {
                name: "api".into(),
                image: Image::tag("ghcr.io/acme/api", "1.0"),
                ..Container::default()
            }],
            autoscale: Some(Autoscale { min_replicas: 2, max_replicas: 4, ..Autoscale::default() }),
            ..App::new("api")
        }
    }

    #[test]
    fn an_environment_states_its_differences_as_an_overlay() {
        let cx = Printer::default();
        let base = api();
        let prod = base.clone().with(Overlay {
            replicas: Some(3),
            image_tag: Some("1.1".into()),
            pod_annotations: [("a".to_owned(), "b".to_owned())].into(),
            ..Overlay::default()
        });
        assert_eq!(
            app_in_env(&cx, &base, &prod, "base()"),
            "base().with(Overlay { replicas: Some(3), image_tag: Some(\"1.1\".into()), \
             pod_annotations: labels(&[(\"a\", \"b\")]), ..Overlay::default() })"
        );
        assert_eq!(app_in_env(&cx, &base, &base, "base()"), "base()");
    }

    #[test]
    fn what_no_overlay_says_is_a_struct_update_beside_it() {
        let cx = Printer::default();
        let base = api();
        // An overlay sets an autoscaler but never removes one.
        let dev = App { autoscale: None, replicas: 1, ..base.clone() };
        let dev = dev.with(Overlay { image_tag: Some("dev".into()), ..Overlay::default() });
        assert_eq!(
            app_in_env(&cx, &base, &dev, "base()"),
            "App { autoscale: None, ..base() }.with(Overlay { image_tag: Some(\"dev\".into()), ..Overlay::default() })"
        );
    }
}
