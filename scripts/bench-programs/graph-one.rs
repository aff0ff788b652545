//! Gets one user through the generated Microsoft Graph crate (BENCHMARKS.md,
//! section 9): the typed model, decoded.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = api::Client::new();
    match client.users_user_get_user("someone").send().await {
        Ok(user) => println!("{:?}", user.into_body().id),
        Err(e) => println!("{e}"),
    }
}
