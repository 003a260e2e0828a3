use generated_client::isc::apis::ListAccountsV1Filter as Accounts;

fn main() {
    // `created` is a date-time.
    let _ = Accounts::created().ge("yesterday");
}
