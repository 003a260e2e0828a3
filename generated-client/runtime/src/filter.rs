//! Typed `filters` and `sorters` for SailPoint's collection endpoints, written in the filter
//! syntax of its standard collection parameters.
//!
//! A generated operation whose docs list the fields it filters on, and the operators each
//! takes, has a filter type (`ListAccountsV1Filter`) with one function per field; a field's
//! [`FilterField`] has a method for each operator the docs list and no other, so a field or
//! operator the server would refuse with a 400 does not compile:
//!
//! ```ignore
//! let filter = ListAccountsV1Filter::source_id().eq("2c91808568c529c60168cca6f90c1313")
//!     .and(ListAccountsV1Filter::created().ge(yesterday));
//! // sourceId eq "2c91808568c529c60168cca6f90c1313" and created ge 2026-12-01T00:00:00Z
//! ```
//!
//! Values are typed from the field's type in the operation's response (a string, a number, a
//! boolean, a date-time, an enum), strings quoted with `\` and `"` escaped. `and`, `or` and
//! `not` (`!filter`) exist where the docs say the operation takes them, and combining filters
//! puts in the parentheses precedence needs (`not` binds tighter than `and`, `and` than `or`).
//! [`Filter::raw`] (or `"...".into()`) sends a filter written by hand, for what the docs leave out.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::transport::encoding::ParamValue;

/// Which operators a field takes, as its operation's docs list them: a field's operator set
/// (a type the generated crate declares) implements one trait per operator.
pub mod operator {
    /// `eq`: equal to the value.
    pub trait Eq {}
    /// `ne`: not equal to the value.
    pub trait Ne {}
    /// `gt`: greater than the value.
    pub trait Gt {}
    /// `ge`: greater than or equal to the value.
    pub trait Ge {}
    /// `lt`: less than the value.
    pub trait Lt {}
    /// `le`: less than or equal to the value.
    pub trait Le {}
    /// `co`: contains the value as a substring.
    pub trait Co {}
    /// `sw`: starts with the value.
    pub trait Sw {}
    /// `in`: equal to one of the values.
    pub trait In {}
    /// `ca`: a collection holding all the values.
    pub trait Ca {}
    /// `pr`: present (not null).
    pub trait Pr {}
    /// `isnull`: null.
    pub trait Isnull {}
}

/// Which composite operators an operation's filters take, as its docs say: its filter type
/// implements one trait per operator.
pub mod composite {
    /// `and`: both filters hold.
    pub trait And {}
    /// `or`: either filter holds.
    pub trait Or {}
    /// `not`: the filter does not hold.
    pub trait Not {}
}

/// A value a filter compares a field with, written as the filter syntax wants it.
pub trait FilterValue {
    /// Appends the value's text to `out`: a string quoted, `\` and `"` escaped; a number,
    /// boolean, date or date-time as it is.
    fn write_filter(&self, out: &mut String);
}

/// Appends `text` quoted, with `\` and `"` escaped as the filter syntax says.
pub fn quote(text: &str, out: &mut String) {
    out.reserve(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

impl FilterValue for String {
    fn write_filter(&self, out: &mut String) {
        quote(self, out);
    }
}

impl FilterValue for bool {
    fn write_filter(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl FilterValue for i64 {
    fn write_filter(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl FilterValue for f64 {
    fn write_filter(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl FilterValue for DateTime<Utc> {
    fn write_filter(&self, out: &mut String) {
        out.push_str(&self.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
}

impl FilterValue for NaiveDate {
    fn write_filter(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

/// How tightly a filter's text binds, loosest first: what decides the parentheses it needs
/// as the operand of a composite operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Binding {
    Or,
    And,
    Not,
    Comparison,
}

/// A filter expression for the operation whose filter type is `Op`: the value of its `filters`
/// parameter. Built from the fields of `Op`, or written by hand with [`Filter::raw`].
pub struct Filter<Op> {
    text: String,
    binding: Binding,
    operation: PhantomData<fn() -> Op>,
}

impl<Op> Filter<Op> {
    /// A filter written by hand, sent as it is: for a field or operator the docs leave out.
    /// Combined with another, it is put in parentheses.
    pub fn raw(text: impl Into<String>) -> Self {
        Self::with_binding(text.into(), Binding::Or)
    }

    fn with_binding(text: String, binding: Binding) -> Self {
        Filter { text, binding, operation: PhantomData }
    }

    /// The filter's text, as it is sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as an operand that must bind at least as tightly as `needed`.
    fn operand(&self, needed: Binding) -> Cow<'_, str> {
        if self.binding >= needed {
            Cow::Borrowed(&self.text)
        } else {
            Cow::Owned(format!("({})", self.text))
        }
    }

    fn composite(self, operator: &str, other: &Self, binding: Binding) -> Self {
        let text = format!("{} {operator} {}", self.operand(binding), other.operand(binding));
        Self::with_binding(text, binding)
    }
}

impl<Op: composite::And> Filter<Op> {
    /// Both this filter and `other` hold (`a and b`).
    pub fn and(self, other: Filter<Op>) -> Self {
        self.composite("and", &other, Binding::And)
    }
}

impl<Op: composite::Or> Filter<Op> {
    /// This filter or `other` holds (`a or b`).
    pub fn or(self, other: Filter<Op>) -> Self {
        self.composite("or", &other, Binding::Or)
    }
}

/// `!filter`: the filter does not hold (`not a`).
impl<Op: composite::Not> std::ops::Not for Filter<Op> {
    type Output = Self;

    fn not(self) -> Self {
        let text = format!("not {}", self.operand(Binding::Not));
        Self::with_binding(text, Binding::Not)
    }
}

impl<Op> Clone for Filter<Op> {
    fn clone(&self) -> Self {
        Self::with_binding(self.text.clone(), self.binding)
    }
}


/// A field an operation filters on: `V` is the type of its values, `Ops` the set of
/// operators its docs list, each a method here.
pub struct FilterField<Op, V, Ops> {
    name: &'static str,
    types: PhantomData<Types<Op, V, Ops>>,
}

/// What a [`FilterField`] is typed by, held by no value: a function type, so that the field is
/// `Send`, `Sync` and `Copy` whatever the types are.
type Types<Op, V, Ops> = fn() -> (Op, V, Ops);

impl<Op, V, Ops> FilterField<Op, V, Ops> {
    /// The field called `name` in the filter syntax (`sourceId`, `identity.name`).
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        FilterField { name, types: PhantomData }
    }

    /// The field's name in the filter syntax.
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn compare(self, operator: &str, value: &V) -> Filter<Op>
    where
        V: FilterValue,
    {
        let mut text = format!("{} {operator} ", self.name);
        value.write_filter(&mut text);
        Filter::with_binding(text, Binding::Comparison)
    }

    fn list<T: Into<V>>(self, operator: &str, values: impl IntoIterator<Item = T>) -> Filter<Op>
    where
        V: FilterValue,
    {
        let mut text = format!("{} {operator} (", self.name);
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            value.into().write_filter(&mut text);
        }
        text.push(')');
        Filter::with_binding(text, Binding::Comparison)
    }
}

impl<Op, V, Ops> Clone for FilterField<Op, V, Ops> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Op, V, Ops> Copy for FilterField<Op, V, Ops> {}

impl<Op, V, Ops> fmt::Debug for FilterField<Op, V, Ops> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FilterField").field(&self.name).finish()
    }
}

/// A method per comparison operator, each where the field's operator set has it.
macro_rules! comparisons {
    ($($trait:ident $method:ident $word:literal $what:literal;)*) => {$(
        impl<Op, V: FilterValue, Ops: operator::$trait> FilterField<Op, V, Ops> {
            #[doc = concat!("`", $word, "`: the field is ", $what, " `value`.")]
            pub fn $method(self, value: impl Into<V>) -> Filter<Op> {
                self.compare($word, &value.into())
            }
        }
    )*};
}

comparisons! {
    Eq eq "eq" "equal to";
    Ne ne "ne" "not equal to";
    Gt gt "gt" "greater than";
    Ge ge "ge" "greater than or equal to";
    Lt lt "lt" "less than";
    Le le "le" "less than or equal to";
    Co co "co" "a string that contains";
    Sw sw "sw" "a string that starts with";
}

impl<Op, V: FilterValue, Ops: operator::In> FilterField<Op, V, Ops> {
    /// `in`: the field is equal to one of `values` (`id in ("a","b")`).
    #[doc(alias = "in")]
    pub fn in_list<T: Into<V>>(self, values: impl IntoIterator<Item = T>) -> Filter<Op> {
        self.list("in", values)
    }
}

impl<Op, V: FilterValue, Ops: operator::Ca> FilterField<Op, V, Ops> {
    /// `ca`: the field, a collection, holds all of `values` (`groups ca ("a","b")`).
    pub fn ca<T: Into<V>>(self, values: impl IntoIterator<Item = T>) -> Filter<Op> {
        self.list("ca", values)
    }
}

impl<Op, V, Ops: operator::Pr> FilterField<Op, V, Ops> {
    /// `pr`: the field is present, not null (`pr field`).
    pub fn pr(self) -> Filter<Op> {
        Filter::with_binding(format!("pr {}", self.name), Binding::Comparison)
    }
}

impl<Op, V, Ops: operator::Isnull> FilterField<Op, V, Ops> {
    /// `isnull`: the field is null (`field isnull`).
    pub fn isnull(self) -> Filter<Op> {
        Filter::with_binding(format!("{} isnull", self.name), Binding::Comparison)
    }
}

/// A field an operation sorts by, as its docs list them.
pub struct SortField<Op> {
    name: &'static str,
    operation: PhantomData<fn() -> Op>,
}

impl<Op> SortField<Op> {
    /// The field called `name` in the `sorters` syntax.
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        SortField { name, operation: PhantomData }
    }

    /// Ascending by this field (`name`).
    pub fn asc(self) -> Sort<Op> {
        Sort::raw(self.name)
    }

    /// Descending by this field (`-name`).
    pub fn desc(self) -> Sort<Op> {
        Sort::raw(format!("-{}", self.name))
    }
}

impl<Op> Clone for SortField<Op> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Op> Copy for SortField<Op> {}

impl<Op> fmt::Debug for SortField<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SortField").field(&self.name).finish()
    }
}

/// The sort order of the operation whose sort type is `Op`: the value of its `sorters`
/// parameter, fields in order of precedence.
pub struct Sort<Op> {
    text: String,
    operation: PhantomData<fn() -> Op>,
}

impl<Op> Sort<Op> {
    /// A sort order written by hand (`type,-modified`), sent as it is.
    pub fn raw(text: impl Into<String>) -> Self {
        Sort { text: text.into(), operation: PhantomData }
    }

    /// Then by `next`, among items this order ties (`created,-name`).
    pub fn then(mut self, next: impl Into<Sort<Op>>) -> Self {
        let next = next.into();
        if !next.text.is_empty() {
            if !self.text.is_empty() {
                self.text.push(',');
            }
            self.text.push_str(&next.text);
        }
        self
    }

    /// The order's text, as it is sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<Op> From<SortField<Op>> for Sort<Op> {
    fn from(field: SortField<Op>) -> Self {
        field.asc()
    }
}

impl<Op> Clone for Sort<Op> {
    fn clone(&self) -> Self {
        Self::raw(self.text.clone())
    }
}


/// What a filter and a sort order each are as text: equal when their texts are, shown and
/// sent as their text, and written by hand from a string.
macro_rules! text_parameter {
    ($($name:ident)*) => {$(
        impl<Op> PartialEq for $name<Op> {
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl<Op> fmt::Debug for $name<Op> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.text).finish()
            }
        }

        impl<Op> fmt::Display for $name<Op> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl<Op> From<&str> for $name<Op> {
            fn from(text: &str) -> Self {
                Self::raw(text)
            }
        }

        impl<Op> From<String> for $name<Op> {
            fn from(text: String) -> Self {
                Self::raw(text)
            }
        }

        impl<Op> ParamValue for $name<Op> {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.text)
            }
        }
    )*};
}

text_parameter!(Filter Sort);

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    /// An operation that takes every composite operator, and one that takes none.
    struct Accounts;
    impl composite::And for Accounts {}
    impl composite::Or for Accounts {}
    impl composite::Not for Accounts {}
    struct Plain;

    /// A field that takes every operator.
    struct All;
    macro_rules! all {
        ($($trait:ident)*) => {$(impl operator::$trait for All {})*};
    }
    all!(Eq Ne Gt Ge Lt Le Co Sw In Ca Pr Isnull);

    fn field<V>(name: &'static str) -> FilterField<Accounts, V, All> {
        FilterField::new(name)
    }

    #[test]
    fn every_operator_writes_its_text() {
        let name = field::<String>("name");
        let cases = [
            (name.eq("john"), r#"name eq "john""#),
            (name.ne("john"), r#"name ne "john""#),
            (name.gt("a"), r#"name gt "a""#),
            (name.ge("a"), r#"name ge "a""#),
            (name.lt("a"), r#"name lt "a""#),
            (name.le("a"), r#"name le "a""#),
            (name.co("oh"), r#"name co "oh""#),
            (name.sw("jo"), r#"name sw "jo""#),
            (name.in_list(["a", "b"]), r#"name in ("a","b")"#),
            (name.ca(["x"]), r#"name ca ("x")"#),
            (name.pr(), "pr name"),
            (name.isnull(), "name isnull"),
        ];
        for (filter, text) in cases {
            assert_eq!(filter.as_str(), text);
        }
    }

    #[test]
    fn every_value_kind_is_written_as_the_syntax_wants() {
        let when = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).single().unwrap_or_default();
        assert_eq!(field::<DateTime<Utc>>("created").ge(when).as_str(), "created ge 2026-12-01T08:30:00Z");
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(field::<NaiveDate>("day").eq(date).as_str(), "day eq 2026-12-01");
        assert_eq!(field::<bool>("disabled").eq(false).as_str(), "disabled eq false");
        assert_eq!(field::<i64>("count").gt(7).as_str(), "count gt 7", "an i32 goes in as i64");
        assert_eq!(field::<f64>("score").lt(0.5).as_str(), "score lt 0.5");
        assert_eq!(field::<i64>("n").in_list([1, 2, 3]).as_str(), "n in (1,2,3)");
        let hostile = field::<String>("name").eq(r#"say "hi" \ #50% & more"#);
        assert_eq!(hostile.as_str(), r#"name eq "say \"hi\" \\ #50% & more""#, "quotes and backslashes escaped; the query encoder takes # % &");
    }

    #[test]
    fn composites_put_in_the_parentheses_precedence_needs() {
        let (a, b, c) = (field::<String>("a").eq("1"), field::<String>("b").eq("2"), field::<String>("c").eq("3"));
        assert_eq!(a.clone().and(b.clone()).or(c.clone()).as_str(), r#"a eq "1" and b eq "2" or c eq "3""#);
        assert_eq!(a.clone().and(b.clone().or(c.clone())).as_str(), r#"a eq "1" and (b eq "2" or c eq "3")"#);
        assert_eq!(a.clone().or(b.clone()).and(c.clone()).as_str(), r#"(a eq "1" or b eq "2") and c eq "3""#);
        assert_eq!((!a.clone()).as_str(), r#"not a eq "1""#);
        assert_eq!((!a.clone().and(b.clone())).as_str(), r#"not (a eq "1" and b eq "2")"#);
        assert_eq!((!!a.clone()).and(c.clone()).as_str(), r#"not not a eq "1" and c eq "3""#);
        let raw: Filter<Accounts> = "x eq 1 or y eq 2".into();
        assert_eq!(raw.and(c).as_str(), r#"(x eq 1 or y eq 2) and c eq "3""#, "a hand-written filter is kept whole");
        let single: Filter<Plain> = FilterField::<Plain, String, All>::new("id").eq("x");
        assert_eq!(single.to_string(), r#"id eq "x""#);
    }

    #[test]
    fn sorts_join_fields_in_order() {
        let (created, name) = (SortField::<Accounts>::new("created"), SortField::<Accounts>::new("name"));
        assert_eq!(created.desc().then(name).as_str(), "-created,name");
        assert_eq!(Sort::from(name).then(created.desc()).then("id").as_str(), "name,-created,id");
        assert_eq!(Sort::<Accounts>::raw("").then(name).as_str(), "name");
    }
}
