//! Built and run by `tests/tests/security.rs` against the crate generated
//! from `tests/fixtures/security_schemes.yaml`: calls each operation with
//! clients holding different credentials; the test reads what the mock
//! server received. Prints the status of each call, in order.

use security_schemes::{Client, Error};

fn status<E: std::fmt::Debug>(result: Result<security_schemes::Response<()>, Error<E>>) -> u16 {
    match result {
        Ok(response) => response.status().as_u16(),
        Err(e) => e.status().map(|s| s.as_u16()).unwrap_or_else(|| panic!("{e:?}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let all = Client::new("tok")
        .with_base_url(&url)
        .with_api_key("k")
        .with_query_key("q")
        .with_oauth_client_credentials("id", "secret");
    let basic_only = Client::new("tok").with_base_url(&url).with_basic("ada", "pw");
    let calls = [
        status(all.get_me().send().await),
        status(all.get_either().send().await),
        status(basic_only.get_either().send().await),
        status(all.get_both().send().await),
        status(all.get_public().send().await),
        status(all.get_maybe().send().await),
        status(basic_only.get_maybe().send().await),
        // A token is fetched, used twice, refused, and fetched again.
        status(all.get_reports().send().await),
        status(all.get_reports().send().await),
        status(all.get_reports().send().await),
        status(all.get_reports().send().await),
        status(all.get_digest().send().await),
    ];
    println!("{calls:?}");
}
