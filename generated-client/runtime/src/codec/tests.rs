//! The codec on its own, without a generated client: the fast path that fills a common scalar
//! field straight from the deserializer ([`Scalar`]) decodes every value as the general path
//! does, errors and off-spec values included; and a model decoded leniently keeps what came.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::encode::serialize_with;
use super::report::{Repair, Side};
use super::source::with_source;
use super::traits::{Decode, Encode, Failed, FieldRule, Object, Presence, Scalar, VisitFields, VisitFieldsMut};
use super::value::{Decoding, ValueSource};
use crate::model::additional::Additional;
use crate::model::enums::WireEnum;
use crate::model::nullable::Nullable;

/// A string enum, as the generator writes one.
#[derive(Debug, Clone, PartialEq)]
enum Color {
    Red,
    Unknown(String),
}

impl WireEnum for Color {
    fn from_wire(value: &str) -> Self {
        match value {
            "RED" => Color::Red,
            other => Color::Unknown(other.to_owned()),
        }
    }

    fn as_wire(&self) -> &str {
        match self {
            Color::Red => "RED",
            Color::Unknown(other) => other,
        }
    }

    fn is_listed(&self) -> bool {
        !matches!(self, Color::Unknown(_))
    }
}

crate::__wire_enum_impls!(Color);

/// A model of one property `f`, of type `$ty`, present as `$presence` says.
macro_rules! one_field_model {
    ($($name:ident: $ty:ty, $presence:ident;)*) => {
        $(
            #[derive(Clone, PartialEq)]
            struct $name {
                field: $ty,
                additional: Additional,
            }

            impl Object for $name {
                fn name(&self) -> &'static str {
                    stringify!($name)
                }

                fn rules(&self) -> &'static [FieldRule] {
                    const RULES: &[FieldRule] = &[FieldRule::new("f", "field", Presence::$presence)];
                    RULES
                }

                fn fields(&self, visit: &mut VisitFields<'_>) {
                    visit(&[&self.field], &self.additional);
                }

                fn fields_mut(&mut self, visit: &mut VisitFieldsMut<'_>) -> Result<(), Failed> {
                    visit(&mut [&mut self.field], &mut self.additional)
                }

                fn empty() -> Self {
                    $name { field: <$ty as Decode>::empty(), additional: Additional::default() }
                }
            }

            crate::__model_impls!($name);
        )*
    };
}

one_field_model! {
    RequiredString: String, Always;
    OptionalString: Option<String>, Optional;
    NullableString: Nullable<String>, Tristate;
    RequiredBoolean: bool, Always;
    OptionalBoolean: Option<bool>, Optional;
    OptionalInt32: Option<i32>, Optional;
    OptionalInt64: Option<i64>, Optional;
    OptionalDateTime: Option<DateTime<Utc>>, Optional;
    NullableDateTime: Nullable<DateTime<Utc>>, Tristate;
    OptionalColor: Option<Color>, Optional;
    NullableColor: Nullable<Color>, Tristate;
    ServerSetString: Option<String>, ServerSet;
    RequiredNullableInt64: Option<i64>, Nullable;
}

/// What a decoding gave: the value encoded again as a response, and the unlisted properties
/// (`None`: it failed).
type Outcome = Option<(Value, String)>;

/// The [`Outcome`] of `decoded`.
fn outcome<M: Object + Encode>(decoded: Result<M, ()>) -> Outcome {
    let model = decoded.ok()?;
    let encoded = serialize_with(&model, serde_json::value::Serializer, true).ok()?;
    let mut unlisted = String::new();
    model.fields(&mut |_, additional| unlisted = format!("{additional:?}"));
    Some((encoded, unlisted))
}

/// `body` decoded strictly by the fast path (from the text, scalar fields straight from the
/// deserializer) and by the general path (from the parsed value, every field through a
/// `Source`), as `side`'s JSON.
fn both_paths<M: Object + Decode + Encode>(body: &str, side: Side) -> (Outcome, Outcome) {
    let mut fast: Option<M> = None;
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let read = with_source(&mut deserializer, &mut fast, side).and_then(|()| deserializer.end());
    let fast = outcome(read.ok().and(fast).ok_or(()));
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let mut decoding = Decoding::new(side, false);
    let general = outcome(M::decode(&mut ValueSource::new(&value, &mut decoding)).map_err(drop));
    (fast, general)
}

/// The values each scalar kind is tried with: of its type, of every other JSON type, out of
/// range, not a date-time, unlisted, `null`, and missing.
const VALUES: &[&str] = &[
    r#""text""#, r#""""#, "null", "true", "false", "0", "-7", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
    "1.5", "1e3", r#""2024-01-02T03:04:05Z""#, r#""2024-01-02T03:04:05.123+01:00""#, r#""2024-01-02T03:04:05""#, r#""not a date""#, r#""RED""#,
    r#""GREEN""#, "[]", r#"["RED"]"#, "{}", r#"{"f": 1}"#,
];

fn agree<M: Object + Decode + Encode>(tally: &mut (usize, usize, Vec<String>)) {
    let mut empty = <M as Object>::empty();
    let mut scalar = false;
    empty.fields_mut(&mut |fields, _| {
        scalar = fields.first_mut().is_some_and(|field| !matches!(field.scalar(), Scalar::NotScalar));
        Ok(())
    })
    .ok();
    assert!(scalar, "{} is not read by the fast path, so this would compare the general path with itself", empty.name());
    let bodies = VALUES.iter().map(|value| format!(r#"{{"f": {value}, "other": 1}}"#)).chain([r#"{"other": 1}"#.to_owned()]);
    for body in bodies {
        for side in [Side::Response, Side::Request] {
            let (fast, general) = both_paths::<M>(&body, side);
            tally.0 += 1;
            tally.1 += usize::from(fast.is_none());
            if fast != general {
                tally.2.push(format!("{} {body} as {side:?}: fast {fast:?}, general {general:?}", empty.name()));
            }
        }
    }
}

#[test]
fn the_scalar_fast_path_decodes_every_scalar_kind_as_the_general_path_errors_included() {
    let mut tally = (0, 0, Vec::new());
    agree::<RequiredString>(&mut tally);
    agree::<OptionalString>(&mut tally);
    agree::<NullableString>(&mut tally);
    agree::<RequiredBoolean>(&mut tally);
    agree::<OptionalBoolean>(&mut tally);
    agree::<OptionalInt32>(&mut tally);
    agree::<OptionalInt64>(&mut tally);
    agree::<OptionalDateTime>(&mut tally);
    agree::<NullableDateTime>(&mut tally);
    agree::<OptionalColor>(&mut tally);
    agree::<NullableColor>(&mut tally);
    let (compared, failed, disagreements) = tally;
    assert!(disagreements.is_empty(), "{} of {compared} disagree:\n{}", disagreements.len(), disagreements.join("\n"));
    assert!(failed > compared / 3 && failed < compared, "both ways fail and succeed: {failed} of {compared} failed");
}

/// Decodes `body` leniently as a response: the model, and each deviation's pointer and repair.
fn lenient<M: Decode>(body: &Value) -> (Result<M, String>, Vec<(String, Repair)>) {
    let mut decoding = Decoding::new(Side::Response, true);
    let decoded = M::decode(&mut ValueSource::new(body, &mut decoding));
    match decoded {
        Ok(model) => (Ok(model), decoding.into_found().into_iter().map(|found| (found.pointer, found.repair)).collect()),
        Err(_) => (Err(decoding.into_problem().to_string()), Vec::new()),
    }
}

fn encoded(value: &dyn Encode) -> Value {
    serialize_with(value, serde_json::value::Serializer, true).unwrap_or(Value::Null)
}

#[test]
fn each_kind_of_off_spec_value_is_repaired_where_it_is_and_goes_back_as_it_came() {
    let cases: Vec<(Value, Repair)> = vec![
        (json!({"f": 7}), Repair::Placeholder(json!(""))),
        (json!({"f": null}), Repair::Placeholder(json!(""))),
        (json!({}), Repair::Placeholder(json!(""))),
    ];
    for (body, repair) in cases {
        let (decoded, found) = lenient::<RequiredString>(&body);
        let model = decoded.unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(model.field, "", "{body}");
        assert_eq!(found, [("/f".to_owned(), repair)], "{body}");
        assert_eq!(encoded(&model), body, "sent back as it came");
    }
    let (decoded, found) = lenient::<OptionalColor>(&json!({"f": "GREEN"}));
    assert_eq!(decoded.map(|m| m.field), Ok(Some(Color::Unknown("GREEN".into()))));
    assert_eq!(found, [("/f".to_owned(), Repair::Kept(json!("GREEN")))]);
    let (decoded, found) = lenient::<ServerSetString>(&json!({"f": null}));
    assert_eq!(decoded.as_ref().map(|m| m.field.clone()), Ok(None));
    assert_eq!(found, [("/f".to_owned(), Repair::Kept(Value::Null))], "null in a required read-only property");
    let (decoded, found) = lenient::<RequiredNullableInt64>(&json!({}));
    assert_eq!(decoded.as_ref().map(|m| encoded(m)), Ok(json!({})), "missing stays missing");
    assert_eq!(found, [("/f".to_owned(), Repair::Placeholder(Value::Null))]);
}

#[test]
fn a_caller_s_own_json_may_leave_out_what_loses_nothing() {
    for (body, takes) in [(r#"{"f": null}"#, true), (r#"{"f": "GREEN"}"#, true), (r#"{"f": 7}"#, false)] {
        let (fast, general) = both_paths::<OptionalColor>(body, Side::Request);
        assert_eq!((fast.is_some(), general.is_some()), (takes, takes), "{body}");
        let (fast, _) = both_paths::<OptionalColor>(body, Side::Response);
        assert!(fast.is_none(), "a response must be as the spec says: {body}");
    }
    assert!(both_paths::<ServerSetString>("{}", Side::Request).0.is_some(), "read-only: a request leaves it out");
    assert!(both_paths::<ServerSetString>("{}", Side::Response).0.is_none(), "every response has it");
}
