//! CEL text to an expression tree: the lexer (strings in every quoting CEL has, raw and
//! triple-quoted included) and a precedence-climbing parser.

use super::V;

/// Functions and macros evaluated here.
const SUPPORTED: &[&str] = &[
    "has",
    "size",
    "all",
    "exists",
    "exists_one",
    "filter",
    "map",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "split",
    "duration",
    "int",
    "string",
];

/// `rule` parsed, once it calls only what is evaluated here.
pub(super) fn parse(rule: &str) -> Result<Expr, String> {
    let tokens = lex(rule)?;
    let mut p = Parser { tokens, at: 0 };
    let expr = p.ternary()?;
    if p.at != p.tokens.len() {
        return Err("unexpected text after the expression".into());
    }
    fn walk(e: &Expr) -> Result<(), String> {
        match e {
            Expr::Call(target, name, args) => {
                if !SUPPORTED.contains(&name.as_str()) {
                    return Err(format!("the function `{name}`"));
                }
                target.iter().try_for_each(|t| walk(t))?;
                args.iter().try_for_each(walk)
            }
            Expr::List(items) => items.iter().try_for_each(walk),
            Expr::Map(entries) => {
                entries.iter().try_for_each(|(k, v)| walk(k).and_then(|()| walk(v)))
            }
            Expr::Select(t, _) | Expr::Unary(_, t) => walk(t),
            Expr::Index(a, b) | Expr::Binary(_, a, b) => walk(a).and_then(|()| walk(b)),
            Expr::Cond(a, b, c) => walk(a).and_then(|()| walk(b)).and_then(|()| walk(c)),
            Expr::Lit(_) | Expr::Ident(_) => Ok(()),
        }
    }
    walk(&expr)?;
    Ok(expr)
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    Int(i64),
    Double(f64),
    Str(String),
    Op(&'static str),
}

pub(super) fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    const OPS: &[&str] = &[
        "&&", "||", "==", "!=", "<=", ">=", "!", "<", ">", "+", "-", "*", "/", "%", "?", ":", ".",
        ",", "(", ")", "[", "]", "{", "}",
    ];
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let raw = (c == 'r' || c == 'R') && matches!(chars.get(i + 1), Some('"' | '\''));
        if c == '"' || c == '\'' || raw {
            if raw {
                i += 1;
            }
            let q = chars[i];
            let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
            i += if triple { 3 } else { 1 };
            let mut s = String::new();
            loop {
                let Some(&c) = chars.get(i) else { return Err("a string is not closed".into()) };
                if c == q
                    && (!triple || (chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q)))
                {
                    i += if triple { 3 } else { 1 };
                    break;
                }
                if c == '\\' && !raw {
                    let e = chars.get(i + 1).copied().unwrap_or('\\');
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                    i += 2;
                } else {
                    s.push(c);
                    i += 1;
                }
            }
            out.push(Tok::Str(s));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&'u') {
                i += 1;
            }
            out.push(if text.contains('.') {
                Tok::Double(text.parse().map_err(|_| format!("`{text}` is not a number"))?)
            } else {
                Tok::Int(text.parse().map_err(|_| format!("`{text}` is not a number"))?)
            });
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let op = OPS
                .iter()
                .find(|op| rest.starts_with(**op))
                .ok_or_else(|| format!("unexpected `{c}`"))?;
            out.push(Tok::Op(op));
            i += op.len();
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub(super) enum Expr {
    Lit(V),
    Ident(String),
    List(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Select(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Call(Option<Box<Expr>>, String, Vec<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek_op(&self, op: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Tok::Op(o)) if *o == op)
    }

    fn eat(&mut self, op: &str) -> bool {
        let found = self.peek_op(op);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.eat(op) { Ok(()) } else { Err(format!("expected `{op}`")) }
    }

    fn ternary(&mut self) -> Result<Expr, String> {
        let cond = self.binary(0)?;
        if self.eat("?") {
            let yes = self.ternary()?;
            self.expect(":")?;
            let no = self.ternary()?;
            return Ok(Expr::Cond(Box::new(cond), Box::new(yes), Box::new(no)));
        }
        Ok(cond)
    }

    /// Binary operators by precedence level, loosest first.
    fn binary(&mut self, level: usize) -> Result<Expr, String> {
        const LEVELS: &[&[&str]] = &[
            &["||"],
            &["&&"],
            &["==", "!=", "<", "<=", ">", ">=", "in"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match self.tokens.get(self.at) {
                Some(Tok::Op(o)) if LEVELS[level].contains(o) => *o,
                Some(Tok::Ident(w)) if w == "in" && LEVELS[level].contains(&"in") => "in",
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.binary(level + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat("!") {
            return Ok(Expr::Unary("!", Box::new(self.unary()?)));
        }
        if self.eat("-") {
            return Ok(Expr::Unary("-", Box::new(self.unary()?)));
        }
        self.postfix()
    }

    fn args(&mut self, close: &str) -> Result<Vec<Expr>, String> {
        let mut out = Vec::new();
        while !self.eat(close) {
            out.push(self.ternary()?);
            if !self.eat(",") {
                self.expect(close)?;
                break;
            }
        }
        Ok(out)
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                let Some(Tok::Ident(name)) = self.tokens.get(self.at).cloned() else {
                    return Err("expected a field name after `.`".into());
                };
                self.at += 1;
                if self.eat("(") {
                    let args = self.args(")")?;
                    e = Expr::Call(Some(Box::new(e)), name, args);
                } else {
                    e = Expr::Select(Box::new(e), name);
                }
            } else if self.eat("[") {
                let index = self.ternary()?;
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(index));
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let token = self.tokens.get(self.at).cloned().ok_or("the rule ends early")?;
        self.at += 1;
        Ok(match token {
            Tok::Int(n) => Expr::Lit(V::Int(n)),
            Tok::Double(d) => Expr::Lit(V::Double(d)),
            Tok::Str(s) => Expr::Lit(V::Str(s)),
            Tok::Ident(w) => match w.as_str() {
                "true" => Expr::Lit(V::Bool(true)),
                "false" => Expr::Lit(V::Bool(false)),
                "null" => Expr::Lit(V::Null),
                _ if self.eat("(") => Expr::Call(None, w, self.args(")")?),
                _ => Expr::Ident(w),
            },
            Tok::Op("(") => {
                let e = self.ternary()?;
                self.expect(")")?;
                e
            }
            Tok::Op("[") => Expr::List(self.args("]")?),
            Tok::Op("{") => {
                let mut entries = Vec::new();
                while !self.eat("}") {
                    let k = self.ternary()?;
                    self.expect(":")?;
                    entries.push((k, self.ternary()?));
                    if !self.eat(",") {
                        self.expect("}")?;
                        break;
                    }
                }
                Expr::Map(entries)
            }
            Tok::Op(o) => return Err(format!("unexpected `{o}`")),
        })
    }
}
