//! Built and run by `tests/tests/fastapi.rs` against the crate generated from
//! FastAPI's OpenAPI 3.1 output (`tests/corpus/openapi-3.1/
//! fastapi-full-stack-template.json`), with the base URL of a local server
//! that echoes each body back: FastAPI's `Optional[X]` fields (`anyOf` with
//! `{"type": "null"}`) are sent and decoded as omitted, `null` and a value.

use fastapi::models::{ItemCreate, ItemUpdate};
use fastapi::{Client, Nullable};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let client = Client::new(&url, "token");

    let omitted = ItemCreate::new("omitted");
    let mut null = ItemCreate::new("null");
    null.description = Nullable::Null;
    let value = ItemCreate::new("value").description("d");
    for body in [omitted, null, value] {
        let label = body.title.clone();
        let item = client
            .items_create_item(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        println!("create {label}: {:?}", item.description);
    }

    // Every field of the update is optional and nullable.
    let mut update = ItemUpdate::new().title("renamed");
    update.description = Nullable::Null;
    let item = client
        .items_update_item("4f1a2b3c-0000-0000-0000-000000000001", update)
        .send()
        .await
        .expect("update");
    println!("update: {} {:?}", item.title, item.description);
}
