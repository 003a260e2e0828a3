//! Decoding from a parsed JSON value, where every value stays at hand after it fails: the
//! lenient decoder, and the strict one when a location must be told. A [`Decoding`] carries,
//! as arguments rather than as state of the thread, whose JSON this is, whether to repair, the
//! path from the root to the value being read, and what was found on the way.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::object::{decode_object, Key, Properties, Read};
use super::report::{pointer, Finding, InvalidValue, OffSpec, Repair, Side, Step, Verdict};
use super::traits::{read_by_serde, Failed, Field, Fill, Object, Parsed, Source};

/// One decoding of a JSON value: how it decodes, and what it found.
pub struct Decoding<'v> {
    side: Side,
    lenient: bool,
    path: Vec<Step<'v>>,
    found: Vec<Finding>,
    /// How many items and entries were left out of arrays and maps so far: a model whose
    /// property lost one keeps the whole property as it came, to send it back so.
    dropped: usize,
    problem: Option<InvalidValue>,
}

impl<'v> Decoding<'v> {
    /// A decoding of `side`'s JSON, repairing what is off the spec when `lenient`.
    pub(crate) fn new(side: Side, lenient: bool) -> Self {
        Decoding { side, lenient, path: Vec::new(), found: Vec::new(), dropped: 0, problem: None }
    }

    /// What was repaired or kept, in the order it was met.
    pub(crate) fn into_found(self) -> Vec<Finding> {
        self.found
    }

    /// Why decoding failed, where it did.
    pub(crate) fn into_problem(self) -> InvalidValue {
        self.problem.unwrap_or_else(|| InvalidValue { pointer: String::new(), problem: "the value could not be decoded".to_owned() })
    }

    /// Whether off-spec values are repaired.
    pub(crate) fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// Records a repair at `pointer`, from the root, made by a decoder that tracks its own path.
    pub(crate) fn report_at(&mut self, pointer: String, problem: String, repair: Repair) {
        self.found.push(Finding { pointer, problem, repair });
    }

    /// Fails at `pointer`, from the root, for a decoder that tracks its own path.
    pub(crate) fn fail_at(&mut self, pointer: String, problem: impl fmt::Display) -> Failed {
        if self.problem.is_none() {
            self.problem = Some(InvalidValue { pointer, problem: problem.to_string() });
        }
        Failed::new()
    }

    /// The pointer of the current path (plus `property`).
    fn here(&self, property: Option<&'v str>) -> String {
        pointer(self.path.iter().copied().chain(property.map(Step::Key)))
    }

    /// Fails at the current path (plus `property`), keeping the first, innermost, problem.
    fn fail(&mut self, property: Option<&'v str>, problem: impl fmt::Display) -> Failed {
        match self.problem {
            Some(_) => Failed::new(),
            None => self.fail_at(self.here(property), problem),
        }
    }

    /// Records a repair at the current path (plus `property`).
    fn report(&mut self, property: Option<&'v str>, problem: String, repair: Repair) {
        self.report_at(self.here(property), problem, repair);
    }

    /// Handles a value off the spec at the current path (plus `property`) as `kind` says for
    /// this decoding.
    fn off_spec(&mut self, property: Option<&'v str>, kind: OffSpec, repair: &dyn Fn() -> Repair) -> Result<(), Failed> {
        match kind.verdict(self.side, self.lenient) {
            Verdict::Accept => Ok(()),
            Verdict::Report => {
                self.report(property, kind.problem().to_owned(), repair());
                Ok(())
            }
            Verdict::Fail => Err(self.fail(property, kind.problem())),
        }
    }

    /// The problem a lenient decoding just caught, for its report.
    fn take_problem(&mut self) -> String {
        self.problem.take().map_or_else(|| "the value could not be decoded".to_owned(), |problem| problem.problem)
    }

    /// Leaves out the array item or map entry at the current path, which could not be read.
    fn leave_out(&mut self, repair: Repair) {
        let problem = self.take_problem();
        self.report(None, problem, repair);
        self.dropped += 1;
    }
}

/// A JSON value to decode, in a [`Decoding`].
pub struct ValueSource<'v, 'd> {
    value: &'v Value,
    decoding: &'d mut Decoding<'v>,
}

impl<'v, 'd> ValueSource<'v, 'd> {
    /// `value`, decoded as `decoding` says.
    pub(crate) fn new(value: &'v Value, decoding: &'d mut Decoding<'v>) -> Self {
        ValueSource { value, decoding }
    }

    /// Decodes `value`, found at `step` of this one, with `read`.
    fn at<R>(&mut self, step: Step<'v>, value: &'v Value, read: impl FnOnce(&mut ValueSource<'v, '_>) -> R) -> R {
        self.decoding.path.push(step);
        let read = read(&mut ValueSource { value, decoding: &mut *self.decoding });
        self.decoding.path.pop();
        read
    }

    fn read<T: Deserialize<'v>>(&mut self) -> Result<T, Failed> {
        T::deserialize(self.value).map_err(|error| self.decoding.fail(None, error))
    }

    fn expected(&mut self, what: &str) -> Failed {
        let came = describe(self.value);
        self.decoding.fail(None, format_args!("invalid type: {came}, expected {what}"))
    }
}

/// How a value that is not what was expected is described.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

impl Source for ValueSource<'_, '_> {
    read_by_serde!();

    fn json(&mut self) -> Result<Value, Failed> {
        Ok(self.value.clone())
    }

    fn json_object(&mut self) -> Result<Map<String, Value>, Failed> {
        match self.value {
            Value::Object(map) => Ok(map.clone()),
            _ => Err(self.expected("an object")),
        }
    }

    fn optional_json(&mut self) -> Result<Option<Value>, Failed> {
        Ok((!self.value.is_null()).then(|| self.value.clone()))
    }

    fn optional_json_object(&mut self) -> Result<Option<Map<String, Value>>, Failed> {
        if self.value.is_null() {
            return Ok(None);
        }
        self.json_object().map(Some)
    }

    fn option(&mut self, some: &mut dyn Fill) -> Result<bool, Failed> {
        if self.value.is_null() {
            return Ok(false);
        }
        some.fill(self).map(|()| true)
    }

    fn seq(&mut self, items: &mut dyn Fill) -> Result<(), Failed> {
        let Value::Array(array) = self.value else { return Err(self.expected("an array")) };
        for (index, item) in array.iter().enumerate() {
            if let Err(failed) = self.at(Step::Index(index), item, |source| items.fill(source)) {
                if !self.decoding.lenient {
                    return Err(failed);
                }
                self.at(Step::Index(index), item, |source| source.decoding.leave_out(Repair::DroppedItem(item.clone())));
            }
        }
        Ok(())
    }

    fn map(&mut self, entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), Failed>) -> Result<(), Failed> {
        let Value::Object(map) = self.value else { return Err(self.expected("an object")) };
        for (key, value) in map {
            if let Err(failed) = self.at(Step::Key(key), value, |source| entry(key.clone(), source)) {
                if !self.decoding.lenient {
                    return Err(failed);
                }
                self.at(Step::Key(key), value, |source| source.decoding.leave_out(Repair::Dropped(value.clone())));
            }
        }
        Ok(())
    }

    fn object(&mut self, target: &mut dyn Object) -> Result<(), Failed> {
        let Value::Object(map) = self.value else { return Err(self.expected(&format!("a {} object", target.name()))) };
        decode_object(target, &mut ValueProperties { entries: map.iter(), pending: None, decoding: &mut *self.decoding })
    }

    fn custom(&mut self, message: &dyn fmt::Display) -> Failed {
        self.decoding.fail(None, message)
    }

    fn off_spec(&mut self, kind: OffSpec, repair: &dyn Fn() -> Repair) -> Result<(), Failed> {
        self.decoding.off_spec(None, kind, repair)
    }

    fn with_value(&mut self, read: &mut dyn FnMut(&mut dyn Parsed) -> Result<(), Failed>) -> Result<(), Failed> {
        read(self)
    }
}

impl Parsed for ValueSource<'_, '_> {
    fn value(&self) -> &Value {
        self.value
    }

    fn probe(&mut self, read: &mut dyn FnMut(&mut dyn Source) -> Result<(), Failed>) -> bool {
        let lenient = std::mem::replace(&mut self.decoding.lenient, false);
        let read = read(self);
        self.decoding.lenient = lenient;
        if read.is_err() {
            self.decoding.problem = None;
        }
        read.is_ok()
    }

    fn repairs(&mut self, read: &mut dyn FnMut(&mut dyn Source) -> Result<(), Failed>) -> Option<usize> {
        let (lenient, found, dropped) = (std::mem::replace(&mut self.decoding.lenient, true), self.decoding.found.len(), self.decoding.dropped);
        let read = read(self);
        let repairs = self.decoding.found.len() - found;
        self.decoding.found.truncate(found);
        (self.decoding.lenient, self.decoding.dropped, self.decoding.problem) = (lenient, dropped, None);
        read.ok().map(|()| repairs)
    }
}

/// The properties of a JSON object being decoded into a model.
struct ValueProperties<'v, 'd> {
    entries: serde_json::map::Iter<'v>,
    /// The property whose name [`Properties::next_key`] gave last, and its value.
    pending: Option<(&'v str, &'v Value)>,
    decoding: &'d mut Decoding<'v>,
}

impl<'v> ValueProperties<'v, '_> {
    fn pending(&mut self) -> Result<(&'v str, &'v Value), Failed> {
        match self.pending.take() {
            Some(pending) => Ok(pending),
            None => Err(self.decoding.fail(None, "a property's value was read twice")),
        }
    }
}

impl<'v> Properties<'v> for ValueProperties<'v, '_> {
    fn next_key(&mut self) -> Result<Option<Key<'v>>, Failed> {
        Ok(self.entries.next().map(|(key, value)| {
            self.pending = Some((key, value));
            Key::borrowed(key)
        }))
    }

    fn field(&mut self, field: &mut dyn Field, present: bool) -> Result<Read, Failed> {
        let (key, value) = self.pending()?;
        let dropped = self.decoding.dropped;
        self.decoding.path.push(Step::Key(key));
        let read = field.decode(&mut ValueSource { value, decoding: &mut *self.decoding }, present);
        self.decoding.path.pop();
        match read {
            Ok(()) if self.decoding.dropped == dropped => Ok(Read::AsItCame),
            Ok(()) => Ok(Read::Lossy(value.clone())),
            Err(_) if self.decoding.lenient => Ok(Read::Unreadable { original: value.clone(), problem: self.decoding.take_problem() }),
            Err(failed) => Err(failed),
        }
    }

    fn json(&mut self) -> Result<Value, Failed> {
        self.pending().map(|(_, value)| value.clone())
    }

    fn off_spec(&mut self, property: &'static str, kind: OffSpec, repair: &dyn Fn() -> Repair) -> Result<(), Failed> {
        self.decoding.off_spec(Some(property), kind, repair)
    }

    fn repaired(&mut self, property: &'static str, problem: String, repair: Repair) {
        self.decoding.report(Some(property), problem, repair);
    }
}
