//! Built and run by `tests/tests/pagination.rs` against the crate generated
//! from `tests/fixtures/pagination.yaml`, with the base URL of a local
//! server that serves each list in pages: walks every list with its
//! `items()` stream and prints the ids it got, one line per walk, an error
//! as `error: …` where the walk ended with one.

use futures_util::{pin_mut, Stream, StreamExt};
use pagination::models::Item;
use pagination::{Client, Error};

async fn ids<E: std::fmt::Display>(items: impl Stream<Item = Result<Item, Error<E>>>) -> String {
    pin_mut!(items);
    let mut out = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => out.push(item.id),
            Err(e) => out.push(format!("error: {e}")),
        }
    }
    out.join(",")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let client = Client::new().with_base_url(&url);
    println!("link: {}", ids(client.list_by_link().per_page(2).items()).await);
    println!("offset: {}", ids(client.list_by_offset().limit(2).items()).await);
    println!("cursor: {}", ids(client.list_by_cursor().items()).await);
    println!("after: {}", ids(client.list_after().limit(2).items()).await);
    println!("next url: {}", ids(client.list_by_next_url().items()).await);
    println!("numbered: {}", ids(client.list_by_number().per_page(2).items()).await);
    println!("declared: {}", ids(client.list_declared().items()).await);
    println!("declared url: {}", ids(client.list_declared_url().items()).await);
    // Hostile servers.
    println!(
        "repeated cursor: {}",
        ids(client.list_by_cursor().cursor("loop").items()).await
    );
    println!(
        "other host: {}",
        ids(client.list_by_next_url().page_size(99).items()).await
    );
    // The first page only, as `send` gives it.
    let first = client.list_by_link().per_page(2).send().await.expect("a page");
    println!("send: {}", first.body().len());
}
