//! A serde serialiser that writes a typed object (a k8s-openapi struct) straight to YAML:
//! the same bytes as serialising it to a JSON value, putting that in canonical order and
//! writing it (see [`super::to_yaml_value`]), without building the value. That value was
//! most of what serialising an object allocated.
//!
//! Entries are written as they come; a mapping whose leading keys (`apiVersion`, `kind`,
//! `metadata`; `name`, `namespace`, `labels`, `annotations` in a `metadata`; `name` in a list
//! item) arrive later is reordered when it ends, moving the bytes of whole entries. Shapes
//! k8s-openapi never produces (enum variants with data, non-string keys) are refused, and the
//! caller falls back to the JSON path.

use std::cell::RefCell;
use std::fmt::Display;

use serde::ser::{self, Serialize};
use serde_json::Number;

use super::write::{indent, number, put, scalar_key, text};
use super::{METADATA, TOP};

/// A serialiser's eight integer methods, each `body` with the serialiser and the value.
macro_rules! integers {
    ($ok:ty, |$this:pat_param, $v:ident| $body:expr) => {
        integers!(@each $ok, $this, $v, $body, serialize_i8: i8, serialize_i16: i16,
            serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64);
    };
    (@each $ok:ty, $this:pat_param, $v:ident, $body:expr, $($method:ident: $t:ty),*) => {
        $(fn $method(self, $v: $t) -> Result<$ok, Error> {
            let $this = self;
            $body
        })*
    };
}

/// `value` as a YAML document, or why this serialiser cannot write it.
pub(crate) fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    thread_local! {
        /// Written into, then copied out at its exact size: one allocation per document
        /// instead of a growing buffer that is shrunk (a large tree is held as its documents).
        static SCRATCH: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(16 * 1024));
    }
    let write = |out: &mut Vec<u8>| {
        out.clear();
        value.serialize(Writer { out, at: At::Top }).map_err(|e| e.0)?;
        String::from_utf8(out.clone()).map_err(|e| e.to_string())
    };
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut out) => write(&mut out),
        // Only if a value's serialisation came back here; never in practice.
        Err(_) => write(&mut Vec::new()),
    })
}

/// Where the next value goes.
#[derive(Clone, Copy)]
enum At {
    /// It is the document.
    Top,
    /// After `key:`, the key at column `col`; `metadata` when the key is `metadata`.
    Value { col: usize, metadata: bool },
    /// After `- `, the dash at column `col`.
    Item { col: usize },
}

/// Why a value could not be written.
#[derive(Debug)]
pub(crate) struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn unsupported(what: &str) -> Error {
    Error(format!("{what} is not written directly"))
}

/// Writes one value at `at`.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    at: At,
}

impl<'o> Writer<'o> {
    /// A scalar: after `key:` a space first; a block scalar's lines past the key or dash.
    fn scalar(
        self,
        write: impl FnOnce(&mut Vec<u8>, usize) -> Result<(), String>,
    ) -> Result<(), Error> {
        let parent = match self.at {
            At::Top => return Err(unsupported("a document that is not a mapping")),
            At::Value { col, .. } => {
                self.out.push(b' ');
                col
            }
            At::Item { col } => col,
        };
        write(self.out, parent).map_err(Error)
    }

    fn word(self, word: &'static str) -> Result<(), Error> {
        self.scalar(|out, _| {
            put(out, word);
            out.push(b'\n');
            Ok(())
        })
    }

    fn number(self, n: &Number) -> Result<(), Error> {
        self.scalar(|out, _| {
            number(out, n)?;
            out.push(b'\n');
            Ok(())
        })
    }

    fn float(self, v: f64) -> Result<(), Error> {
        // A JSON value has no NaN or infinity: serde_json writes them as null.
        match Number::from_f64(v) {
            Some(n) => self.number(&n),
            None => self.word("null"),
        }
    }

    fn map(self) -> Map<'o> {
        let (col, leads) = match self.at {
            At::Top => (0, TOP),
            At::Value { col, metadata } => (col + 2, if metadata { METADATA } else { &[][..] }),
            At::Item { col } => (col + 2, &["name"][..]),
        };
        let start = self.out.len();
        Map { out: self.out, at: self.at, col, leads, start, entries: Vec::new(), key: None }
    }

    fn seq(self) -> Seq<'o> {
        let col = match self.at {
            At::Top => 0,
            // A sequence under a key starts at the key's own column.
            At::Value { col, .. } => col,
            At::Item { col } => col + 2,
        };
        Seq { out: self.out, at: self.at, col, count: 0 }
    }
}

/// A mapping being written: where each entry starts, to put the leading keys first at the end.
struct Map<'o> {
    out: &'o mut Vec<u8>,
    at: At,
    /// The keys' column.
    col: usize,
    leads: &'static [&'static str],
    start: usize,
    /// Each entry's first byte, and its key's place in `leads`.
    entries: Vec<(usize, Option<usize>)>,
    /// A key given by `serialize_key`, waiting for its value.
    key: Option<String>,
}

impl Map<'_> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if self.entries.is_empty() && matches!(self.at, At::Value { .. }) {
            self.out.push(b'\n');
            self.start = self.out.len();
        }
        let lead = self.leads.iter().position(|l| *l == key);
        self.entries.push((self.out.len(), lead));
        // The first entry of a list item follows its `- `; `finish` indents it if it moves.
        if !(self.entries.len() == 1 && matches!(self.at, At::Item { .. })) {
            indent(self.out, self.col);
        }
        scalar_key(self.out, key).map_err(Error)?;
        self.out.push(b':');
        value.serialize(Writer {
            out: self.out,
            at: At::Value { col: self.col, metadata: key == "metadata" },
        })
    }

    fn finish(self) -> Result<(), Error> {
        if self.entries.is_empty() {
            put(self.out, if matches!(self.at, At::Value { .. }) { " {}\n" } else { "{}\n" });
            return Ok(());
        }
        // The lead keys present, in the leads' order, then the rest as they came.
        let mut order: Vec<usize> = Vec::with_capacity(self.entries.len());
        for l in 0..self.leads.len() {
            order.extend(self.entries.iter().position(|(_, lead)| *lead == Some(l)));
        }
        order.extend((0..self.entries.len()).filter(|&i| self.entries[i].1.is_none()));
        if order.iter().enumerate().all(|(at, &i)| at == i) {
            return Ok(());
        }
        let tail = self.out.split_off(self.start);
        let bounds = |i: usize| {
            let from = self.entries[i].0 - self.start;
            let to = self.entries.get(i + 1).map_or(tail.len(), |(next, _)| next - self.start);
            from..to
        };
        // In a list item the entry written first has no indentation and the one now first
        // must lose its own.
        let item = matches!(self.at, At::Item { .. });
        for (at, i) in order.into_iter().enumerate() {
            let entry = &tail[bounds(i)];
            match (item, at == 0, i == 0) {
                (true, true, false) => self.out.extend_from_slice(&entry[self.col..]),
                (true, false, true) => {
                    indent(self.out, self.col);
                    self.out.extend_from_slice(entry);
                }
                _ => self.out.extend_from_slice(entry),
            }
        }
        Ok(())
    }
}

/// A sequence being written.
struct Seq<'o> {
    out: &'o mut Vec<u8>,
    at: At,
    /// The dashes' column.
    col: usize,
    count: usize,
}

impl Seq<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let first = self.count == 0;
        if first && matches!(self.at, At::Value { .. }) {
            self.out.push(b'\n');
        }
        // The first item of a sequence in a sequence follows its parent's `- `.
        if !first || !matches!(self.at, At::Item { .. }) {
            indent(self.out, self.col);
        }
        self.count += 1;
        put(self.out, "- ");
        value.serialize(Writer { out: self.out, at: At::Item { col: self.col } })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            put(self.out, if matches!(self.at, At::Value { .. }) { " []\n" } else { "[]\n" });
        }
        Ok(())
    }
}

impl<'o> ser::Serializer for Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'o>;
    type SerializeTuple = Seq<'o>;
    type SerializeTupleStruct = Seq<'o>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Map<'o>;
    type SerializeStruct = Map<'o>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.word(if v { "true" } else { "false" })
    }
    integers!((), |writer, v| writer.number(&Number::from(v)));
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.scalar(|out, parent| text(out, v, parent))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // As serde_json does: a sequence of numbers.
        let mut seq = self.seq();
        for b in v {
            seq.item(b)?;
        }
        seq.finish()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.word("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.word("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.word("null")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.map();
        map.entry(variant, value)?;
        map.finish()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'o>, Error> {
        Ok(self.seq())
    }
    fn serialize_tuple(self, _: usize) -> Result<Seq<'o>, Error> {
        Ok(self.seq())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'o>, Error> {
        Ok(self.seq())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("a tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'o>, Error> {
        Ok(self.map())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'o>, Error> {
        Ok(self.map())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("a struct variant"))
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| unsupported("a value without a key"))?;
        self.entry(&key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A mapping key as text: strings, and numbers as serde_json spells them in keys.
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(v.to_string())
    }
    integers!(String, |_key, v| Ok(v.to_string()));
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String, Error> {
        Err(unsupported("a bool key"))
    }
    fn serialize_f32(self, _: f32) -> Result<String, Error> {
        Err(unsupported("a float key"))
    }
    fn serialize_f64(self, _: f64) -> Result<String, Error> {
        Err(unsupported("a float key"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(unsupported("a bytes key"))
    }
    fn serialize_none(self) -> Result<String, Error> {
        Err(unsupported("a null key"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, Error> {
        Err(unsupported("an optional key"))
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Err(unsupported("a null key"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Err(unsupported("a null key"))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        Err(unsupported("an enum key"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(unsupported("a sequence key"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(unsupported("a tuple key"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(unsupported("a tuple key"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("an enum key"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported("a mapping key"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported("a mapping key"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("an enum key"))
    }
}
