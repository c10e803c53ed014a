//! The CEL rules of CRDs (`x-kubernetes-validations`), evaluated offline: core CEL (literals,
//! operators, `?:`, `in`, indexing, field selection) with the macros and functions the corpus
//! CRDs use (`has`, `size`, `all`, `exists`, `exists_one`, `filter`, `map`, `contains`,
//! `startsWith`, `endsWith`, `matches`, `split`, `duration`). A rule that calls anything else
//! is an error naming the function; a transition rule (`oldSelf`) cannot be judged offline.

use serde_json::Value;

mod parse;

use parse::{Expr, Tok, lex, parse};

/// A CEL value: JSON's, with integers, doubles and durations (in nanoseconds) apart.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    List(Vec<V>),
    Map(Vec<(String, V)>),
    Duration(i128),
}

impl V {
    fn of(v: &Value) -> V {
        match v {
            Value::Null => V::Null,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) => {
                n.as_i64().map_or_else(|| V::Double(n.as_f64().unwrap_or(0.0)), V::Int)
            }
            Value::String(s) => V::Str(s.clone()),
            Value::Array(items) => V::List(items.iter().map(V::of).collect()),
            Value::Object(map) => V::Map(map.iter().map(|(k, v)| (k.clone(), V::of(v))).collect()),
        }
    }
}

/// What evaluating a rule gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The rule holds.
    Holds,
    /// The rule is false for this value, or (with why) cannot be evaluated on it: a missing
    /// field or a type mismatch fails a rule, as the API server's evaluation does.
    Fails(Option<String>),
    /// The rule compares with the stored object (`oldSelf`): not judged offline.
    Transition,
    /// The rule cannot be evaluated: why (an unsupported function, a parse error).
    Error(String),
}

/// `rule` evaluated with `self` bound to `value`.
pub(crate) fn evaluate(rule: &str, value: &Value) -> Outcome {
    if lex(rule).is_ok_and(|tokens| tokens.contains(&Tok::Ident("oldSelf".into()))) {
        return Outcome::Transition;
    }
    let expr = match parse(rule) {
        Ok(e) => e,
        Err(e) => return Outcome::Error(e),
    };
    let scope = vec![("self".to_owned(), V::of(value))];
    match eval(&expr, &scope) {
        Ok(V::Bool(true)) => Outcome::Holds,
        Ok(V::Bool(false)) => Outcome::Fails(None),
        Ok(other) => Outcome::Error(format!("the rule gives {other:?}, not a boolean")),
        Err(Fault::Data(why)) => Outcome::Fails(Some(why)),
        Err(Fault::Unsupported(e)) => Outcome::Error(e),
    }
}

/// Why evaluation stopped: the data (a missing field, a type mismatch: the rule fails) or
/// the rule (something rustomize cannot evaluate).
enum Fault {
    Data(String),
    Unsupported(String),
}

type Scope = Vec<(String, V)>;

fn data<T>(why: impl Into<String>) -> Result<T, Fault> {
    Err(Fault::Data(why.into()))
}

fn eval(e: &Expr, scope: &Scope) -> Result<V, Fault> {
    match e {
        Expr::Lit(v) => Ok(v.clone()),
        Expr::Ident(name) => match scope.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => data(format!("no variable `{name}`")),
        },
        Expr::List(items) => {
            Ok(V::List(items.iter().map(|i| eval(i, scope)).collect::<Result<_, _>>()?))
        }
        Expr::Map(entries) => {
            let mut out = Vec::new();
            for (k, v) in entries {
                let V::Str(k) = eval(k, scope)? else { return data("a map key is not a string") };
                out.push((k, eval(v, scope)?));
            }
            Ok(V::Map(out))
        }
        Expr::Select(target, field) => match eval(target, scope)? {
            V::Map(m) => m
                .into_iter()
                .find(|(k, _)| k == field)
                .map(|(_, v)| v)
                .ok_or_else(|| Fault::Data(format!("no field `{field}`"))),
            _ => data(format!("`.{field}` of a value that has no fields")),
        },
        Expr::Index(target, index) => match (eval(target, scope)?, eval(index, scope)?) {
            (V::List(items), V::Int(i)) => usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i).cloned())
                .ok_or_else(|| Fault::Data("index out of range".into())),
            (V::Map(m), V::Str(k)) => m
                .into_iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v)
                .ok_or_else(|| Fault::Data(format!("no key `{k}`"))),
            _ => data("an index of the wrong type"),
        },
        Expr::Unary(op, x) => match (*op, eval(x, scope)?) {
            ("!", V::Bool(b)) => Ok(V::Bool(!b)),
            ("-", V::Int(n)) => Ok(V::Int(-n)),
            ("-", V::Double(d)) => Ok(V::Double(-d)),
            _ => data(format!("`{op}` of the wrong type")),
        },
        Expr::Cond(c, yes, no) => match eval(c, scope)? {
            V::Bool(true) => eval(yes, scope),
            V::Bool(false) => eval(no, scope),
            _ => data("a condition that is not a boolean"),
        },
        Expr::Binary(op, a, b) => binary(op, a, b, scope),
        Expr::Call(target, name, args) => call(target.as_deref(), name, args, scope),
    }
}

fn binary(op: &str, a: &Expr, b: &Expr, scope: &Scope) -> Result<V, Fault> {
    // `&&` and `||` are commutative in CEL: an error on one side is absorbed by the other.
    if op == "&&" || op == "||" {
        let short = op == "||";
        let left = eval(a, scope);
        if let Ok(V::Bool(x)) = left
            && x == short
        {
            return Ok(V::Bool(short));
        }
        let right = eval(b, scope);
        return match (left, right) {
            (_, Ok(V::Bool(y))) if y == short => Ok(V::Bool(short)),
            (Ok(V::Bool(_)), Ok(V::Bool(y))) => Ok(V::Bool(y)),
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => data(format!("`{op}` of values that are not booleans")),
        };
    }
    let (x, y) = (eval(a, scope)?, eval(b, scope)?);
    let ordering = |x: &V, y: &V| match (x, y) {
        (V::Int(a), V::Int(b)) => Some(a.cmp(b)),
        (V::Double(a), V::Double(b)) => a.partial_cmp(b),
        (V::Int(a), V::Double(b)) => (*a as f64).partial_cmp(b),
        (V::Double(a), V::Int(b)) => a.partial_cmp(&(*b as f64)),
        (V::Str(a), V::Str(b)) => Some(a.cmp(b)),
        (V::Duration(a), V::Duration(b)) => Some(a.cmp(b)),
        _ => None,
    };
    Ok(match op {
        "==" => V::Bool(x == y),
        "!=" => V::Bool(x != y),
        "<" | "<=" | ">" | ">=" => {
            let Some(o) = ordering(&x, &y) else {
                return data(format!("`{op}` of values that do not compare"));
            };
            V::Bool(match op {
                "<" => o.is_lt(),
                "<=" => o.is_le(),
                ">" => o.is_gt(),
                _ => o.is_ge(),
            })
        }
        "in" => match y {
            V::List(items) => V::Bool(items.contains(&x)),
            V::Map(m) => V::Bool(matches!(&x, V::Str(k) if m.iter().any(|(key, _)| key == k))),
            _ => return data("`in` of a value that is not a list or map"),
        },
        "+" => match (x, y) {
            (V::Int(a), V::Int(b)) => {
                V::Int(a.checked_add(b).ok_or_else(|| Fault::Data("overflow".into()))?)
            }
            (V::Double(a), V::Double(b)) => V::Double(a + b),
            (V::Str(a), V::Str(b)) => V::Str(a + &b),
            (V::List(a), V::List(b)) => V::List(a.into_iter().chain(b).collect()),
            _ => return data("`+` of values of different types"),
        },
        "-" | "*" | "/" | "%" => match (x, y) {
            (V::Int(a), V::Int(b)) => V::Int(
                match op {
                    "-" => a.checked_sub(b),
                    "*" => a.checked_mul(b),
                    "/" => a.checked_div(b),
                    _ => a.checked_rem(b),
                }
                .ok_or_else(|| Fault::Data("overflow or division by zero".into()))?,
            ),
            _ => return data(format!("`{op}` of values that are not integers")),
        },
        _ => return Err(Fault::Unsupported(format!("operator `{op}`"))),
    })
}

fn call(target: Option<&Expr>, name: &str, args: &[Expr], scope: &Scope) -> Result<V, Fault> {
    // Macros take a variable and an expression, not values.
    if let (
        Some(target),
        "all" | "exists" | "exists_one" | "filter" | "map",
        [Expr::Ident(var), body],
    ) = (target, name, args)
    {
        let items = match eval(target, scope)? {
            V::List(items) => items,
            V::Map(m) => m.into_iter().map(|(k, _)| V::Str(k)).collect(),
            _ => return data(format!("`{name}` of a value that is neither a list nor a map")),
        };
        let mut results = Vec::new();
        for item in &items {
            let mut inner = scope.clone();
            inner.push((var.clone(), item.clone()));
            results.push(eval(body, &inner));
        }
        let truth = |r: &Result<V, Fault>| matches!(r, Ok(V::Bool(true)));
        return Ok(match name {
            "all" => {
                if let Some(Err(_)) = results.iter().find(|r| r.is_err()) {
                    return data("an element fails to evaluate");
                }
                V::Bool(results.iter().all(truth))
            }
            "exists" => V::Bool(results.iter().any(truth)),
            "exists_one" => V::Bool(results.iter().filter(|r| truth(r)).count() == 1),
            "filter" => V::List(
                items.into_iter().zip(&results).filter(|(_, r)| truth(r)).map(|(i, _)| i).collect(),
            ),
            _ => V::List(results.into_iter().collect::<Result<_, _>>()?),
        });
    }
    if target.is_none() && name == "has" {
        return match args {
            [Expr::Select(obj, field)] => Ok(V::Bool(match eval(obj, scope)? {
                V::Map(m) => m.iter().any(|(k, _)| k == field),
                _ => false,
            })),
            _ => Err(Fault::Unsupported("`has` takes a field selection, `has(x.f)`".into())),
        };
    }
    let mut values = Vec::new();
    if let Some(t) = target {
        values.push(eval(t, scope)?);
    }
    for a in args {
        values.push(eval(a, scope)?);
    }
    Ok(match (name, values.as_slice()) {
        ("size", [V::Str(s)]) => V::Int(s.chars().count() as i64),
        ("size", [V::List(l)]) => V::Int(l.len() as i64),
        ("size", [V::Map(m)]) => V::Int(m.len() as i64),
        ("contains", [V::Str(s), V::Str(x)]) => V::Bool(s.contains(x.as_str())),
        ("startsWith", [V::Str(s), V::Str(x)]) => V::Bool(s.starts_with(x.as_str())),
        ("endsWith", [V::Str(s), V::Str(x)]) => V::Bool(s.ends_with(x.as_str())),
        ("matches", [V::Str(s), V::Str(re)]) => match regex_lite::Regex::new(re) {
            Ok(re) => V::Bool(re.is_match(s)),
            Err(e) => return Err(Fault::Unsupported(format!("the pattern `{re}`: {e}"))),
        },
        ("split", [V::Str(s), V::Str(sep)]) => {
            V::List(s.split(sep.as_str()).map(|p| V::Str(p.to_owned())).collect())
        }
        ("duration", [V::Str(s)]) => {
            V::Duration(duration(s).ok_or_else(|| Fault::Data(format!("`{s}` is not a duration")))?)
        }
        ("int", [V::Int(n)]) => V::Int(*n),
        ("string", [V::Str(s)]) => V::Str(s.clone()),
        (
            "size" | "contains" | "startsWith" | "endsWith" | "matches" | "split" | "duration"
            | "int" | "string",
            _,
        ) => return data(format!("`{name}` of values of the wrong type")),
        _ => return Err(Fault::Unsupported(format!("the function `{name}`"))),
    })
}

/// A Go duration (`1h30m`, `500ms`, `0s`) in nanoseconds.
pub(crate) fn duration(s: &str) -> Option<i128> {
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Some(0);
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += number * scale;
        rest = &rest[unit..];
    }
    let n = total as i128;
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests;
