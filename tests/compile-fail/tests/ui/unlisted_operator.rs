use generated_client::isc::apis::ListAccountsV1Filter as Accounts;

fn main() {
    // `hasEntitlements` takes `eq` only.
    let _ = Accounts::has_entitlements().ne(true);
}
