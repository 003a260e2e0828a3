//! A field or operator the docs do not list, a value of the wrong type, and a composite
//! operator the operation's docs do not name are each a compile error; the one case that
//! compiles shows the same calls are otherwise fine. `TRYBUILD=overwrite` records new messages.

#[test]
fn unlisted_fields_and_operators_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/listed.rs");
    cases.compile_fail("tests/ui/unlisted_field.rs");
    cases.compile_fail("tests/ui/unlisted_operator.rs");
    cases.compile_fail("tests/ui/wrong_value_type.rs");
    cases.compile_fail("tests/ui/undocumented_composite.rs");
    cases.compile_fail("tests/ui/unlisted_sort_field.rs");
}
