//! Calls one operation of the GitHub crate (BENCHMARKS.md, section 6).

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = api::Client::new();
    match client.repos_get("rust-lang", "rust").send().await {
        Ok(repo) => println!("{}", repo.into_body().full_name),
        Err(e) => println!("{e}"),
    }
}
