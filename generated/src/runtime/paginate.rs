use std::future::Future;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::{Error, Response};

/// A page of an offset-paginated list: its items and, when the API says,
/// how many items there are in all.
pub(crate) trait Page {
    /// One element of the list.
    type Item;
    /// How many items this page holds.
    fn len(&self) -> usize;
    /// The total number of items across all pages, if the API reports it.
    fn total(&self) -> Option<i64>;
    /// The items, by value.
    fn into_items(self) -> Vec<Self::Item>;
}

enum Next {
    Offset(i64),
    Done,
}

/// Pages fetched lazily, one request each, starting at `start`: each page is
/// requested only when the stream is polled past the previous one. The walk
/// ends after an empty page, once `total` items have been passed, or after
/// the first error (which is yielded).
pub(crate) fn pages<'a, P, E, F, Fut>(
    start: i64,
    mut fetch: F,
) -> impl Stream<Item = Result<Response<P>, Error<E>>> + 'a
where
    P: Page + 'a,
    E: 'a,
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error<E>>> + 'a,
{
    stream::unfold(Next::Offset(start), move |next| {
        let request = match next {
            Next::Offset(offset) => Some((offset, fetch(offset))),
            Next::Done => None,
        };
        async move {
            let (offset, request) = request?;
            match request.await {
                Err(error) => Some((Err(error), Next::Done)),
                Ok(page) => {
                    let count = i64::try_from(page.len()).unwrap_or(i64::MAX);
                    let after = offset.saturating_add(count);
                    let done = count == 0 || page.total().is_some_and(|total| after >= total);
                    let next = if done {
                        Next::Done
                    } else {
                        Next::Offset(after)
                    };
                    Some((Ok(page), next))
                }
            }
        }
    })
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
    use super::*;
    use super::super::RawResponse;
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

    #[test]
    fn stops_at_total_and_fetches_each_offset_once() {
        let mut asked = Vec::new();
        let all: Vec<i64> = (0..5).collect();
        let got = collect(items(pages(0, |offset| {
            asked.push(offset);
            let start = offset as usize;
            let page = all[start..(start + 2).min(5)].to_vec();
            std::future::ready(respond(page, Some(5)))
        })));
        let got: Vec<i64> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(got, all);
        assert_eq!(asked, vec![0, 2, 4]);
    }

    #[test]
    fn stops_at_an_empty_page_without_a_total() {
        let got = collect(pages(10, |offset| {
            let page = if offset < 12 { vec![offset] } else { vec![] };
            std::future::ready(respond(page, None))
        }));
        assert_eq!(got.len(), 3, "two pages of one item, then the empty page");
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_walk() {
        let got = collect(items(pages(0, |offset| {
            std::future::ready(if offset == 0 {
                respond(vec![1], Some(10))
            } else {
                Err(Error::InvalidRequest("boom".into()))
            })
        })));
        assert_eq!(got.len(), 2);
        assert!(got[1].is_err());
    }
}
