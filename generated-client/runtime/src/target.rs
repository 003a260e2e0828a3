//! Where a response is decoded to, with its type erased: decoding, repairing and paging are
//! compiled once, against these traits, rather than once for every response type. The part
//! that knows the type is a few lines per type, in [`Slot`] and [`ItemList`].

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Track;

use super::codec::{self, Decode};
use super::error::Error;

/// One value being decoded.
pub(crate) trait Target {
    /// Decodes JSON text, all of it.
    fn read_slice(&mut self, bytes: &[u8]) -> Result<(), serde_json::Error>;
    /// Decodes a JSON value.
    fn read_value(&mut self, value: &Value) -> Result<(), serde_json::Error>;
    /// Decodes a JSON value, keeping in `track` where it failed.
    fn read_value_tracked(&mut self, value: &Value, track: &mut Track) -> Result<(), serde_json::Error>;
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

/// How a type is decoded: through the runtime's [`Decode`] (every generated type), or through
/// serde (a caller's own type, in a generic call or a search of documents).
pub(crate) trait Mode<T> {
    /// `T` from JSON text.
    fn from_slice(bytes: &[u8]) -> Result<T, serde_json::Error>;
    /// `T` from a JSON value.
    fn from_value(value: &Value) -> Result<T, serde_json::Error>;
    /// `T` from a JSON value, keeping in `track` where it failed.
    fn from_value_tracked(value: &Value, track: &mut Track) -> Result<T, serde_json::Error>;
    /// A JSON array of `T`s.
    fn list_from_slice(bytes: &[u8]) -> Result<Vec<T>, serde_json::Error>;
}

/// Through [`Decode`].
pub(crate) enum ByDecode {}

/// Through `serde::Deserialize`.
pub(crate) enum BySerde {}

impl<T: Decode> Mode<T> for ByDecode {
    fn from_slice(bytes: &[u8]) -> Result<T, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let value = codec::deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }

    fn from_value(value: &Value) -> Result<T, serde_json::Error> {
        codec::deserialize(value)
    }

    fn from_value_tracked(value: &Value, track: &mut Track) -> Result<T, serde_json::Error> {
        codec::deserialize(serde_path_to_error::Deserializer::new(value, track))
    }

    fn list_from_slice(bytes: &[u8]) -> Result<Vec<T>, serde_json::Error> {
        <ByDecode as Mode<Vec<T>>>::from_slice(bytes)
    }
}

impl<T: DeserializeOwned> Mode<T> for BySerde {
    fn from_slice(bytes: &[u8]) -> Result<T, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    fn from_value(value: &Value) -> Result<T, serde_json::Error> {
        T::deserialize(value)
    }

    fn from_value_tracked(value: &Value, track: &mut Track) -> Result<T, serde_json::Error> {
        T::deserialize(serde_path_to_error::Deserializer::new(value, track))
    }

    fn list_from_slice(bytes: &[u8]) -> Result<Vec<T>, serde_json::Error> {
        serde_json::from_slice(bytes)
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
    fn read_slice(&mut self, bytes: &[u8]) -> Result<(), serde_json::Error> {
        self.value = Some(M::from_slice(bytes)?);
        Ok(())
    }

    fn read_value(&mut self, value: &Value) -> Result<(), serde_json::Error> {
        self.value = Some(M::from_value(value)?);
        Ok(())
    }

    fn read_value_tracked(&mut self, value: &Value, track: &mut Track) -> Result<(), serde_json::Error> {
        self.value = Some(M::from_value_tracked(value, track)?);
        Ok(())
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
        match M::list_from_slice(bytes) {
            Ok(items) => {
                self.items = items.into_iter().map(Ok).collect();
                true
            }
            Err(_) => false,
        }
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
