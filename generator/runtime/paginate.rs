use std::collections::HashSet;
use std::future::Future;
use std::hash::Hash;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::{Error, Response};

/// A page of a list: its items and, when the API says, how many there are
/// in all and what comes next.
pub(crate) trait Page {
    /// One element of the list.
    type Item;
    /// How many items this page holds.
    fn len(&self) -> usize;
    /// The total number of items across all pages, if the API reports it.
    fn total(&self) -> Option<i64> {
        None
    }
    /// What the page says comes next (a cursor or a URL), if anything.
    fn next(&self) -> Option<String> {
        None
    }
    /// The items, by value.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A body that is the list itself (GitHub's, with a `Link` header).
impl<T> Page for Vec<T> {
    type Item = T;
    #[inline]
    fn len(&self) -> usize {
        Vec::len(self)
    }
    #[inline]
    fn into_items(self) -> Vec<T> {
        self
    }
}

/// Pages fetched lazily, one request each: `fetch` asks for the page that
/// `state` names (`start` first), and `next` reads from each page the state
/// of the one after it. Each page is requested only when the stream is
/// polled past the previous one. The walk ends when `next` says nothing,
/// after an empty page, when the next state is one already asked for (a
/// server repeating a cursor cannot make it loop), or after the first error
/// (which is yielded).
pub(crate) fn walk<'a, P, E, S, F, Fut, N>(
    start: S,
    fetch: F,
    next: N,
) -> impl Stream<Item = Result<Response<P>, Error<E>>> + 'a
where
    P: Page + 'a,
    E: 'a,
    S: Clone + Eq + Hash + 'a,
    F: FnMut(S) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error<E>>> + 'a,
    N: Fn(&S, &Response<P>) -> Option<S> + 'a,
{
    let walker = (Some(start), HashSet::new(), fetch, next);
    stream::unfold(walker, |(state, mut seen, mut fetch, next)| {
        let request = state.map(|state| {
            seen.insert(state.clone());
            (fetch(state.clone()), state)
        });
        async move {
            let (request, state) = request?;
            match request.await {
                Err(error) => Some((Err(error), (None, seen, fetch, next))),
                Ok(page) => {
                    let following = if page.body().len() == 0 {
                        None
                    } else {
                        next(&state, &page).filter(|s| !seen.contains(s))
                    };
                    Some((Ok(page), (following, seen, fetch, next)))
                }
            }
        }
    })
}

/// The offset after `page`, unless it was the last (by the total).
#[inline]
pub(crate) fn next_offset<P: Page>(offset: &i64, page: &Response<P>) -> Option<i64> {
    let count = i64::try_from(page.body().len()).unwrap_or(i64::MAX);
    let after = offset.saturating_add(count);
    match page.body().total() {
        Some(total) if after >= total => None,
        _ => Some(after),
    }
}

/// The page number after `page`.
#[inline]
pub(crate) fn next_number<P>(number: &i64, _page: &Response<P>) -> Option<i64> {
    number.checked_add(1)
}

/// What the page's body says comes next, empty meaning nothing.
#[inline]
pub(crate) fn next_in_body<P: Page>(
    _state: &Option<String>,
    page: &Response<P>,
) -> Option<Option<String>> {
    page.body().next().filter(|next| !next.is_empty()).map(Some)
}

/// The `rel="next"` target of the response's `Link` headers (RFC 8288:
/// `<https://…?page=2>; rel="next", <…>; rel="last"`).
#[inline]
pub(crate) fn next_in_link_header<P>(
    _state: &Option<String>,
    page: &Response<P>,
) -> Option<Option<String>> {
    page.headers()
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(link_next)
        .map(Some)
}

/// The target of the `rel="next"` link in one `Link` header value.
#[inline]
fn link_next(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        // The link's parameters run to the next `<` (a `,` may be quoted).
        let params_end = rest[close..].find('<').map_or(rest.len(), |i| close + i);
        let params = &rest[close + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_string());
        }
        rest = &rest[params_end..];
    }
}

/// Every item of every page, in order; an error ends the stream after it is
/// yielded.
pub(crate) fn items<'a, P, E>(
    pages: impl Stream<Item = Result<Response<P>, Error<E>>> + 'a,
) -> impl Stream<Item = Result<P::Item, Error<E>>> + 'a
where
    P: Page + 'a,
    P::Item: 'a,
    E: 'a,
{
    pages.flat_map(|page| {
        let batch: Vec<Result<P::Item, Error<E>>> = match page {
            Ok(page) => page.into_body().into_items().into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(batch)
    })
}

#[cfg(test)]
mod tests {
    use super::super::RawResponse;
    use super::*;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    struct Numbers {
        items: Vec<i64>,
        total: Option<i64>,
    }

    impl Page for Numbers {
        type Item = i64;
        fn len(&self) -> usize {
            self.items.len()
        }
        fn total(&self) -> Option<i64> {
            self.total
        }
        fn into_items(self) -> Vec<i64> {
            self.items
        }
    }

    fn respond(items: Vec<i64>, total: Option<i64>) -> Result<Response<Numbers>, Error<()>> {
        let raw = RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        };
        raw.empty().map(|r| {
            let (status, headers, ()) = r.into_parts();
            Response::from_parts(status, headers, Numbers { items, total })
        })
    }

    /// Drives a stream to its end on a single-threaded runtime.
    fn collect<S: Stream>(s: S) -> Vec<S::Item> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(s.collect::<Vec<_>>())
    }

    fn offsets<'a>(
        fetch: impl FnMut(i64) -> std::future::Ready<Result<Response<Numbers>, Error<()>>> + 'a,
        start: i64,
    ) -> impl Stream<Item = Result<Response<Numbers>, Error<()>>> + 'a {
        walk(start, fetch, next_offset)
    }

    #[test]
    fn stops_at_total_and_fetches_each_offset_once() {
        let mut asked = Vec::new();
        let all: Vec<i64> = (0..5).collect();
        let got = collect(items(offsets(
            |offset| {
                asked.push(offset);
                let start = offset as usize;
                let page = all[start..(start + 2).min(5)].to_vec();
                std::future::ready(respond(page, Some(5)))
            },
            0,
        )));
        let got: Vec<i64> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(got, all);
        assert_eq!(asked, vec![0, 2, 4]);
    }

    #[test]
    fn stops_at_an_empty_page_without_a_total() {
        let got = collect(offsets(
            |offset| {
                let page = if offset < 12 { vec![offset] } else { vec![] };
                std::future::ready(respond(page, None))
            },
            10,
        ));
        assert_eq!(got.len(), 3, "two pages of one item, then the empty page");
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_walk() {
        let got = collect(items(offsets(
            |offset| {
                std::future::ready(if offset == 0 {
                    respond(vec![1], Some(10))
                } else {
                    Err(Error::InvalidRequest("boom".into()))
                })
            },
            0,
        )));
        assert_eq!(got.len(), 2);
        assert!(got[1].is_err());
    }

    #[test]
    fn a_repeated_state_ends_the_walk() {
        // A server that answers every cursor with "a", then "b", then "a".
        let mut asked = Vec::new();
        let got = collect(walk(
            None::<String>,
            |cursor| {
                asked.push(cursor.clone());
                std::future::ready(respond(vec![1], None))
            },
            |cursor: &Option<String>, _: &Response<Numbers>| match cursor.as_deref() {
                None => Some(Some("a".to_string())),
                Some("a") => Some(Some("b".to_string())),
                _ => Some(Some("a".to_string())),
            },
        ));
        assert_eq!(got.len(), 3);
        assert_eq!(asked, [None, Some("a".into()), Some("b".into())]);
    }

    #[test]
    fn link_headers_give_their_next_target() {
        assert_eq!(
            link_next(
                r#"<https://api.example.com/x?page=2>; rel="next", <https://api.example.com/x?page=9>; rel="last""#
            ),
            Some("https://api.example.com/x?page=2".into())
        );
        assert_eq!(
            link_next(
                r#"<https://a/x?page=1&q=a,b>; rel="prev", <https://a/x?page=3>; rel="next""#
            ),
            Some("https://a/x?page=3".into())
        );
        assert_eq!(
            link_next(r#"<https://a/x?p=2>; title="a, b"; rel="last next""#),
            Some("https://a/x?p=2".into())
        );
        assert_eq!(link_next(r#"<https://a/x?page=1>; rel="prev""#), None);
        assert_eq!(link_next("garbage"), None);
    }
}
