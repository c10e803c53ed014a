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

/// Filters whose result is never much larger than their input.
const FILTERS: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "int",
    "items",
    "join",
    "last",
    "length",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "sum",
    "title",
    "tojson",
    "trim",
    "unique",
    "upper",
    "indent",
];

/// Functions a config template may call; `range` is capped at 100,000 items by minijinja.
const FUNCTIONS: &[&str] = &["range", "dict"];

/// Refuses `*` and `**` in `source`, which repeat a string or list (100 MB at once, even
/// as a constant the compiler folds); a token the lexer cannot read is left to the compiler,
/// which reports it with its line.
fn no_repetition(source: &str, syntax: SyntaxConfig) -> Result<(), (usize, String)> {
    use minijinja::machinery::Token;
    for token in minijinja::machinery::tokenize(source, false, syntax) {
        let Ok((token, span)) = token else { return Ok(()) };
        if matches!(token, Token::Mul | Token::Pow) {
            return Err((
                usize::from(span.start_line),
                "`*` and `**` can repeat a string or list (compute numbers in Rust and pass them as values)".into(),
            ));
        }
    }
    Ok(())
}

/// Whether `template` can only build values bounded by its source and inputs: output is
/// capped as it is written, and fuel caps the steps, but neither bounds an intermediate
/// value (`{% set s = s ~ s %}` in a loop doubles it each step; `"x" * 100000000` is
/// 100 MB at once), so what could grow them is refused before anything runs: repetition
/// (`*`, `**`), concatenation (`~`, `+`) whose result is stored rather than written, captured
/// blocks, namespace assignment, and filters or functions not listed above
/// (`join` and `indent` only with a short constant argument). The error names the line.
fn bounded(template: &minijinja::Template<'_, '_>) -> Result<(), (Option<usize>, String)> {
    use minijinja::machinery::Instruction as I;
    let compiled = minijinja::machinery::get_compiled_template(template);
    let mut code = vec![&compiled.instructions];
    code.extend(compiled.blocks.values());
    for instructions in code {
        let at = |i: u32| instructions.get_line(i);
        let mut i = 0;
        while let Some(instruction) = instructions.get(i) {
            let refuse = |why: String| Err((at(i), why));
            match instruction {
                I::Mul | I::Pow => return refuse("`*` and `**` can repeat a string or list (compute numbers in Rust and pass them as values)".into()),
                I::BeginCapture(_) => return refuse("a captured block (`{% set x %}…{% endset %}` or a `{% filter %}` block) is not allowed".into()),
                I::SetAttr(name) => return refuse(format!("assigning `.{name}` (a namespace) is not allowed")),
                I::CallMethod(name, _) => return refuse(format!("method `{name}` is not allowed")),
                I::CallObject(_) => return refuse("calling a value is not allowed".into()),
                I::CallFunction(name, _) if !FUNCTIONS.contains(name) => {
                    return refuse(format!("function `{name}` is not allowed (allowed: {})", FUNCTIONS.join(", ")));
                }
                I::ApplyFilter(name, ..) if !FILTERS.contains(name) => {
                    return refuse(format!("filter `{name}` is not allowed (allowed: {})", FILTERS.join(", ")));
                }
                I::ApplyFilter(name @ ("join" | "indent"), args, _) => {
                    // Its one argument is the instruction before: a short constant.
                    let short = match instructions.get(i.wrapping_sub(1)) {
                        Some(I::LoadConst(v)) => v.as_str().map_or_else(
                            || v.as_i64().is_some_and(|n| (0..=64).contains(&n)),
                            |s| s.len() <= 16,
                        ),
                        _ => args.unwrap_or(1) <= 1,
                    };
                    if !short {
                        return refuse(format!("`{name}` takes a constant argument here (a string of at most 16 characters or a width up to 64)"));
                    }
                }
                I::StringConcat | I::Add => {
                    // Allowed in an expression that is written out, never in one that is kept.
                    let mut j = i + 1;
                    loop {
                        match instructions.get(j) {
                            Some(I::Emit) | None => break,
                            Some(I::StoreLocal(_) | I::SetAttr(_) | I::BuildList(_) | I::BuildMap(_) | I::BuildTuple(_) | I::BuildKwargs(_) | I::CallFunction(..) | I::PushLoop(_) | I::PushWith | I::Iterate(_)) => {
                                return refuse("`~` or `+` builds a value that is kept (in a variable, list, map or argument); only write such a value out (`{{ a ~ b }}`)".into());
                            }
                            Some(_) => j += 1,
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    Ok(())
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
    env.set_syntax(syntax.clone());
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
    // Before compiling: the compiler folds constants, so `"x" * 100000000` would be built
    // while compiling, before the instructions could be read.
    no_repetition(&t.source, syntax.clone()).map_err(|(line, why)| {
        format!(
            "template `{}`, line {line}: {why}; config templates may not build values that could grow without bound",
            t.name
        )
    })?;
    let template = env.template_from_named_str(&t.name, &t.source).map_err(describe)?;
    bounded(&template).map_err(|(line, why)| {
        let line = line.map_or_else(String::new, |l| format!(", line {l}"));
        format!(
            "template `{}`{line}: {why}; config templates may not build values that could grow without bound",
            t.name
        )
    })?;
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
    fn templates_that_could_grow_a_value_without_bound_are_refused_before_running() {
        let hostile = [
            ("repeat", "{{ \"x\" * 100000000 }}"),
            (
                "double",
                "{% set s = \"xx\" %}{% for i in range(64) %}{% set s = s ~ s %}{% endfor %}{{ s|length }}",
            ),
            (
                "namespace",
                "{% set ns = namespace(s=\"x\") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            ),
            (
                "capture",
                "{% set a %}xx{% endset %}{% for i in range(64) %}{% set a %}{{ a }}{{ a }}{% endset %}{% endfor %}",
            ),
            ("list", "{% set l = [v] %}{% for i in range(64) %}{% set l = l + l %}{% endfor %}"),
            ("center", "{{ v|center(100000000000) }}"),
            ("replace", "{{ v|replace(\"x\", v ~ v) }}"),
            ("join", "{{ range(100000)|join(v) }}"),
            ("indent", "{{ v|indent(100000000) }}"),
            ("power", "{{ [v] ** 1000 }}"),
        ];
        for (name, source) in hostile {
            let t = Template::new(name, source).value("v", "x");
            let err = render(&t).err().unwrap_or_default();
            assert!(err.contains("may not build values that could grow"), "{name}: {err}");
            assert!(err.starts_with(&format!("template `{name}`, line 1: ")), "{name}: {err}");
        }
    }

    #[test]
    fn what_config_templates_do_is_allowed() {
        let t = Template::new(
            "app.conf",
            "url = {{ host ~ \":\" ~ port }}\n{% for h in hosts|split(\",\") %}peer {{ h|trim|upper }}\n{% endfor %}{% if debug == \"true\" %}debug{% else %}quiet{% endif %}\n{{ hosts|split(\",\")|join(\"; \") }}\n{{ block|indent(4) }}\n",
        )
        .value("host", "db")
        .value("port", "5432")
        .value("hosts", "a, b")
        .value("debug", "false")
        .value("block", "x\ny");
        assert_eq!(
            render(&t),
            Ok("url = db:5432\npeer A\npeer B\nquiet\na;  b\nx\n    y\n".into())
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
