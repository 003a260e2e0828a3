use generated_client::isc::apis::ListAccountsV1Filter as Accounts;

fn main() {
    // `uuid` is sortable but not filterable.
    let _ = Accounts::uuid().eq("x");
}
