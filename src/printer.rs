//! The Rust expressions of typed custom resources (`import --crds`), as a tree laid out the
//! way rustfmt lays them out: flat when short, one item per line when not. The file they go
//! into is laid out again by prettyplease (`import::source`); the tree keeps each literal
//! readable on its own, in tests and in messages.

/// The width rustfmt formats to.
const WIDTH: usize = 100;

/// rustfmt's default limits for a flat struct literal's fields and a flat list's items.
const STRUCT_WIDTH: usize = 18;
const LIST_WIDTH: usize = 60;

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    /// Written as it is: a literal, a path, `Vec::new()`.
    Atom(String),
    /// `prefix` then an expression: `Some(` … `)`, `name: ` ….
    Wrap(String, Box<Expr>, String),
    /// A bracketed sequence.
    Seq(Seq),
}

/// `open items close`: `vec![a, b]`, `Name { a: 1, ..Name::default() }`, `(k, v)`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Seq {
    /// `vec![`, `Name {`, `(`.
    pub(crate) open: String,
    /// The items, without separators.
    pub(crate) items: Vec<Expr>,
    /// A last item written without a trailing comma (`..Name::default()`).
    pub(crate) base: Option<String>,
    /// `]`, `}`, `)`.
    pub(crate) close: String,
    /// Spaces inside the brackets when flat, as in a struct literal.
    pub(crate) spaced: bool,
    /// The widest the items may be when flat.
    pub(crate) flat_width: usize,
}

impl Expr {
    /// An atom.
    pub(crate) fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `prefix expr suffix`.
    pub(crate) fn wrap(prefix: impl Into<String>, inner: Expr, suffix: impl Into<String>) -> Expr {
        Expr::Wrap(prefix.into(), Box::new(inner), suffix.into())
    }

    /// `name: expr`, a struct field.
    pub(crate) fn field(name: &str, value: Expr) -> Expr {
        Expr::wrap(format!("{name}: "), value, "")
    }

    /// `Name { fields, ..base }`.
    pub(crate) fn structure(name: &str, fields: Vec<Expr>, base: Option<String>) -> Expr {
        Expr::Seq(Seq {
            open: format!("{name} {{"),
            items: fields,
            base,
            close: "}".into(),
            spaced: true,
            flat_width: STRUCT_WIDTH,
        })
    }

    /// `open items close`, a list or a call with arguments.
    pub(crate) fn list(open: &str, items: Vec<Expr>, close: &str) -> Expr {
        Expr::Seq(Seq {
            open: open.into(),
            items,
            base: None,
            close: close.into(),
            spaced: false,
            flat_width: LIST_WIDTH,
        })
    }

    /// The expression on one line.
    pub(crate) fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Wrap(prefix, inner, suffix) => format!("{prefix}{}{suffix}", inner.flat()),
            Expr::Seq(seq) => {
                let mut items: Vec<String> = seq.items.iter().map(Expr::flat).collect();
                items.extend(seq.base.iter().cloned());
                let pad = if seq.spaced && !items.is_empty() { " " } else { "" };
                format!("{}{pad}{}{pad}{}", seq.open, items.join(", "), seq.close)
            }
        }
    }

    /// The expression laid out from column `column` of a line indented by `indent`.
    pub(crate) fn layout(&self, indent: usize, column: usize) -> String {
        let mut out = String::new();
        self.write(indent, column, &mut out);
        out
    }

    fn write(&self, indent: usize, column: usize, out: &mut String) {
        let flat = self.flat();
        let fits = column + flat.len() <= WIDTH && !flat.contains('\n');
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Wrap(prefix, inner, suffix) => {
                out.push_str(prefix);
                inner.write(indent, column + prefix.len(), out);
                out.push_str(suffix);
            }
            Expr::Seq(seq) => {
                let body: usize = seq.items.iter().map(|i| i.flat().len() + 2).sum::<usize>()
                    + seq.base.as_ref().map_or(0, String::len);
                if fits && body <= seq.flat_width + 2 {
                    out.push_str(&flat);
                    return;
                }
                let inner = indent + 4;
                let pad = " ".repeat(inner);
                out.push_str(&seq.open);
                out.push('\n');
                for item in &seq.items {
                    out.push_str(&pad);
                    item.write(inner, inner, out);
                    out.push_str(",\n");
                }
                if let Some(base) = &seq.base {
                    out.push_str(&pad);
                    out.push_str(base);
                    out.push('\n');
                }
                out.push_str(&" ".repeat(indent));
                out.push_str(&seq.close);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_expressions_stay_on_one_line_and_long_ones_break_per_item() {
        let short = Expr::structure("A", vec![Expr::field("b", Expr::atom("1"))], None);
        assert_eq!(short.layout(0, 0), "A { b: 1 }");
        let items: Vec<Expr> =
            (0..12).map(|i| Expr::atom(format!("\"item-number-{i}\".into()"))).collect();
        let long = Expr::structure(
            "Spec",
            vec![Expr::field("names", Expr::wrap("Some(", Expr::list("vec![", items, "]"), ")"))],
            Some("..Spec::default()".into()),
        );
        let text = long.layout(4, 4);
        assert!(text.starts_with("Spec {\n        names: Some(vec![\n"), "{text}");
        assert!(text.contains("\n            \"item-number-11\".into(),\n        ]),\n"), "{text}");
        assert!(text.ends_with("        ..Spec::default()\n    }"), "{text}");
    }
}
