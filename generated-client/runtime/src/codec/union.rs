//! Choosing the alternative of a union (`oneOf`/`anyOf`) a value is, when no property names it.
//!
//! Every alternative decodes strictly, so trying them in spec order gives the first one whose
//! required properties happen to be present: with documents that all have an `id` and a `name`,
//! every document would become the first kind, its own properties left over. Ranking the
//! alternatives by how well the value's keys fit them first gives the one the value is.

use serde_json::Value;

use super::report::{OffSpec, Repair};
use super::traits::{Failed, Parsed, Source};

/// What one alternative of a union looks like, for ranking a value against it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An object type: the properties a value must have, and all those it lists.
    Object {
        /// The required properties a response carries (neither read-only nor write-only ones
        /// are counted, since one side never sends them).
        required: &'static [&'static str],
        /// Every property the type lists.
        known: &'static [&'static str],
    },
    /// Any other type (a scalar, a list, a map, another union).
    Other,
}

/// How well a value fits an alternative; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// An object type with every required property present and some listed property: ranked
    /// by how many properties it would leave over.
    Object { left_over: usize },
    /// Not an object type: tried in spec order, after every object type the value fits.
    Other,
    /// An object type the value lacks a required property of, or shares no property with.
    Poor,
}

fn fit(value: &Value, shape: &Shape) -> Fit {
    let (Value::Object(map), Shape::Object { required, known }) = (value, shape) else {
        return match shape {
            Shape::Other => Fit::Other,
            Shape::Object { .. } => Fit::Poor,
        };
    };
    if !required.iter().all(|property| map.contains_key(*property)) {
        return Fit::Poor;
    }
    let listed = map.keys().filter(|key| known.contains(&key.as_str())).count();
    if listed == 0 && !map.is_empty() {
        return Fit::Poor;
    }
    Fit::Object { left_over: map.len() - listed }
}

/// The alternatives' indexes, best fitting first; whether the first is an object type that fits
/// strictly better than every other alternative; and the indexes of the object types that fit
/// as well as the first (none when it is not an object type that fits).
fn order(value: &Value, shapes: &[Shape]) -> (Vec<usize>, bool, Vec<usize>) {
    let mut ranked: Vec<(Fit, usize)> = shapes.iter().enumerate().map(|(index, shape)| (fit(value, shape), index)).collect();
    ranked.sort_unstable();
    let sole_best = match ranked.as_slice() {
        [(best @ Fit::Object { .. }, _), (next, _), ..] => best < next,
        [(Fit::Object { .. }, _)] => true,
        _ => false,
    };
    let best = match ranked.first() {
        Some((best @ Fit::Object { .. }, _)) => ranked.iter().take_while(|(fit, _)| fit == best).map(|(_, index)| *index).collect(),
        _ => Vec::new(),
    };
    (ranked.into_iter().map(|(_, index)| index).collect(), sole_best, best)
}

/// A property whose value names the alternative: the property, and each value's alternative.
#[doc(hidden)]
pub type Tag = (&'static str, &'static [(&'static str, usize)]);

/// Decodes one alternative of a union.
#[doc(hidden)]
pub type Alternative<T> = fn(&mut dyn Source) -> Result<T, Failed>;

/// Decodes a union from `source`. The alternative is chosen on the value as it came, and any
/// repair happens inside it, so that it is sent back as the same alternative:
/// - with a `tag` whose property the value has, the alternative its value names, or `other`
///   for a value the tag does not map;
/// - else, when one object type fits strictly best (every required property present, fewest
///   properties left over), that type: an off-spec property in it is its own, to repair or
///   fail on, not a reason to become a type it fits worse;
/// - else the first, best fitting first, that decodes as it is; when none does, of the best
///   fitting object types, the one that needs the fewest repairs, repaired (or failing) where
///   it is off the spec.
///
/// A value left to `other` is off the spec, taken or reported as the decoding says.
/// `alternatives[i]` decodes alternative `i`, whose shape is `shapes[i]`.
///
/// # Errors
///
/// The chosen alternative's, or a value that is none of them when the decoding refuses that.
#[doc(hidden)]
pub fn decode_union<T>(source: &mut dyn Source, tag: Option<Tag>, shapes: &[Shape], alternatives: &[Alternative<T>], other: fn(Value) -> T) -> Result<T, Failed> {
    let mut decoded = None;
    source.with_value(&mut |source| {
        decoded = Some(choose(source, tag, shapes, alternatives, other)?);
        Ok(())
    })?;
    decoded.ok_or_else(Failed::new)
}

fn choose<T>(source: &mut dyn Parsed, tag: Option<Tag>, shapes: &[Shape], alternatives: &[Alternative<T>], other: fn(Value) -> T) -> Result<T, Failed> {
    // What the tag names: `Some(None)` for a value it does not map.
    let named = tag.and_then(|(property, mapping)| {
        let named = source.value().get(property)?.as_str()?;
        Some(mapping.iter().find(|(tag, _)| *tag == named).map(|(_, index)| *index))
    });
    if let Some(named) = named {
        return match named.and_then(|index| alternatives.get(index)) {
            Some(decode) => decode(source),
            None => keep_as_other(source, other),
        };
    }
    let (ranked, sole_best, best) = order(source.value(), shapes);
    if let (true, Some(decode)) = (sole_best, ranked.first().and_then(|index| alternatives.get(*index))) {
        return decode(source);
    }
    for index in &ranked {
        let Some(decode) = alternatives.get(*index) else { continue };
        let mut decoded = None;
        if source.probe(&mut |source| decode(source).map(|value| decoded = Some(value))) {
            if let Some(decoded) = decoded {
                return Ok(decoded);
            }
        }
    }
    // None is as it came. Of the object types that fit best (alike in shape: their properties
    // may differ in an enum's values), the value is the one that reads most of it as it is:
    // repaired where it is off the spec (or, strictly, the error saying where).
    let fewest_repairs = best
        .iter()
        .filter_map(|index| {
            let decode = alternatives.get(*index)?;
            Some((source.repairs(&mut |source| decode(source).map(drop))?, *index))
        })
        .min();
    match fewest_repairs.and_then(|(_, index)| alternatives.get(index)) {
        Some(decode) => decode(source),
        None => keep_as_other(source, other),
    }
}

/// The value as the union's catch-all variant, when the decoding takes that.
fn keep_as_other<T>(source: &mut dyn Parsed, other: fn(Value) -> T) -> Result<T, Failed> {
    let value = source.value().clone();
    source.off_spec(OffSpec::NoAlternative, &|| Repair::Kept(value.clone()))?;
    Ok(other(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::report::Side;
    use crate::codec::value::{Decoding, ValueSource};
    use serde_json::json;

    const ACCESS_PROFILE: Shape = Shape::Object { required: &["id", "name"], known: &["id", "name", "source"] };
    const IDENTITY: Shape = Shape::Object { required: &["id", "name"], known: &["id", "name", "email", "manager"] };

    /// Decodes `value` as a union of `alternatives` of `SHAPES`: what it became, or the error's
    /// pointer and problem; and the pointers of what was reported.
    fn decode(value: &Value, tag: Option<Tag>, alternatives: &[Alternative<&'static str>], lenient: bool) -> (Result<&'static str, String>, Vec<String>) {
        let mut decoding = Decoding::new(Side::Response, lenient);
        let decoded = decode_union(&mut ValueSource::new(value, &mut decoding), tag, &[ACCESS_PROFILE, IDENTITY], alternatives, |_| "other");
        match decoded {
            Ok(decoded) => (Ok(decoded), decoding.into_found().into_iter().map(|found| found.pointer).collect()),
            Err(_) => (Err(decoding.into_problem().to_string()), Vec::new()),
        }
    }

    #[test]
    fn the_alternative_with_fewest_properties_left_over_comes_first() {
        let identity = json!({"id": "1", "name": "Ann", "email": "a@example.com", "manager": null});
        assert_eq!(order(&identity, &[ACCESS_PROFILE, IDENTITY]), (vec![1, 0], true, vec![1]));
        let profile = json!({"id": "1", "name": "Admins", "source": {}});
        assert_eq!(order(&profile, &[ACCESS_PROFILE, IDENTITY]), (vec![0, 1], true, vec![0]));
    }

    #[test]
    fn a_missing_required_property_or_no_shared_property_ranks_last() {
        let shapes = [ACCESS_PROFILE, Shape::Other, Shape::Object { required: &[], known: &["count"] }];
        assert_eq!(order(&json!({"name": "x", "source": {}}), &shapes), (vec![1, 0, 2], false, vec![]));
        assert_eq!(order(&json!("text"), &shapes), (vec![1, 0, 2], false, vec![]));
    }

    /// Accepts anything.
    fn anything(_: &mut dyn Source) -> Result<&'static str, Failed> {
        Ok("access profile")
    }

    /// An identity: its `email` must be a string.
    fn identity(source: &mut dyn Source) -> Result<&'static str, Failed> {
        let value = source.json()?;
        match value.get("email") {
            Some(Value::String(_)) => Ok("identity"),
            _ => Err(source.custom(&"refused")),
        }
    }

    /// Refuses everything.
    fn nothing(source: &mut dyn Source) -> Result<&'static str, Failed> {
        Err(source.custom(&"refused"))
    }

    #[test]
    fn the_first_alternative_that_decodes_best_fitting_first_is_taken() {
        let value = json!({"id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode(&value, None, &[anything, identity], false).0, Ok("identity"));
        let tied = json!({"id": "1", "name": "Ann"});
        assert_eq!(decode(&tied, None, &[nothing, nothing], false).0, Err("none of the union's alternatives".to_owned()));
        assert_eq!(decode(&tied, None, &[nothing, nothing], true), (Ok("other"), vec![String::new()]), "kept, and reported");
    }

    /// An identity whose `kind` must be `"person"`, repaired when it is not.
    fn person(source: &mut dyn Source) -> Result<&'static str, Failed> {
        let value = source.json()?;
        match value.get("kind").and_then(Value::as_str) {
            Some("person") => Ok("person"),
            _ => source.off_spec(OffSpec::Unlisted, &|| Repair::Kept(Value::Null)).map(|()| "person"),
        }
    }

    /// An identity whose `kind` must be `"robot"`, and `email` a string.
    fn robot(source: &mut dyn Source) -> Result<&'static str, Failed> {
        let value = source.json()?;
        if value.get("kind").and_then(Value::as_str) != Some("robot") {
            source.off_spec(OffSpec::Unlisted, &|| Repair::Kept(Value::Null))?;
        }
        match value.get("email") {
            Some(Value::String(_)) => Ok("robot"),
            _ => source.off_spec(OffSpec::Null, &|| Repair::Kept(Value::Null)).map(|()| "robot"),
        }
    }

    #[test]
    fn of_alternatives_alike_in_shape_the_one_needing_fewest_repairs_is_the_value() {
        let robot_without_email = json!({"id": "1", "name": "R2", "kind": "robot", "email": null});
        assert_eq!(decode(&robot_without_email, None, &[person, robot], true), (Ok("robot"), vec![String::new()]));
        assert_eq!(decode(&robot_without_email, None, &[person, robot], false).0, Err("null where the spec does not allow it".to_owned()), "strictly, that one's error");
    }

    #[test]
    fn the_sole_best_fit_owns_its_decoding_error_instead_of_becoming_a_worse_fit() {
        let off_spec_identity = json!({"id": "1", "name": "Ann", "email": 7, "manager": null});
        for lenient in [false, true] {
            assert_eq!(decode(&off_spec_identity, None, &[anything, identity], lenient).0, Err("refused".to_owned()));
        }
        let tied = json!({"id": "1", "name": "Ann"});
        assert_eq!(decode(&tied, None, &[anything, identity], false).0, Ok("access profile"));
    }

    #[test]
    fn a_tag_names_the_alternative_keeps_an_unmapped_value_and_is_ranked_when_absent() {
        const TAG: Tag = ("_type", &[("accessprofile", 0), ("identity", 1)]);
        let tagged = json!({"_type": "accessprofile", "id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode(&tagged, Some(TAG), &[anything, identity], false).0, Ok("access profile"));
        let failing = json!({"_type": "identity", "id": "1", "name": "Ann"});
        assert_eq!(decode(&failing, Some(TAG), &[anything, identity], false).0, Err("refused".to_owned()));
        let unmapped = json!({"_type": "workflow", "id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode(&unmapped, Some(TAG), &[anything, identity], true), (Ok("other"), vec![String::new()]), "kept, and reported");
        assert!(decode(&unmapped, Some(TAG), &[anything, identity], false).0.is_err(), "strictly, an unmapped tag is off the spec");
        let untagged = json!({"id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode(&untagged, Some(TAG), &[anything, identity], false).0, Ok("identity"));
    }
}
