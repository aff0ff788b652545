//! Built and run by `tests/tests/security.rs` against the crate generated
//! from `tests/fixtures/security_per_operation.yaml`: calls each operation
//! once against the local server whose URL it is given.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let client = per_operation_security::Client::new("t0ken").with_base_url(&url);
    client.get_me().send().await.expect("get_me");
    client.health().send().await.expect("health");
    client.login().send().await.expect("login");
    client.maybe().send().await.expect("maybe");
}
