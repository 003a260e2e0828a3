//! Choosing the alternative of a union (`oneOf`/`anyOf`) a value is, when no property names it.
//!
//! Every alternative decodes strictly, so trying them in spec order gives the first one whose
//! required properties happen to be present: with documents that all have an `id` and a `name`,
//! every document would become the first kind, its own properties left over. Ranking the
//! alternatives by how well the value's keys fit them first gives the one the value is.

use serde_json::Value;

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

/// The alternatives' indexes, best fitting first, and whether the first is an object type that
/// fits strictly better than every other alternative.
fn order(value: &Value, shapes: &[Shape]) -> (Vec<usize>, bool) {
    let mut ranked: Vec<(Fit, usize)> = shapes.iter().enumerate().map(|(index, shape)| (fit(value, shape), index)).collect();
    ranked.sort_unstable();
    let sole_best = match ranked.as_slice() {
        [(best @ Fit::Object { .. }, _), (next, _), ..] => best < next,
        [(Fit::Object { .. }, _)] => true,
        _ => false,
    };
    (ranked.into_iter().map(|(_, index)| index).collect(), sole_best)
}

/// A property whose value names the alternative: the property, and each value's alternative.
#[doc(hidden)]
pub type Tag = (&'static str, &'static [(&'static str, usize)]);

/// Decodes a union's `value`. With a `tag` whose property the value has: the alternative its value
/// names (an error there is the value's own), or `other(value)` for a value the tag does not
/// map. Otherwise the alternative that fits best (every required property present, fewest
/// properties left over): when one object type fits strictly best, the value is that type, and
/// an off-spec property in it is its own decoding error (for lenient decoding to repair) rather
/// than a reason to become a type it fits worse. On a tie, the first that decodes, in that
/// order, else `other(value)`. `alternatives[i]` decodes alternative `i`, whose shape is
/// `shapes[i]`.
///
/// # Errors
///
/// The decoding error of the tagged alternative, or of the one that fits strictly best.
#[doc(hidden)]
pub fn decode_union<T>(value: Value, tag: Option<Tag>, shapes: &[Shape], alternatives: &[Alternative<T>], other: fn(Value) -> T) -> Result<T, serde_json::Error> {
    if let Some((property, mapping)) = tag {
        if let Some(named) = value.get(property).and_then(Value::as_str) {
            return match mapping.iter().find(|(tag, _)| *tag == named).and_then(|(_, index)| alternatives.get(*index)) {
                Some(decode) => decode(&value),
                None => Ok(other(value)),
            };
        }
    }
    let (ranked, sole_best) = order(&value, shapes);
    for (rank, index) in ranked.into_iter().enumerate() {
        match alternatives.get(index).map(|decode| decode(&value)) {
            Some(Ok(decoded)) => return Ok(decoded),
            Some(Err(error)) if rank == 0 && sole_best => return Err(error),
            _ => {}
        }
    }
    Ok(other(value))
}

/// Decodes one alternative of a union.
#[doc(hidden)]
pub type Alternative<T> = fn(&Value) -> Result<T, serde_json::Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ACCESS_PROFILE: Shape = Shape::Object { required: &["id", "name"], known: &["id", "name", "source"] };
    const IDENTITY: Shape = Shape::Object { required: &["id", "name"], known: &["id", "name", "email", "manager"] };

    #[test]
    fn the_alternative_with_fewest_properties_left_over_comes_first() {
        let identity = json!({"id": "1", "name": "Ann", "email": "a@example.com", "manager": null});
        assert_eq!(order(&identity, &[ACCESS_PROFILE, IDENTITY]), (vec![1, 0], true));
        let profile = json!({"id": "1", "name": "Admins", "source": {}});
        assert_eq!(order(&profile, &[ACCESS_PROFILE, IDENTITY]), (vec![0, 1], true));
    }

    #[test]
    fn a_missing_required_property_or_no_shared_property_ranks_last() {
        let shapes = [ACCESS_PROFILE, Shape::Other, Shape::Object { required: &[], known: &["count"] }];
        assert_eq!(order(&json!({"name": "x", "source": {}}), &shapes), (vec![1, 0, 2], false));
        assert_eq!(order(&json!("text"), &shapes), (vec![1, 0, 2], false));
    }

    fn refused() -> serde_json::Error {
        serde::de::Error::custom("refused")
    }

    const NAMED: [Alternative<&str>; 2] = [|_| Ok("access profile"), |v| v.get("email").map(|_| "identity").ok_or_else(refused)];

    #[test]
    fn the_first_alternative_that_decodes_in_that_order_is_taken() {
        let shapes = [ACCESS_PROFILE, IDENTITY];
        let identity = json!({"id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode_union(identity, None, &shapes, &NAMED, |_| "other").ok(), Some("identity"));
        let none: [Alternative<&str>; 2] = [|_| Err(refused()), |_| Err(refused())];
        let tied = json!({"id": "1", "name": "Ann"});
        assert_eq!(decode_union(tied, None, &shapes, &none, |_| "other").ok(), Some("other"));
    }

    #[test]
    fn the_sole_best_fit_owns_its_decoding_error_instead_of_becoming_a_worse_fit() {
        let shapes = [ACCESS_PROFILE, IDENTITY];
        let off_spec_identity: [Alternative<&str>; 2] = [|_| Ok("access profile"), |_| Err(refused())];
        let identity = json!({"id": "1", "name": "Ann", "email": 7, "manager": null});
        let decoded = decode_union(identity, None, &shapes, &off_spec_identity, |_| "other");
        assert_eq!(decoded.map_err(|e| e.to_string()), Err("refused".to_owned()));
        let tied = json!({"id": "1", "name": "Ann"});
        assert_eq!(decode_union(tied, None, &shapes, &off_spec_identity, |_| "other").ok(), Some("access profile"));
    }

    #[test]
    fn a_tag_names_the_alternative_keeps_an_unmapped_value_and_is_ranked_when_absent() {
        const TAG: Tag = ("_type", &[("accessprofile", 0), ("identity", 1)]);
        let shapes = [ACCESS_PROFILE, IDENTITY];
        let tagged = json!({"_type": "accessprofile", "id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode_union(tagged, Some(TAG), &shapes, &NAMED, |_| "other").ok(), Some("access profile"));
        let failing = json!({"_type": "identity", "id": "1", "name": "Ann"});
        assert_eq!(decode_union(failing, Some(TAG), &shapes, &NAMED, |_| "other").map_err(|e| e.to_string()), Err("refused".to_owned()));
        let unmapped = json!({"_type": "workflow", "id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode_union(unmapped, Some(TAG), &shapes, &NAMED, |_| "other").ok(), Some("other"));
        let untagged = json!({"id": "1", "name": "Ann", "email": "a@example.com"});
        assert_eq!(decode_union(untagged, Some(TAG), &shapes, &NAMED, |_| "other").ok(), Some("identity"));
    }
}
