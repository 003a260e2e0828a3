use generated_client::isc::apis::{ListAccessProfilesV1Filter as Profiles, ListAccountsV1Filter as Accounts, ListAccountsV1Sort as Sort};

fn main() {
    let _ = Accounts::source_id().eq("2c91").to_string();
    let _ = Accounts::created().ge(chrono::DateTime::UNIX_EPOCH);
    let _ = Accounts::has_entitlements().eq(true);
    let _ = Profiles::name().sw("S").and(Profiles::requestable().eq(true)).or(Profiles::id().in_list(["a"]));
    let _ = Sort::created().desc().then(Sort::name());
}
