//! The docs of a model the description leaves undescribed: where the API
//! uses it (`passes::uses`), which tells a reader what the value is for.

use crate::ir::{Api, Use, Uses};

/// `Used in the answer of `Client::get_x` and the `owner` property of
/// `Repo`.`, or that nothing uses it.
pub fn sentence(api: &Api, uses: &Uses) -> String {
    let aliases: Vec<String> = uses
        .first
        .iter()
        .filter_map(|place| match place {
            Use::Alias(alias) => Some(format!("`{}`", api.type_name(*alias))),
            _ => None,
        })
        .collect();
    let places: Vec<&Use> = uses
        .first
        .iter()
        .filter(|place| !matches!(place, Use::Alias(_)))
        .collect();
    let more = uses.total.saturating_sub(uses.first.len());
    let mut out = if places.is_empty() && more == 0 {
        "No operation of the API description uses it.".to_string()
    } else {
        // Consecutive uses of one kind read as one phrase: "the answers of
        // `Client::a` and `Client::b`".
        let mut phrases: Vec<(&'static str, &'static str, Vec<String>)> = Vec::new();
        for place in places {
            let (one, many, what) = phrase(api, place);
            match phrases.last_mut() {
                Some((last, _, list)) if !last.is_empty() && *last == one => list.push(what),
                _ => phrases.push((one, many, vec![what])),
            }
        }
        let mut parts: Vec<String> = phrases
            .into_iter()
            .map(|(one, many, list)| {
                let head = if list.len() == 1 { one } else { many };
                // Before "and N more places", the list is only commas.
                let list = if more > 0 {
                    list.join(", ")
                } else {
                    join(&list)
                };
                format!("{head}{list}")
            })
            .collect();
        if more > 0 {
            parts.push(if more == 1 {
                "one more place".to_string()
            } else {
                format!("{more} more places")
            });
        }
        format!("Used in {}.", join(&parts))
    };
    if !aliases.is_empty() {
        out.push_str(&format!(" Also named {}.", join(&aliases)));
    }
    out
}

/// The words before one place and before several of the kind, and the place.
fn phrase(api: &Api, place: &Use) -> (&'static str, &'static str, String) {
    let method = |op: &usize| format!("`Client::{}`", api.operations[*op].method_name);
    let model = |id: &crate::ir::TypeId| format!("`{}`", api.type_name(*id));
    match place {
        Use::Request(op) => ("the request body of ", "the request bodies of ", method(op)),
        Use::Response(op) => ("the answer of ", "the answers of ", method(op)),
        Use::Error(op) => ("an error answer of ", "the error answers of ", method(op)),
        Use::Param(op, name) => ("", "", format!("the `{name}` parameter of {}", method(op))),
        Use::Field(parent, name) => (
            "",
            "",
            format!("the `{name}` property of {}", model(parent)),
        ),
        Use::Variant(parent) => ("an alternative of ", "the alternatives of ", model(parent)),
        Use::Alias(alias) => ("", "", model(alias)),
        Use::ServerVariable(name) => ("", "", format!("the server URL's `{name}` variable")),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
