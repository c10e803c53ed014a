//! A diff as text for the terminal, or as Markdown for a pull-request comment.

use std::fmt::Write as _;

use super::Diff;

/// How `diff` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Lines for the terminal.
    #[default]
    Text,
    /// A Markdown comment: risks first, then a table per changed object.
    Markdown,
}

impl Diff {
    /// The diff in `format`.
    pub fn print(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Markdown => self.markdown(),
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} changed, {} added, {} removed",
            self.changed.len(),
            self.added.len(),
            self.removed.len()
        )
    }

    fn text(&self) -> String {
        let mut out = format!("diff `{}` → `{}`: {}\n", self.left, self.right, self.summary());
        if !self.risks.is_empty() {
            out.push_str("\nrisks:\n");
            for risk in &self.risks {
                let _ = writeln!(out, "  {risk}");
            }
        }
        for change in &self.changed {
            let _ = writeln!(out, "\n~ {}", change.object);
            for f in &change.fields {
                let line = match (&f.before, &f.after) {
                    (Some(a), Some(b)) => format!("    {}: {a} → {b}", f.path),
                    (None, Some(b)) => format!("  + {}: {b}", f.path),
                    (Some(a), None) => format!("  - {}: {a}", f.path),
                    (None, None) => continue,
                };
                out.push_str(&line);
                out.push('\n');
            }
        }
        for (sign, objects) in [('+', &self.added), ('-', &self.removed)] {
            if !objects.is_empty() {
                out.push('\n');
            }
            for object in objects {
                let _ = writeln!(out, "{sign} {object}");
            }
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!(
            "### rustomize diff `{}` → `{}`\n\n**{}**\n",
            code(&self.left),
            code(&self.right),
            self.summary()
        );
        if !self.risks.is_empty() {
            out.push_str("\n#### Risks\n\n");
            for risk in &self.risks {
                let _ = writeln!(out, "- ⚠️ {}", cell(risk));
            }
        }
        if !self.changed.is_empty() {
            out.push_str("\n#### Changed\n");
        }
        for change in &self.changed {
            let _ = write!(
                out,
                "\n**{}**\n\n| field | `{}` | `{}` |\n|---|---|---|\n",
                cell(&change.object),
                code(&self.left),
                code(&self.right)
            );
            for f in &change.fields {
                let value = |v: &Option<String>| {
                    v.as_deref().map_or_else(|| "—".to_owned(), |v| format!("`{}`", code(v)))
                };
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    code(&f.path),
                    value(&f.before),
                    value(&f.after)
                );
            }
        }
        for (title, objects) in [("Added", &self.added), ("Removed", &self.removed)] {
            if !objects.is_empty() {
                let _ = writeln!(out, "\n#### {title}\n");
                for object in objects {
                    let _ = writeln!(out, "- {}", cell(object));
                }
            }
        }
        out
    }
}

/// Text that stays inside one Markdown table cell or list item.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Text that stays inside a code span in a table cell: no backtick can end it early.
fn code(s: &str) -> String {
    cell(s).replace('`', "'")
}
