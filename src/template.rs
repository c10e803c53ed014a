//! A config's final data, computed once: env files, plain keys and minijinja templates
//! (strict about undefined variables, trailing newline kept).

use std::collections::BTreeMap;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, syntax::SyntaxConfig};

use crate::error::suggest;
use crate::model::{Config, Template};

/// Enough for any config file; stops a runaway loop instead of hanging the render.
const FUEL: u64 = 1_000_000;

/// The most a template may write: a ConfigMap holds at most 1 MiB.
const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// A writer that refuses to grow past [`MAX_OUTPUT_BYTES`] (plus one byte, to tell).
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES + 1 {
            let room = MAX_OUTPUT_BYTES + 1 - self.0.len().min(MAX_OUTPUT_BYTES + 1);
            self.0.extend_from_slice(&buf[..room.min(buf.len())]);
            return Err(std::io::Error::other("the template's output is too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The rendered text of `t`, or a message naming the template, line and problem.
pub(crate) fn render(t: &Template) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Config files are not HTML: `.html` or `.xml` names must not turn `<` into `&lt;`.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    let syntax =
        SyntaxConfig::builder().keep_trailing_newline(true).build().map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    let describe = |e: minijinja::Error| {
        let line = e.line().map_or_else(String::new, |l| format!(", line {l}"));
        let detail =
            e.detail().map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
        let defined: Vec<String> = t.values.keys().map(|k| format!("`{k}`")).collect();
        format!(
            "template `{}`{line}: {detail} (defined: {})",
            t.name,
            if defined.is_empty() { "nothing".into() } else { defined.join(", ") }
        )
    };
    let template = env.template_from_named_str(&t.name, &t.source).map_err(describe)?;
    // Bounded in bytes as well as steps: a loop printing a large value stops at the limit
    // instead of filling memory.
    let mut out = Bounded(Vec::new());
    let rendered = template
        .render_captured_to(minijinja::Value::from_object(t.values.clone()), &mut out)
        .map(|_| ());
    if out.0.len() > MAX_OUTPUT_BYTES {
        return Err(format!(
            "template `{}` writes more than {MAX_OUTPUT_BYTES} bytes, more than a ConfigMap can hold",
            t.name
        ));
    }
    rendered.map(|()| String::from_utf8_lossy(&out.0).into_owned()).map_err(|e| {
        // minijinja says *that* a value is undefined; name *which* ones, and the likely typo.
        let mut missing: Vec<String> = template
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| !t.values.contains_key(v))
            .collect();
        missing.sort_unstable();
        if e.kind() != minijinja::ErrorKind::UndefinedError || missing.is_empty() {
            return describe(e);
        }
        let line = e.line().map_or_else(String::new, |l| format!(", line {l}"));
        let names: Vec<String> = missing.iter().map(|v| format!("`{v}`")).collect();
        let hint = missing
            .iter()
            .find_map(|v| {
                suggest(v, t.values.keys().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}` for `{v}`?"))
            })
            .unwrap_or_default();
        format!("template `{}`{line}: undefined variable {}{hint}", t.name, names.join(", "))
    })
}

/// A config's final data and the problems found computing it; validation reports the
/// problems and hands the data on to render, so nothing is parsed twice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// Key to final value.
    pub data: BTreeMap<String, String>,
    /// `(field, message)` for each env file or template that failed.
    pub problems: Vec<(String, String)>,
}

/// Env files' keys in order, then plain keys, then rendered templates.
pub(crate) fn resolve(config: &Config) -> Resolved {
    let mut out = Resolved::default();
    for (source, text) in &config.env_files {
        match crate::envfile::parse(std::path::Path::new(source), text.as_bytes()) {
            Ok(file) => out.data.extend(file.entries.into_iter().map(|(k, (v, _))| (k, v))),
            Err(d) => out
                .problems
                .push(("config.env_files".into(), format!("{}: {}", d.object, d.message))),
        }
    }
    out.data.extend(config.data.iter().map(|(k, v)| (k.clone(), v.clone())));
    for (key, t) in &config.templates {
        match render(t) {
            Ok(text) => {
                out.data.insert(key.clone(), text);
            }
            Err(message) => out.problems.push((format!("config.{key}"), message)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NGINX: &str = "server {\n  listen {{ port }};\n  server_name {{ host }};\n}\n";

    #[test]
    fn renders_values_and_keeps_the_trailing_newline() {
        let t = Template::new("nginx.conf.j2", NGINX)
            .value("port", "8080")
            .value("host", "a.example.com");
        assert_eq!(
            render(&t),
            Ok("server {\n  listen 8080;\n  server_name a.example.com;\n}\n".into())
        );
    }

    #[test]
    fn an_undefined_variable_names_template_line_and_variable() {
        let t = Template::new("nginx.conf.j2", NGINX).value("port", "8080").value("hots", "x");
        let err = render(&t).err().unwrap_or_default();
        assert_eq!(
            err,
            "template `nginx.conf.j2`, line 3: undefined variable `host`; did you mean `hots` for `host`?"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err =
            render(&Template::new("app.toml.j2", "a = 1\nb = {{ x \n")).err().unwrap_or_default();
        assert!(err.starts_with("template `app.toml.j2`, line 2: syntax error"), "{err}");
    }

    #[test]
    fn output_is_bounded_in_bytes() {
        let t = Template::new("big.j2", "{% for i in range(100000) %}{{ v }}{% endfor %}")
            .value("v", "x".repeat(1000));
        let err = render(&t).err().unwrap_or_default();
        assert!(err.contains("writes more than 1048576 bytes"), "{err}");
    }

    #[test]
    fn html_names_are_not_escaped() {
        let t = Template::new("page.html", "<b>{{ v }}</b>").value("v", "a & b");
        assert_eq!(render(&t), Ok("<b>a & b</b>".into()));
    }
}
