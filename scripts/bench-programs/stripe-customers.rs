//! Lists customers with async-stripe 1.0, the reference a Rust user would
//! compare a large generated client with (BENCHMARKS.md, section 6).

use stripe_core::customer::ListCustomer;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = stripe::Client::new("sk_test_123");
    match ListCustomer::new().send(&client).await {
        Ok(list) => println!("{}", list.data.len()),
        Err(e) => println!("{e}"),
    }
}
