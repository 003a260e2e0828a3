//! The model decoder and encoder proper: no generic parameter, so compiled once for every model.

use std::borrow::Cow;
use std::fmt;

use serde::de::Visitor;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::encode::to_json;
use super::report::{OffSpec, Repair};
use super::traits::{Failed, Field, FieldRule, Object, Presence};
use crate::model::additional::Additional;

/// The properties of an object being decoded, whatever they are read from: a deserializer's
/// `MapAccess`, or a parsed JSON object.
pub(crate) trait Properties<'de> {
    /// The next property's name.
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Failed>;
    /// Its value, into `field` (as `Decode::decode_present` when `present`).
    fn field(&mut self, field: &mut dyn Field, present: bool) -> Result<Read, Failed>;
    /// Its value, as JSON.
    fn json(&mut self) -> Result<Value, Failed>;
    /// Handles a value off the spec at property `property` (taken, reported, or a failure, as
    /// the decoding says); `repair` says what was done, for a report.
    fn off_spec(&mut self, property: &'static str, kind: OffSpec, repair: &dyn Fn() -> Repair) -> Result<(), Failed>;
    /// Reports that property `property`, which could not be read, was repaired.
    fn repaired(&mut self, property: &'static str, problem: String, repair: Repair);
}

/// How a property's value was read into its field.
pub(crate) enum Read {
    /// As it came: encoding the field gives it back.
    AsItCame,
    /// With an item or entry left out somewhere inside, which the field cannot give back: the
    /// value as it came, to send instead.
    Lossy(Value),
    /// Not at all (only when repairing): the field keeps its empty value.
    Unreadable {
        /// The value as it came.
        original: Value,
        /// Why it could not be read.
        problem: String,
    },
}

/// Which of a model's properties came: a bit each, in 64-bit words (a `u128` bit costs a dozen
/// instructions to set or test, a `u64` one two).
struct Seen {
    small: [u64; 2],
    large: Vec<bool>,
}

impl Seen {
    fn new(count: usize) -> Self {
        let large = if count > 128 { vec![false; count] } else { Vec::new() };
        Seen { small: [0; 2], large }
    }

    fn insert(&mut self, index: usize) {
        match self.large.get_mut(index) {
            Some(seen) => *seen = true,
            None => {
                if let Some(word) = self.small.get_mut(index / 64) {
                    *word |= 1 << (index % 64);
                }
            }
        }
    }

    /// Calls `absent` with the index of each of the first `count` properties that did not come,
    /// in order; a set bit is skipped without a look at its rule.
    fn each_absent(&self, count: usize, mut absent: impl FnMut(usize) -> Result<(), Failed>) -> Result<(), Failed> {
        if !self.large.is_empty() {
            for (index, seen) in self.large.iter().enumerate() {
                if !*seen {
                    absent(index)?;
                }
            }
            return Ok(());
        }
        for (word_index, word) in self.small.iter().enumerate() {
            let first = word_index * 64;
            let in_word = count.saturating_sub(first).min(64);
            let mask = if in_word == 64 { u64::MAX } else { (1 << in_word) - 1 };
            let mut unseen = !word & mask;
            while unseen != 0 {
                absent(first + unseen.trailing_zeros() as usize)?;
                unseen &= unseen - 1;
            }
        }
        Ok(())
    }
}

/// Decodes the object `properties` reads into `target`'s fields: unlisted properties kept, each
/// property as its rule says, required ones checked, and what came off the spec settled so that
/// encoding sends it back as it came.
pub(crate) fn decode_object<'de>(target: &mut dyn Object, properties: &mut dyn Properties<'de>) -> Result<(), Failed> {
    let (rules, by_wire) = (target.rules(), target.by_wire());
    let mut seen = Seen::new(rules.len());
    let mut next = 0;
    target.fields_mut(&mut |fields, additional| {
        while let Some(key) = properties.next_key()? {
            let found = find(rules, by_wire, key.as_str(), next);
            next = found.map_or(next, |index| index + 1);
            let Some((index, rule, field)) = found.and_then(|index| Some((index, rules.get(index)?, fields.get_mut(index)?))) else {
                let value = properties.json()?;
                additional.keep(key.into_string(), value);
                continue;
            };
            let field = &mut **field;
            match properties.field(field, rule.presence == Presence::OptionalHoldingNull)? {
                Read::AsItCame => {
                    // `None` from a field that is not nullable: a `null` came.
                    if matches!(rule.presence, Presence::Optional | Presence::ServerSet) && field.is_left_out() {
                        properties.off_spec(rule.wire, OffSpec::Null, &|| Repair::Kept(Value::Null))?;
                        additional.keep_null(rule.wire);
                    }
                }
                Read::Lossy(original) => additional.remember(rule.wire, Some(original)),
                Read::Unreadable { original, problem } => {
                    // A field of a type with no `None` holds its type's empty value instead.
                    let repair = match rule.presence {
                        Presence::Always => Repair::Placeholder(to_json(field.encodable())),
                        _ => Repair::Dropped(original.clone()),
                    };
                    properties.repaired(rule.wire, problem, repair);
                    additional.remember(rule.wire, Some(original));
                }
            }
            seen.insert(index);
        }
        seen.each_absent(rules.len(), |index| {
            let (Some(rule), Some(field)) = (rules.get(index), fields.get(index)) else { return Ok(()) };
            let kind = match rule.presence {
                Presence::Always => OffSpec::MissingRequired,
                Presence::Nullable | Presence::ServerSet => OffSpec::MissingOptional,
                Presence::Optional | Presence::OptionalHoldingNull | Presence::Tristate => return Ok(()),
            };
            properties.off_spec(rule.wire, kind, &|| Repair::Placeholder(to_json(field.encodable())))?;
            additional.keep_absent(rule.wire);
            Ok(())
        })?;
        settle(rules, fields, additional);
        Ok(())
    })
}

/// How many properties after the last one found are tried before a binary search: an object in
/// the spec's order that leaves out a few finds the next one among them.
const LOOK_AHEAD: usize = 8;

/// The index of the rule of property `key`. An object that lists its properties in the spec's
/// order (as a server's usually does) finds each at `next`, one after the last, or a few after
/// it where some were left out; otherwise the rules sorted by wire name (`by_wire`, when the
/// model gives them) are searched.
fn find(rules: &[FieldRule], by_wire: &[u32], key: &str, next: usize) -> Option<usize> {
    if rules.get(next).is_some_and(|rule| same_name(rule.wire, key)) {
        return Some(next);
    }
    let mut ahead = rules.get(next + 1..).unwrap_or_default().iter().take(LOOK_AHEAD);
    if let Some(offset) = ahead.position(|rule| same_name(rule.wire, key)) {
        return Some(next + 1 + offset);
    }
    let index = |at: &u32| usize::try_from(*at).unwrap_or(usize::MAX);
    if by_wire.len() != rules.len() {
        return rules.iter().position(|rule| rule.wire == key);
    }
    let at = by_wire.binary_search_by(|at| rules.get(index(at)).map_or(std::cmp::Ordering::Greater, |rule| rule.wire.cmp(key))).ok()?;
    by_wire.get(at).map(index)
}

/// Whether two property names are the same. Lengths first, as most names differ in length;
/// then the bytes as a few machine words read in place (the first and last eight of a name of
/// eight to sixteen bytes): for names this short, the call to `memcmp` that `==` makes costs
/// more than the comparison, and serde's derived decoders compare with names of known length,
/// which the compiler does inline.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b, length) = (a.as_bytes(), b.as_bytes(), a.len());
    if length != b.len() {
        return false;
    }
    if length >= 8 {
        let mut at = 0;
        while at + 8 < length {
            if word::<8>(a, at) != word::<8>(b, at) {
                return false;
            }
            at += 8;
        }
        word::<8>(a, length - 8) == word::<8>(b, length - 8)
    } else if length >= 4 {
        word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, length - 4) == word::<4>(b, length - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The `N` bytes of `bytes` from `at`, as a number (zero past the end, where it is never read).
fn word<const N: usize>(bytes: &[u8], at: usize) -> u64 {
    let bytes = bytes.get(at..at + N).and_then(|word| <[u8; N]>::try_from(word).ok()).unwrap_or([0; N]);
    bytes.iter().fold(0, |word, byte| word << 8 | u64::from(*byte))
}

/// Records what each field the lenient decoder replaced holds right after decoding, so that
/// encoding sends the value as it came while the field is left as decoded.
fn settle(rules: &[FieldRule], fields: &[&mut dyn Field], additional: &mut Additional) {
    if additional.is_empty_inside() {
        return;
    }
    let replaced: Vec<String> = additional.replaced().map(str::to_owned).collect();
    for property in replaced {
        let field = rules.iter().position(|rule| rule.wire == property).and_then(|index| fields.get(index));
        if let Some(field) = field {
            additional.settle(&property, format!("{:?}", field.as_debug()));
        }
    }
}

/// An object key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn borrowed(key: &'de str) -> Self {
        Key(Cow::Borrowed(key))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn absent(count: usize, came: &[usize]) -> Vec<usize> {
        let mut seen = Seen::new(count);
        for index in came {
            seen.insert(*index);
        }
        let mut absent = Vec::new();
        let listed = seen.each_absent(count, |index| {
            absent.push(index);
            Ok(())
        });
        assert!(listed.is_ok());
        absent
    }

    #[test]
    fn names_compare_as_strings_do_whatever_their_length_and_where_they_differ() {
        let base = "abcdefghijklmnopqrstuvwxyz0123456789";
        for length in 0..=base.len() {
            let name = &base[..length];
            assert!(same_name(name, name), "{name}");
            for at in 0..length {
                let mut other = name.as_bytes().to_vec();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap_or_default();
                assert!(!same_name(name, &other), "{name} and {other}");
            }
            assert!(!same_name(name, &base[..length.saturating_sub(1)]) || length == 0);
        }
        assert!(!same_name("créé", "cree"));
        assert!(same_name("créé", "créé"));
    }

    #[test]
    fn the_absent_properties_are_listed_in_order_whatever_the_count() {
        assert_eq!(absent(0, &[]), Vec::<usize>::new());
        assert_eq!(absent(5, &[0, 2, 4]), [1, 3]);
        assert_eq!(absent(64, &(1..63).collect::<Vec<_>>()), [0, 63]);
        assert_eq!(absent(65, &(0..64).collect::<Vec<_>>()), [64]);
        assert_eq!(absent(128, &(0..128).filter(|i| i % 50 != 7).collect::<Vec<_>>()), [7, 57, 107]);
        assert_eq!(absent(200, &(0..200).filter(|i| *i != 199 && *i != 3).collect::<Vec<_>>()), [3, 199]);
    }
}
