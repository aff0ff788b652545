//! Large files are formatted in runs of items on several threads and joined
//! (`layout::Section::runs`): the joined text must be exactly what formatting
//! the whole file at once gives.

use generator::emit::{self, Output};

/// A spec with enough operations and schemas for several runs of each
/// file (every operation under one tag: one feature, so no feature files
/// take the items out of the chunked ones), operations with two success bodies (the success enums at the head
/// of `operations.rs`) and a paginated one (the page impls at its end).
fn large_spec() -> String {
    let mut paths = Vec::new();
    let mut schemas = Vec::new();
    for i in 0..320 {
        schemas.push(format!(
            r#""Thing{i}":{{"type":"object","required":["id"],"properties":{{"id":{{"type":"integer"}},"name":{{"type":"string"}},"kind":{{"type":"string","enum":["a{i}","b"]}}}}}}"#
        ));
    }
    for i in 0..230 {
        let created = if i % 7 == 0 {
            format!(
                r##","201":{{"description":"created","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Thing{}"}}}}}}}}"##,
                i + 1
            )
        } else {
            String::new()
        };
        paths.push(format!(
            r##""/things/item{i}/{{id}}":{{"get":{{"operationId":"getThing{i}","tags":["things"],"parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}},{{"name":"limit","in":"query","schema":{{"type":"integer"}}}}],"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Thing{i}"}}}}}}}}{created},"404":{{"description":"missing"}}}}}}}}"##
        ));
    }
    paths.push(
        r##""/things/pages":{"get":{"operationId":"listPages","tags":["things"],"parameters":[{"name":"cursor","in":"query","schema":{"type":"string"}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Thing0"}},"next_cursor":{"type":"string"}}}}}}}}}"##
            .to_string(),
    );
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Runs","version":"1"}},"servers":[{{"url":"https://example.com"}}],"paths":{{{}}},"components":{{"schemas":{{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    )
}

#[test]
fn files_formatted_in_runs_equal_the_whole_file_formatted_at_once() {
    let generated = generator::generate_text(&large_spec(), true, None).expect("generates");
    let mut chunked = 0;
    let layout = generator::layout::plan(&generated.api);
    for file in &layout.files {
        let runs = file.runs();
        if runs == 1 {
            continue;
        }
        assert!(
            runs >= 3,
            "{} is formatted in {runs} runs; the spec should need more",
            file.path
        );
        chunked += 1;
    }
    assert_eq!(
        chunked, 3,
        "models.rs, operations.rs and stubs.rs are chunked"
    );
    for (path, output) in emit::emit(&generated.api, &layout) {
        let Output::Rust(tokens) = output else {
            continue;
        };
        let whole = generator::format::format(&path, tokens).expect("formats");
        let (_, joined) = generated
            .files
            .iter()
            .find(|(p, _)| *p == path)
            .expect("the file is generated");
        assert!(
            *joined == whole,
            "{path}: the runs joined differ from the whole file"
        );
    }
    let operations = &generated
        .files
        .iter()
        .find(|(p, _)| p == "src/operations.rs")
        .unwrap()
        .1;
    assert!(
        operations.contains("pub enum GetThing0Success"),
        "success enums are emitted"
    );
    assert!(
        operations.contains("pub struct GetThing229"),
        "the last run's builders are emitted"
    );
    assert!(
        operations.contains("impl runtime::Page for models::"),
        "the page impls end the file"
    );
}
