//! Built and run by `tests/tests/servers.rs` against the crate generated
//! from `tests/fixtures/server_variables.yaml`: sets the server URL's
//! variables to reach the local server whose URL it is given, and prints
//! the default base URL and the one set.

use server_variables::models::{ServerRegion, ServerScheme};
use server_variables::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let port = url.rsplit(':').next().expect("a port");
    println!("default: {}", Client::new().base_url());
    let client = Client::new().with_server(ServerScheme::Http, "127.0.0.1", port, ServerRegion::Us);
    println!("set: {}", client.base_url());
    client.ping().send().await.expect("ping");
}
