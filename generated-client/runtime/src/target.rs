//! Where a response is decoded to, with its type erased: decoding, repairing and paging are
//! compiled once, against these traits, rather than once for every response type. The part
//! that knows the type is a few lines per type, in [`Slot`] and [`ItemList`].

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Track;

use super::codec::{with_source, Decode, Failed, Fill, Source};
use super::error::Error;

/// What a value is decoded from.
pub(crate) enum Input<'a> {
    /// JSON text, all of it.
    Text(&'a [u8]),
    /// A JSON value.
    Value(&'a Value),
    /// A JSON value, the path to where it fails kept in the track.
    Tracked(&'a Value, &'a mut Track),
}

impl Input<'_> {
    /// Hands the input to `fill` as a [`Source`].
    fn fill(self, fill: &mut dyn Fill) -> Result<(), serde_json::Error> {
        match self {
            Input::Text(bytes) => {
                let mut deserializer = serde_json::Deserializer::from_slice(bytes);
                with_source(&mut deserializer, fill)?;
                deserializer.end()
            }
            Input::Value(value) => with_source(value, fill),
            Input::Tracked(value, track) => with_source(serde_path_to_error::Deserializer::new(value, track), fill),
        }
    }

    /// Deserializes a `T` from the input.
    fn deserialize<T: DeserializeOwned>(self) -> Result<T, serde_json::Error> {
        match self {
            Input::Text(bytes) => serde_json::from_slice(bytes),
            Input::Value(value) => T::deserialize(value),
            Input::Tracked(value, track) => T::deserialize(serde_path_to_error::Deserializer::new(value, track)),
        }
    }
}

/// One value being decoded.
pub(crate) trait Target {
    /// Decodes the value from `input`.
    fn read(&mut self, input: Input<'_>) -> Result<(), serde_json::Error>;
}

/// The items of one page, decoded one by one.
pub(crate) trait List {
    /// Decodes a whole JSON array of items, the fast way when every item is as the spec says;
    /// `false`, with the list left empty, when one is not.
    fn read_all(&mut self, bytes: &[u8]) -> bool;
    /// Where the next item is decoded to.
    fn next(&mut self) -> &mut dyn Target;
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
    /// Decodes a `T` from `input` into `slot`.
    fn read(slot: &mut Option<T>, input: Input<'_>) -> Result<(), serde_json::Error>;
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
    fn read(slot: &mut Option<T>, input: Input<'_>) -> Result<(), serde_json::Error> {
        input.fill(slot)
    }

    fn read_list(items: &mut Vec<crate::Result<T>>, bytes: &[u8]) -> Result<(), serde_json::Error> {
        Input::Text(bytes).fill(&mut Page(items))
    }
}

impl<T: DeserializeOwned> Mode<T> for BySerde {
    fn read(slot: &mut Option<T>, input: Input<'_>) -> Result<(), serde_json::Error> {
        *slot = Some(input.deserialize()?);
        Ok(())
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

impl<T, M: Mode<T>> Target for Slot<T, M> {
    fn read(&mut self, input: Input<'_>) -> Result<(), serde_json::Error> {
        M::read(&mut self.value, input)
    }
}

/// A value decoded into whatever [`Fill`] holds it: a target whose type a caller erased.
pub(crate) struct Filled<'a>(pub(crate) &'a mut dyn Fill);

impl Target for Filled<'_> {
    fn read(&mut self, input: Input<'_>) -> Result<(), serde_json::Error> {
        input.fill(self.0)
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

    fn next(&mut self) -> &mut dyn Target {
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
