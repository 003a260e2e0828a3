use generated_client::isc::apis::ListAccountsV1Sort as Sort;

fn main() {
    // `hasEntitlements` is filterable but not sortable.
    let _ = Sort::has_entitlements().desc();
}
