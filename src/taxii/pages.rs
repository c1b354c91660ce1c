//! The pages of a collection's objects, as TAXII 2.1 hands them out: each envelope says
//! whether there is `more`, and either a `next` token to ask for it or, from servers that
//! page by date, its `X-TAXII-Date-Added-Last` to ask `added_after`. Pure: it decides the
//! next request's query and stops a server whose pages go round (a page that says there is
//! more but brings no object version not seen already, a date that does not move) or never end
//! ([`MAX_PAGES`]). A `next` token may come back on every page (medallion keeps one per
//! session), so a token seen again is no loop by itself.

use std::collections::HashSet;

use serde_json::Value;

/// The most pages one pull reads.
pub const MAX_PAGES: usize = 10_000;

/// Why paging stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The server gave a page again: its `next` token, or the date it went on from.
    Loop(String),
    /// More than [`MAX_PAGES`].
    TooMany,
    /// `more` with neither a `next` nor a date to go on from.
    NoWay,
}

/// Where paging is.
#[derive(Debug, Clone)]
pub struct Pages {
    added_after: Option<String>,
    next: Option<String>,
    /// Each object version read: its id and `modified` (or `created`, or nothing).
    seen: HashSet<(String, String)>,
    count: usize,
    last: Option<String>,
}

impl Pages {
    /// Paging from the start, or from what was added after `added_after`.
    pub fn new(added_after: Option<String>) -> Pages {
        Pages {
            last: added_after.clone(),
            added_after,
            next: None,
            seen: HashSet::new(),
            count: 0,
        }
    }

    /// The query of the next request, `limit` objects at most.
    pub fn query(&self, limit: usize) -> Vec<(&'static str, String)> {
        let mut q = vec![("limit", limit.to_string())];
        if let Some(a) = &self.added_after {
            q.push(("added_after", a.clone()));
        }
        if let Some(n) = &self.next {
            q.push(("next", n.clone()));
        }
        q
    }

    /// Takes in a page (`envelope`, with its `X-TAXII-Date-Added-Last`): whether there is
    /// another to ask for.
    pub fn advance(&mut self, envelope: &Value, added_last: Option<&str>) -> Result<bool, Stop> {
        self.count += 1;
        let mut fresh = false;
        for o in (envelope.get("objects").and_then(Value::as_array))
            .into_iter()
            .flatten()
        {
            let text = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let version = Some(text("modified")).filter(|m| !m.is_empty());
            fresh |= self
                .seen
                .insert((text("id"), version.unwrap_or_else(|| text("created"))));
        }
        if let Some(a) = added_last
            && self.last.as_deref().is_none_or(|l| later(a, l))
        {
            self.last = Some(a.to_string());
        }
        if envelope.get("more").and_then(Value::as_bool) != Some(true) {
            return Ok(false);
        }
        if self.count >= MAX_PAGES {
            return Err(Stop::TooMany);
        }
        if let Some(token) = envelope.get("next").and_then(Value::as_str) {
            if !fresh {
                return Err(Stop::Loop(token.to_string()));
            }
            self.next = Some(token.to_string());
            return Ok(true);
        }
        match added_last {
            Some(a) if self.added_after.as_deref() != Some(a) => {
                self.added_after = Some(a.to_string());
                self.next = None;
                Ok(true)
            }
            Some(a) => Err(Stop::Loop(a.to_string())),
            None => Err(Stop::NoWay),
        }
    }

    /// The latest `X-TAXII-Date-Added-Last` seen (or the date paging started from).
    pub fn last(&self) -> Option<&str> {
        self.last.as_deref()
    }

    /// How many pages were read.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Whether timestamp `a` is later than `b` (RFC 3339; compared as text when either cannot be
/// read).
pub fn later(a: &str, b: &str) -> bool {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    match (
        OffsetDateTime::parse(a, &Rfc3339),
        OffsetDateTime::parse(b, &Rfc3339),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_are_followed_until_there_is_no_more() {
        let mut p = Pages::new(Some("2024-01-01T00:00:00Z".into()));
        assert_eq!(
            p.query(50),
            [
                ("limit", "50".into()),
                ("added_after", "2024-01-01T00:00:00Z".into())
            ]
        );
        let more = json!({"more": true, "next": "abc", "objects": [{"id": "x--1"}]});
        assert_eq!(p.advance(&more, Some("2024-02-01T00:00:00.5Z")), Ok(true));
        assert!(p.query(50).contains(&("next", "abc".into())));
        let end = json!({"more": false, "objects": []});
        assert_eq!(p.advance(&end, Some("2024-03-01T00:00:00Z")), Ok(false));
        assert_eq!(p.last(), Some("2024-03-01T00:00:00Z"));
        assert_eq!(p.count(), 2);
    }

    #[test]
    fn a_page_given_again_is_a_loop_and_a_token_kept_is_not() {
        let mut p = Pages::new(None);
        let one = json!({"more": true, "next": "abc", "objects": [{"id": "x--1", "modified": "2024-01-01T00:00:00Z"}]});
        let two = json!({"more": true, "next": "abc", "objects": [{"id": "x--2"}]});
        assert_eq!(p.advance(&one, None), Ok(true));
        assert_eq!(p.advance(&two, None), Ok(true), "medallion keeps its token");
        assert_eq!(p.advance(&one, None), Err(Stop::Loop("abc".into())));
        let empty = json!({"more": true, "next": "e"});
        assert_eq!(
            Pages::new(None).advance(&empty, None),
            Err(Stop::Loop("e".into()))
        );
    }

    #[test]
    fn without_tokens_the_date_must_move() {
        let mut p = Pages::new(None);
        let more = json!({"more": true});
        assert_eq!(p.advance(&more, Some("2024-01-01T00:00:00Z")), Ok(true));
        assert!(
            p.query(10)
                .contains(&("added_after", "2024-01-01T00:00:00Z".into()))
        );
        assert!(matches!(
            p.advance(&more, Some("2024-01-01T00:00:00Z")),
            Err(Stop::Loop(_))
        ));
        assert_eq!(Pages::new(None).advance(&more, None), Err(Stop::NoWay));
    }

    #[test]
    fn pages_end_somewhere() {
        let mut p = Pages::new(None);
        let mut outcome = Ok(true);
        for n in 0..=MAX_PAGES {
            let page = json!({"more": true, "next": "t", "objects": [{"id": n.to_string()}]});
            outcome = p.advance(&page, None);
            if outcome.is_err() {
                break;
            }
        }
        assert_eq!(outcome, Err(Stop::TooMany));
    }

    #[test]
    fn timestamps_compare_as_times() {
        assert!(later("2024-01-01T00:00:00.001Z", "2024-01-01T00:00:00Z"));
        assert!(!later("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00Z"));
        assert!(later("2024-01-02T00:00:00Z", "2024-01-01T23:00:00Z"));
    }
}
