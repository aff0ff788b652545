//! Gets one user through graph-rs-sdk (BENCHMARKS.md, section 9): its
//! request builders answer with reqwest's response, read here as untyped
//! JSON, as its README does.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = graph_rs_sdk::GraphClient::new("token");
    match client.user("someone").get_user().send().await {
        Ok(response) => match response.json::<serde_json::Value>().await {
            Ok(user) => println!("{:?}", user["id"]),
            Err(e) => println!("{e}"),
        },
        Err(e) => println!("{e}"),
    }
}
