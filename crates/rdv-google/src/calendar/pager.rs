//! The one guard of every paged listing (`events.list`, …): a page cap and repeated-token
//! detection, so a hostile or broken answer that keeps announcing more pages — or hands back a
//! token already followed — ends the listing with a clear error instead of looping for ever.

use std::collections::HashSet;

use super::{CalendarError, PagingError};

/// The most pages one listing follows: 2,000 pages of 250 events is half a million events, far
/// beyond any practitioner's calendar.
pub const MAX_PAGES: usize = 2_000;

/// Follows the `nextPageToken`s of one listing.
#[derive(Debug)]
pub struct Pager {
    max_pages: usize,
    pages: usize,
    seen: HashSet<String>,
}

impl Default for Pager {
    fn default() -> Self {
        Self::with_max(MAX_PAGES)
    }
}

impl Pager {
    /// A pager that refuses more than `max_pages` pages.
    pub fn with_max(max_pages: usize) -> Self {
        Self {
            max_pages,
            pages: 0,
            seen: HashSet::new(),
        }
    }

    /// Counts a page just read and checks its `next` token: `Ok(Some(token))` to read next,
    /// `Ok(None)` when the listing is complete, an error when the token was already followed
    /// or the cap is reached.
    ///
    /// ```
    /// use rdv_google::calendar::Pager;
    /// let mut pager = Pager::default();
    /// assert_eq!(pager.next(Some("p2".into())).unwrap().as_deref(), Some("p2"));
    /// assert!(pager.next(Some("p2".into())).is_err(), "the same token again");
    /// ```
    pub fn next(&mut self, next: Option<String>) -> Result<Option<String>, CalendarError> {
        self.pages += 1;
        // An empty token ends the listing as an absent one does.
        let Some(token) = next.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if self.pages >= self.max_pages {
            return Err(CalendarError::Paging(PagingError::TooManyPages(
                self.max_pages,
            )));
        }
        if !self.seen.insert(token.clone()) {
            return Err(CalendarError::Paging(PagingError::RepeatedToken));
        }
        Ok(Some(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_ends_when_no_token_comes() {
        let mut pager = Pager::default();
        assert_eq!(pager.next(Some("a".into())).unwrap().as_deref(), Some("a"));
        assert_eq!(pager.next(Some("b".into())).unwrap().as_deref(), Some("b"));
        assert_eq!(pager.next(None).unwrap(), None);
    }

    #[test]
    fn a_token_seen_before_ends_the_listing_with_an_error() {
        let mut pager = Pager::default();
        pager.next(Some("a".into())).unwrap();
        pager.next(Some("b".into())).unwrap();
        let err = pager.next(Some("a".into())).unwrap_err();
        assert_eq!(err, CalendarError::Paging(PagingError::RepeatedToken));
    }

    #[test]
    fn endless_new_tokens_stop_at_the_cap() {
        let mut pager = Pager::with_max(5);
        let mut followed = 0;
        let err = loop {
            match pager.next(Some(format!("p{followed}"))) {
                Ok(_) => followed += 1,
                Err(e) => break e,
            }
        };
        assert_eq!(followed, 4, "four more pages after the first, then refused");
        assert_eq!(err, CalendarError::Paging(PagingError::TooManyPages(5)));
        assert!(err.to_string().contains("more than 5 pages"));
    }
}
