//! Where a response is decoded to, with its type erased: decoding, repairing and paging are
//! compiled once, against these traits, rather than once for every response type. The part
//! that knows the type is a few lines per type, in [`Slot`] and [`ItemList`].

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::{Segment, Track};

use super::report::{pointer_of, Repair, Side};
use super::source::with_source;
use super::traits::{Decode, Failed, Fill, Source};
use super::value::{Decoding, ValueSource};
use crate::error::Error;

/// How many values a caller's own serde type may lose before its body counts as undecodable.
const MAX_DROPS: usize = 256;

/// One value being decoded.
pub(crate) trait Destination {
    /// Decodes the value from JSON text, strictly, as `side`'s JSON: the fast way, which tells
    /// only whether it worked.
    fn read_text(&mut self, bytes: &[u8], side: Side) -> Result<(), serde_json::Error>;
    /// Decodes the value from a parsed JSON value, as `decoding` says.
    fn read_value<'v>(&mut self, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed>;
}

/// JSON text, all of it, handed to `fill` as `side`'s JSON.
fn fill_text(bytes: &[u8], fill: &mut dyn Fill, side: Side) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    with_source(&mut deserializer, fill, side)?;
    deserializer.end()
}

/// The items of one page, decoded one by one.
pub(crate) trait List {
    /// Decodes a whole JSON array of items, the fast way when every item is as the spec says;
    /// `false`, with the list left empty, when one is not.
    fn read_all(&mut self, bytes: &[u8]) -> bool;
    /// Where the next item is decoded to.
    fn next(&mut self) -> &mut dyn Destination;
    /// Keeps the item [`List::next`] decoded.
    fn keep(&mut self);
    /// Puts `error` where an item could not be had.
    fn push_error(&mut self, error: Error);
    /// How many items (and errors in their place) the list has.
    fn len(&self) -> usize;
}

/// How a `T` is decoded: through the runtime's [`Decode`] (every generated type), or through
/// serde (a caller's own type, in a generic call or a search of documents).
pub(crate) trait Mode<T> {
    /// Decodes a `T` from JSON text into `slot`, strictly.
    fn read_text(slot: &mut Option<T>, bytes: &[u8], side: Side) -> Result<(), serde_json::Error>;
    /// Decodes a `T` from a parsed value into `slot`, as `decoding` says.
    fn read_value<'v>(slot: &mut Option<T>, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed>;
    /// Decodes a JSON array of `T`s into `items`.
    fn read_list(items: &mut Vec<crate::Result<T>>, bytes: &[u8]) -> Result<(), serde_json::Error>;
}

/// Through [`Decode`].
pub(crate) enum ByDecode {}

/// The items of a page: a JSON array, each item pushed onto the list as decoded.
struct Page<'a, T>(&'a mut Vec<crate::Result<T>>);

impl<T: Decode> Fill for Page<'_, T> {
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed> {
        source.seq(&mut PageItem(&mut *self.0))
    }
}

struct PageItem<'a, T>(&'a mut Vec<crate::Result<T>>);

impl<T: Decode> Fill for PageItem<'_, T> {
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed> {
        match T::decode(source) {
            Ok(item) => {
                self.0.push(Ok(item));
                Ok(())
            }
            Err(failed) => Err(failed),
        }
    }
}

/// Through `serde::Deserialize`.
pub(crate) enum BySerde {}

impl<T: Decode> Mode<T> for ByDecode {
    fn read_text(slot: &mut Option<T>, bytes: &[u8], side: Side) -> Result<(), serde_json::Error> {
        fill_text(bytes, slot, side)
    }

    fn read_value<'v>(slot: &mut Option<T>, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed> {
        slot.fill(&mut ValueSource::new(value, decoding))
    }

    fn read_list(items: &mut Vec<crate::Result<T>>, bytes: &[u8]) -> Result<(), serde_json::Error> {
        fill_text(bytes, &mut Page(items), Side::Response)
    }
}

impl<T: DeserializeOwned> Mode<T> for BySerde {
    /// A type of the caller's reads as its own `Deserialize` says, whoever sent it.
    fn read_text(slot: &mut Option<T>, bytes: &[u8], _side: Side) -> Result<(), serde_json::Error> {
        *slot = Some(serde_json::from_slice(bytes)?);
        Ok(())
    }

    /// A type of the caller's has no table of properties to repair by: leniently, the value
    /// serde fails at (a location serde reports as data) is left out, until the rest decodes.
    fn read_value<'v>(slot: &mut Option<T>, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed> {
        let mut value = value.clone();
        for _ in 0..MAX_DROPS {
            let mut track = Track::new();
            let error = match T::deserialize(serde_path_to_error::Deserializer::new(&value, &mut track)) {
                Ok(decoded) => {
                    *slot = Some(decoded);
                    return Ok(());
                }
                Err(error) => error,
            };
            let steps: Vec<String> = track.path().iter().filter_map(step).collect();
            let dropped = if decoding.is_lenient() { leave_out(&mut value, &steps) } else { None };
            let pointer = pointer_of(&steps);
            match dropped {
                Some(repair) => decoding.report_at(pointer, error.to_string(), repair),
                None => return Err(decoding.fail_at(pointer, error)),
            }
        }
        Err(decoding.fail_at(String::new(), "too many values off the spec"))
    }

    fn read_list(items: &mut Vec<crate::Result<T>>, bytes: &[u8]) -> Result<(), serde_json::Error> {
        let all: Vec<T> = serde_json::from_slice(bytes)?;
        items.extend(all.into_iter().map(Ok));
        Ok(())
    }
}

/// A `T` decoded (through mode `M`), once it is.
pub(crate) struct Slot<T, M> {
    value: Option<T>,
    mode: PhantomData<fn() -> M>,
}

impl<T, M> Slot<T, M> {
    pub(crate) fn new() -> Self {
        Slot { value: None, mode: PhantomData }
    }

    /// What was decoded; `None` until decoding succeeded.
    pub(crate) fn take(&mut self) -> Option<T> {
        self.value.take()
    }
}

/// One step of the path serde reports, as a JSON pointer's token.
fn step(segment: &Segment) -> Option<String> {
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { .. } | Segment::Unknown => None,
    }
}

/// Leaves the value at `steps` out of `root`: what was left out, or `None` at the root or where
/// there is nothing to leave out.
fn leave_out(root: &mut Value, steps: &[String]) -> Option<Repair> {
    let (last, parent) = steps.split_last()?;
    let mut current = root;
    for token in parent {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match current {
        Value::Object(map) => map.remove(last).map(Repair::Dropped),
        Value::Array(items) => {
            let index = last.parse::<usize>().ok().filter(|index| *index < items.len())?;
            Some(Repair::DroppedItem(items.remove(index)))
        }
        _ => None,
    }
}

impl<T, M: Mode<T>> Destination for Slot<T, M> {
    fn read_text(&mut self, bytes: &[u8], side: Side) -> Result<(), serde_json::Error> {
        M::read_text(&mut self.value, bytes, side)
    }

    fn read_value<'v>(&mut self, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed> {
        M::read_value(&mut self.value, value, decoding)
    }
}

/// A value decoded into whatever [`Fill`] holds it: a target whose type a caller erased.
pub(crate) struct Filled<'a>(pub(crate) &'a mut dyn Fill);

impl Destination for Filled<'_> {
    fn read_text(&mut self, bytes: &[u8], side: Side) -> Result<(), serde_json::Error> {
        fill_text(bytes, self.0, side)
    }

    fn read_value<'v>(&mut self, value: &'v Value, decoding: &mut Decoding<'v>) -> Result<(), Failed> {
        self.0.fill(&mut ValueSource::new(value, decoding))
    }
}

/// The items of a page of `T`s, each decoded (through mode `M`) or an error in its place.
pub(crate) struct ItemList<T, M> {
    items: Vec<crate::Result<T>>,
    next: Slot<T, M>,
}

impl<T, M> ItemList<T, M> {
    pub(crate) fn new() -> Self {
        ItemList { items: Vec::new(), next: Slot::new() }
    }

    pub(crate) fn into_items(self) -> Vec<crate::Result<T>> {
        self.items
    }
}

impl<T, M: Mode<T>> List for ItemList<T, M> {
    fn read_all(&mut self, bytes: &[u8]) -> bool {
        let read = M::read_list(&mut self.items, bytes).is_ok();
        if !read {
            self.items.clear();
        }
        read
    }

    fn next(&mut self) -> &mut dyn Destination {
        &mut self.next
    }

    fn keep(&mut self) {
        if let Some(item) = self.next.take() {
            self.items.push(Ok(item));
        }
    }

    fn push_error(&mut self, error: Error) {
        self.items.push(Err(error));
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}
