//! The typed `filters` and `sorters` of SailPoint's collection operations.

use super::ModelId;

/// The typed `filters` of an operation: the fields and operators its parameter's docs list.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// The filter type's name (`ListAccountsV1Filter`).
    pub name: String,
    /// Index into [`Operation::params`](super::Operation::params) of the `filters` parameter.
    pub param: usize,
    /// The fields, in the docs' order.
    pub fields: Vec<FilterField>,
    /// The composite operators the docs say it takes.
    pub composites: Vec<Composite>,
}

/// One field an operation filters on.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterField {
    /// The function of the filter type that gives it.
    pub fn_name: String,
    /// Its name in the filter syntax (`sourceId`, `identity.name`).
    pub wire: String,
    /// The type of its values, from the field's type in the operation's response.
    pub value: FilterValue,
    /// The operators its docs list, in [`FilterOperator::ALL`] order.
    pub operators: Vec<FilterOperator>,
}

/// A filter field's operator set: the name of the type standing for it, the operators' words
/// in turn (`TakesEqIn`).
pub fn operator_set_name(operators: &[FilterOperator]) -> String {
    let words: String = operators.iter().map(|o| o.trait_name()).collect();
    format!("Takes{words}")
}

/// An operator of SailPoint's filter syntax that applies to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FilterOperator {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `in`: one of a list.
    In,
    /// `ca`: contains all of a list.
    Ca,
    /// `pr`: present.
    Pr,
    /// `isnull`.
    Isnull,
}

impl FilterOperator {
    /// Every operator, in the order operator sets list them.
    pub const ALL: [FilterOperator; 12] = [Self::Eq, Self::Ne, Self::Gt, Self::Ge, Self::Lt, Self::Le, Self::Co, Self::Sw, Self::In, Self::Ca, Self::Pr, Self::Isnull];

    /// The operator as the filter syntax writes it.
    pub fn word(self) -> &'static str {
        ["eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "pr", "isnull"][self as usize]
    }

    /// The operator for `word`, if it is one.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.word() == word)
    }

    /// The runtime's marker trait for it (`crate::runtime::filter::operator::Eq`).
    pub fn trait_name(self) -> &'static str {
        ["Eq", "Ne", "Gt", "Ge", "Lt", "Le", "Co", "Sw", "In", "Ca", "Pr", "Isnull"][self as usize]
    }
}

/// A composite operator of the filter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Composite {
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `not`.
    Not,
}

impl Composite {
    /// Every composite operator.
    pub const ALL: [Composite; 3] = [Self::And, Self::Or, Self::Not];

    /// The operator as the filter syntax writes it.
    pub fn word(self) -> &'static str {
        ["and", "or", "not"][self as usize]
    }

    /// The operator for `word`, if it is one.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }

    /// The runtime's marker trait for it (`crate::runtime::filter::composite::And`).
    pub fn trait_name(self) -> &'static str {
        ["And", "Or", "Not"][self as usize]
    }
}

/// The type of a filter field's values.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    /// A string, also for a field the response does not show.
    Text,
    /// A boolean.
    Bool,
    /// An integer, as `i64`.
    Integer,
    /// A number, as `f64`.
    Number,
    /// An RFC 3339 date and time.
    DateTime,
    /// A calendar date.
    Date,
    /// A string enum of the API.
    Enum(ModelId),
}

/// The typed `sorters` of an operation: the fields its parameter's docs list.
#[derive(Debug, Clone, PartialEq)]
pub struct Sorters {
    /// The sort type's name (`ListAccountsV1Sort`).
    pub name: String,
    /// Index into [`Operation::params`](super::Operation::params) of the `sorters` parameter.
    pub param: usize,
    /// The fields, in the docs' order: (function name, name in the `sorters` syntax).
    pub fields: Vec<(String, String)>,
}
