//! Built and run by `tests/tests/corpus_pagination.rs` against the crates
//! generated from the corpus' GitHub, Spotify and Twilio specs, with the
//! base URL of a local server: walks one list of each with its `items()`
//! stream and prints what it got, one line per walk.

use futures_util::{pin_mut, Stream, StreamExt};

async fn collect<T, E: std::fmt::Display>(
    items: impl Stream<Item = Result<T, E>>,
    show: impl Fn(T) -> String,
) -> String {
    pin_mut!(items);
    let mut out = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => out.push(show(item)),
            Err(e) => out.push(format!("error: {e}")),
        }
    }
    out.join(",")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's base URL");
    let github = github::Client::new().with_base_url(&url);
    let tags = github.repos_list_tags("o", "r").per_page(2).items();
    println!("github tags (Link header): {}", collect(tags, |t| t.name).await);
    let licenses = github.licenses_get_all_commonly_used().per_page(2).items();
    println!("github licenses (page number): {}", collect(licenses, |l| l.key).await);
    let spotify = spotify::Client::new("token").with_base_url(&url);
    let playlists = spotify.get_list_users_playlists("u").limit(2).items();
    println!(
        "spotify playlists (offset): {}",
        collect(playlists, |p| p.id.unwrap_or_default()).await
    );
    let twilio = twilio::Client::new("AC1", "secret").with_base_url(&url);
    let services = twilio.list_service().page_size(2).items();
    println!(
        "twilio services (next URL): {}",
        collect(services, |s| s.sid.value().unwrap_or_default()).await
    );
}
