use generated_client::isc::apis::ListAccountsV1Filter as Accounts;

fn main() {
    // The docs of `listAccountsV1` name no composite operator.
    let _ = Accounts::source_id().eq("a").and(Accounts::name().eq("b"));
}
