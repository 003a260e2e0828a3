//! A field or operator the docs do not list, a value of the wrong type, and a composite
//! operator the operation's docs do not name are each a compile error, with the message recorded
//! beside the case (`TRYBUILD=overwrite` records new ones). The same calls with a listed field or
//! operator compile, and send what they should, in `tests/tests/filters.rs`: with no case here
//! that must compile and run, trybuild only checks its cases (`cargo check`), and the client's
//! dependencies are not compiled to machine code a second time in its own target directory.

#[test]
fn unlisted_fields_and_operators_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/unlisted_field.rs");
    cases.compile_fail("tests/ui/unlisted_operator.rs");
    cases.compile_fail("tests/ui/wrong_value_type.rs");
    cases.compile_fail("tests/ui/undocumented_composite.rs");
    cases.compile_fail("tests/ui/unlisted_sort_field.rs");
}
