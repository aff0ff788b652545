//! Which operations list page by page, and how the next page is asked for.
//!
//! Declared by `x-speakeasy-pagination` (its `offsetLimit`, `cursor` and
//! `url` types, with `$.a.b` paths), else recognised by conventions that
//! need the spec to say it twice (a parameter and a response field, or a
//! response header), since a wrong guess is worse than none:
//!
//! 1. a 2xx response declaring a `Link` header: the `rel="next"` URL (GitHub);
//! 2. optional integer query `offset` (with `limit` or a page-size name):
//!    the offset advanced by the items received, up to `total_count`/`total`;
//! 3. a cursor query parameter (`starting_after`) and a `has_more` boolean
//!    beside items with an `id`: the last item's id (Stripe);
//! 4. a cursor query parameter (`cursor`, `after`, `page_token`, `marker`, …)
//!    and a string field naming the next one (`next_cursor`,
//!    `next_page_token`, `next_marker`, …, at the top or under `meta`,
//!    `pagination`, `response_metadata`);
//! 5. a string field holding the next page's URL (`next`, `next_page_url`,
//!    `nextLink`, `@odata.nextLink`, at the top or under `meta`, `links`,
//!    `pagination`);
//! 6. optional integer query `page` with a page-size parameter (`per_page`,
//!    `page_size`, `limit`, …): the page number advanced by one, until an
//!    empty page.
//!
//! The items are the body when it is an array (styles 1 and 6), or the one
//! array field of the body's struct.

use openapiv3::{Operation as OaOperation, ReferenceOr, StatusCode};
use serde_json::Value;

use super::Ctx;
use crate::diag::{push, Diagnostic};
use crate::ir::{
    PageStyle, Pagination, Param, ParamLocation, Presence, Success, Ty, TypeId, TypeKind,
};
use crate::names::Namespace;

const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "marker",
    "continuation_token",
    "continuationToken",
    "starting_after",
    "since_id",
];
const TOKEN_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_marker",
    "nextMarker",
    "continuation_token",
    "continuationToken",
    "cursor",
];
const URL_FIELDS: &[&str] = &[
    "next",
    "next_page_url",
    "nextPageUrl",
    "next_url",
    "nextUrl",
    "nextLink",
    "@odata.nextLink",
];
/// Objects a token or URL may sit in.
const WRAPPERS: &[&str] = &["meta", "pagination", "response_metadata", "links", "paging"];
const SIZE_PARAMS: &[&str] = &[
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "PageSize",
    "size",
    "count",
];
const TOTAL_FIELDS: &[&str] = &["total_count", "totalCount", "total"];
/// Names of the list of results, where a page has several lists.
const ITEM_FIELDS: &[&str] = &[
    "data", "items", "results", "entries", "values", "records", "elements",
];

/// A style found, with where the page says what is next and its items.
type Found = (PageStyle, Vec<(String, Presence)>, Items);

/// The page's items, as found.
struct Items {
    page_ty: Option<TypeId>,
    field: String,
    optional: bool,
    item_ty: Ty,
    total: Option<(String, Ty)>,
    total_optional: bool,
}

impl<'a> Ctx<'a> {
    /// The operation's pagination, when it has one this generator can walk.
    pub(super) fn pagination(
        &mut self,
        op: &'a OaOperation,
        pointer: &str,
        params: &[Param],
        success: &Success,
        setters: &mut Namespace,
    ) -> Option<Pagination> {
        let body = success.single_json()?.clone();
        let items = self.items(&body, None);
        let (style, next_field, items) = match op.extensions.get("x-speakeasy-pagination") {
            Some(declared) => {
                let at = push(pointer, "x-speakeasy-pagination");
                match self.declared(declared, params, &body, items) {
                    Ok(found) => found,
                    Err(reason) => {
                        self.warn(Diagnostic::warning(format!(
                            "`x-speakeasy-pagination` is not one this generator can follow ({reason}); the operation has no page streams"
                        )).at(at));
                        return None;
                    }
                }
            }
            None => self.conventional(op, params, &body, items?)?,
        };
        let url_field = matches!(style, PageStyle::NextUrl | PageStyle::LinkHeader)
            .then(|| setters.claim("next_page_url".into()));
        Some(Pagination {
            style,
            page_ty: items.page_ty,
            items_field: items.field,
            items_optional: items.optional,
            item_ty: items.item_ty,
            total_field: items.total,
            total_optional: items.total_optional,
            next_field,
            pages_method: setters.claim("pages".into()),
            items_method: setters.claim("items".into()),
            url_field,
        })
    }

    /// What the conventions recognise, in the order the module docs give.
    fn conventional(
        &self,
        op: &'a OaOperation,
        params: &[Param],
        body: &Ty,
        items: Items,
    ) -> Option<Found> {
        let find = |names: &[&str], int: bool| {
            params.iter().position(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && names.contains(&p.wire_name.as_str())
                    && if int {
                        matches!(p.ty, Ty::I32 | Ty::I64)
                    } else {
                        p.ty == Ty::String
                    }
            })
        };
        if self.declares_link_header(op) {
            return Some((PageStyle::LinkHeader, Vec::new(), items));
        }
        if let (Some(param), Some(_)) = (find(&["offset"], true), find(SIZE_PARAMS, true)) {
            if items.page_ty.is_some() {
                return Some((PageStyle::Offset { param }, Vec::new(), items));
            }
        }
        if let Some(param) = find(CURSOR_PARAMS, false) {
            if params[param].wire_name == "starting_after" {
                if let Some(style) = self.last_item(param, &items) {
                    return Some((style, Vec::new(), items));
                }
            }
            if let Some(path) = self
                .string_path(body, TOKEN_FIELDS)
                .or_else(|| self.string_path(body, &["next"]))
            {
                return Some((PageStyle::Cursor { param }, path, items));
            }
        }
        // A bare `next` could be anything (a linked list's next id): only
        // beside a page-size parameter is it taken for the next page's URL.
        let specific: Vec<&str> = URL_FIELDS
            .iter()
            .copied()
            .filter(|n| *n != "next")
            .collect();
        let url = self
            .string_path(body, &specific)
            .or_else(|| find(SIZE_PARAMS, true).and_then(|_| self.string_path(body, &["next"])));
        if let Some(path) = url {
            return Some((PageStyle::NextUrl, path, items));
        }
        if let (Some(param), Some(_)) = (find(&["page"], true), find(SIZE_PARAMS, true)) {
            return Some((PageStyle::PageNumber { param }, Vec::new(), items));
        }
        None
    }

    /// `x-speakeasy-pagination`, or why it cannot be followed.
    fn declared(
        &self,
        declared: &Value,
        params: &[Param],
        body: &Ty,
        items: Option<Items>,
    ) -> Result<Found, String> {
        let kind = declared.get("type").and_then(Value::as_str).unwrap_or("");
        let inputs = declared
            .get("inputs")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let input = |wanted: &str| -> Result<Option<usize>, String> {
            let Some(input) = inputs
                .iter()
                .find(|i| i.get("type").and_then(Value::as_str) == Some(wanted))
            else {
                return Ok(None);
            };
            let name = input.get("name").and_then(Value::as_str).unwrap_or("");
            if input.get("in").and_then(Value::as_str) != Some("parameters") {
                return Err(format!(
                    "the `{wanted}` input `{name}` is not in `parameters`"
                ));
            }
            params
                .iter()
                .position(|p| p.location == ParamLocation::Query && p.wire_name == name)
                .map(Some)
                .ok_or_else(|| format!("no query parameter `{name}`"))
        };
        let outputs = declared.get("outputs");
        let output = |name: &str| outputs.and_then(|o| o.get(name)).and_then(Value::as_str);
        let items = match output("results") {
            Some(results) => {
                let path = simple_path(results)
                    .ok_or_else(|| format!("`results: {results}` is not a `$.field` path"))?;
                match path.as_slice() {
                    [] => items,
                    [field] => self.items(body, Some(field)),
                    _ => return Err(format!("`results: {results}` is nested")),
                }
                .ok_or_else(|| format!("`results: {results}` is not the page's list"))?
            }
            None => items.ok_or("no `outputs.results`, and the page has no one list")?,
        };
        let path_of = |name: &str| -> Result<Vec<(String, Presence)>, String> {
            let text = output(name).ok_or_else(|| format!("no `outputs.{name}`"))?;
            let path = simple_path(text)
                .ok_or_else(|| format!("`{name}: {text}` is not a `$.a.b` path"))?;
            self.follow(body, &path)
                .ok_or_else(|| format!("`{name}: {text}` is not a string field of the page"))
        };
        match kind {
            "offsetLimit" => {
                if let Some(param) = input("offset")? {
                    if items.page_ty.is_none() {
                        return Err("an offset over a bare array is not followed".into());
                    }
                    Ok((PageStyle::Offset { param }, Vec::new(), items))
                } else if let Some(param) = input("page")? {
                    Ok((PageStyle::PageNumber { param }, Vec::new(), items))
                } else {
                    Err("no `offset` or `page` input".into())
                }
            }
            "cursor" => {
                let param = input("cursor")?.ok_or("no `cursor` input")?;
                Ok((PageStyle::Cursor { param }, path_of("nextCursor")?, items))
            }
            "url" => Ok((PageStyle::NextUrl, path_of("nextUrl")?, items)),
            other => Err(format!("type `{other}`")),
        }
    }

    /// Whether a 2xx response declares a `Link` header.
    fn declares_link_header(&self, op: &'a OaOperation) -> bool {
        op.responses.responses.iter().any(|(code, response)| {
            let ok = match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            };
            let response = match response {
                ReferenceOr::Item(r) => Some(r),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.api.components.as_ref()?.responses.get(n))
                    .and_then(|r| r.as_item()),
            };
            ok && response.is_some_and(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
        })
    }

    /// The items of a page of type `body`: the body itself when it is an
    /// array, else the one array field of its struct (or `field`).
    fn items(&self, body: &Ty, field: Option<&str>) -> Option<Items> {
        match body {
            Ty::Vec(item) => Some(Items {
                page_ty: None,
                field: String::new(),
                optional: false,
                item_ty: (**item).clone(),
                total: None,
                total_optional: false,
            }),
            Ty::Named(id) => {
                let TypeKind::Struct(s) = &self.lookup(*id)?.kind else {
                    return None;
                };
                let arrays: Vec<_> = s
                    .fields
                    .iter()
                    .filter(|f| matches!(f.ty, Ty::Vec(_)))
                    .filter(|f| field.is_none_or(|wanted| f.json_name == wanted))
                    .filter(|f| matches!(f.presence, Presence::Required | Presence::Optional))
                    .collect();
                // Of several lists, the one named as lists of results are.
                let items = match arrays.as_slice() {
                    [one] => *one,
                    many => {
                        let named: Vec<_> = many
                            .iter()
                            .filter(|f| ITEM_FIELDS.contains(&f.json_name.as_str()))
                            .collect();
                        match named.as_slice() {
                            [one] => **one,
                            _ => return None,
                        }
                    }
                };
                let Ty::Vec(item_ty) = &items.ty else {
                    return None;
                };
                let total = s.fields.iter().find(|f| {
                    TOTAL_FIELDS.contains(&f.json_name.as_str())
                        && matches!(f.presence, Presence::Required | Presence::Optional)
                        && matches!(f.ty, Ty::I32 | Ty::I64)
                });
                Some(Items {
                    page_ty: Some(*id),
                    field: items.name.clone(),
                    optional: items.presence == Presence::Optional,
                    item_ty: (**item_ty).clone(),
                    total: total.map(|f| (f.name.clone(), f.ty.clone())),
                    total_optional: total.is_some_and(|f| f.presence == Presence::Optional),
                })
            }
            _ => None,
        }
    }

    /// `starting_after` with a `has_more` boolean and items with a string
    /// `id`.
    fn last_item(&self, param: usize, items: &Items) -> Option<PageStyle> {
        let page = self.lookup(items.page_ty?)?;
        let TypeKind::Struct(s) = &page.kind else {
            return None;
        };
        let has_more = s.fields.iter().find(|f| {
            f.json_name == "has_more" && f.ty == Ty::Bool && f.presence == Presence::Required
        })?;
        let Ty::Named(item) = &items.item_ty else {
            return None;
        };
        let TypeKind::Struct(item) = &self.lookup(*item)?.kind else {
            return None;
        };
        let id = item.fields.iter().find(|f| {
            f.json_name == "id" && f.ty == Ty::String && f.presence == Presence::Required
        })?;
        Some(PageStyle::LastItem {
            param,
            id_field: id.name.clone(),
            has_more_field: has_more.name.clone(),
        })
    }

    /// The first of `names` that is a string field of the page, at its top
    /// or in one of the usual wrapper objects.
    fn string_path(&self, body: &Ty, names: &[&str]) -> Option<Vec<(String, Presence)>> {
        for name in names {
            if let Some(path) = self.follow(body, &[name.to_string()]) {
                return Some(path);
            }
        }
        for wrapper in WRAPPERS {
            for name in names {
                if let Some(path) = self.follow(body, &[wrapper.to_string(), name.to_string()]) {
                    return Some(path);
                }
            }
        }
        None
    }

    /// The fields along `path` (wire names) from a page of type `body`,
    /// when every step is a struct and the last a string.
    fn follow(&self, body: &Ty, path: &[String]) -> Option<Vec<(String, Presence)>> {
        let mut ty = body;
        let mut out = Vec::new();
        for step in path {
            let Ty::Named(id) = ty else {
                return None;
            };
            let TypeKind::Struct(s) = &self.lookup(*id)?.kind else {
                return None;
            };
            let field = s.fields.iter().find(|f| &f.json_name == step)?;
            out.push((field.name.clone(), field.presence));
            ty = &field.ty;
        }
        (*ty == Ty::String && !out.is_empty()).then_some(out)
    }
}

/// `$.a.b` as `["a", "b"]`; `None` for anything else JSONPath can say.
fn simple_path(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('$')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let steps: Vec<String> = rest
        .strip_prefix('.')?
        .split('.')
        .map(str::to_string)
        .collect();
    steps
        .iter()
        .all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '@' || c == '-')
        })
        .then_some(steps)
}
