//! Calls one operation of the Box crate (BENCHMARKS.md, section 6).

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = api::Client::new("token");
    match client.get_files_id("12345").send().await {
        Ok(file) => println!("{}", file.status()),
        Err(e) => println!("{e}"),
    }
}
