//! Paging through `participant.enumerate` / `conference.enumerate`, sans IO:
//! the owned `enumerateID` kept between calls ([`EnumerateIdOwned`]), what one
//! page brought ([`Page`]), what the pages brought together ([`Pages`]), and
//! the paging loop itself ([`Pager`]): which `enumerateID` the next call
//! sends, when the walk is done, and when the page cap stops it.
//!
//! A reply that carries an `enumerateID` has more results: the next call
//! sends that `enumerateID` back exactly as received (integer or string; a
//! server that does not recognise it answers fault 16 `invalid enumerateID
//! value`). A reply without one is the last page.
//!
//! The text of a string `enumerateID` is kept in `S`: a
//! `heapless::String<N>` (default [`ENUMERATE_ID_CAPACITY`] bytes; a longer
//! one is [`IdTooLong`]) or, with the `alloc` feature, a `String`.
//!
//! ```
//! use baton_rpc::enumerate::{Next, Page, Pager};
//! use baton_rpc::value::EnumerateId;
//!
//! // A server with three pages: the first call sends no enumerateID.
//! let server = |id: Option<EnumerateId<'_>>| -> Page {
//!     let next = match id {
//!         None => Some(EnumerateId::Int(2)),
//!         Some(EnumerateId::Int(2)) => Some(EnumerateId::Str("p3")),
//!         _ => None,
//!     };
//!     Page::of_reply(10, next, Some(7)).unwrap()
//! };
//! let mut pager: Pager = Pager::new(8);
//! while let Next::Call(id) = pager.next() {
//!     let page = server(id);
//!     pager.add(page);
//! }
//! assert!(pager.next() == Next::Done);
//! let pages = pager.finish();
//! assert_eq!((pages.pages, pages.items, pages.current_revision), (3, 30, Some(7)));
//! assert_eq!(pages.enumerate_id, None);
//! ```

use core::fmt;

use crate::value::EnumerateId;

/// Bytes of a string `enumerateID` the default storage keeps between pages.
pub const ENUMERATE_ID_CAPACITY: usize = 64;

/// Where the text of an owned string `enumerateID` is kept.
pub trait IdText: Sized {
    /// A copy of `text`, or `None` when it does not fit.
    fn copy_of(text: &str) -> Option<Self>;
    /// The text.
    fn text(&self) -> &str;
}

impl<const N: usize> IdText for heapless::String<N> {
    #[inline]
    fn copy_of(text: &str) -> Option<Self> {
        heapless::String::try_from(text).ok()
    }

    #[inline]
    fn text(&self) -> &str {
        self.as_str()
    }
}

#[cfg(feature = "alloc")]
impl IdText for alloc::string::String {
    fn copy_of(text: &str) -> Option<Self> {
        Some(text.into())
    }

    fn text(&self) -> &str {
        self.as_str()
    }
}

/// A string `enumerateID` longer than its storage holds (only a fixed
/// capacity such as `heapless::String<N>` can refuse one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct IdTooLong;

impl fmt::Display for IdTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("enumerateID longer than its storage")
    }
}

impl core::error::Error for IdTooLong {}

/// An `enumerateID` as received, owned: kept to send back for the next page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumerateIdOwned<S = heapless::String<ENUMERATE_ID_CAPACITY>> {
    /// Received as an integer.
    Int(i64),
    /// Received as a string.
    Str(S),
}

impl<S: IdText> EnumerateIdOwned<S> {
    /// A copy of `id` (a string too long for `S`: [`IdTooLong`]).
    ///
    /// ```
    /// use baton_rpc::enumerate::{EnumerateIdOwned, IdTooLong};
    /// use baton_rpc::value::EnumerateId;
    ///
    /// let id: EnumerateIdOwned = EnumerateIdOwned::of(EnumerateId::Str("a1")).unwrap();
    /// assert_eq!(id.as_id(), EnumerateId::Str("a1"));
    /// let small = EnumerateIdOwned::<heapless::String<2>>::of(EnumerateId::Str("abc"));
    /// assert_eq!(small, Err(IdTooLong));
    /// ```
    #[inline]
    pub fn of(id: EnumerateId<'_>) -> Result<Self, IdTooLong> {
        Ok(match id {
            EnumerateId::Int(v) => EnumerateIdOwned::Int(v),
            EnumerateId::Str(s) => EnumerateIdOwned::Str(S::copy_of(s).ok_or(IdTooLong)?),
        })
    }

    /// As the params' `enumerateID`: the value exactly as received.
    #[inline]
    pub fn as_id(&self) -> EnumerateId<'_> {
        match self {
            EnumerateIdOwned::Int(v) => EnumerateId::Int(*v),
            EnumerateIdOwned::Str(s) => EnumerateId::Str(s.text()),
        }
    }
}

#[cfg(feature = "alloc")]
impl From<EnumerateId<'_>> for EnumerateIdOwned<alloc::string::String> {
    /// An owned copy (a `String` holds any `enumerateID`).
    fn from(id: EnumerateId<'_>) -> Self {
        match id {
            EnumerateId::Int(v) => EnumerateIdOwned::Int(v),
            EnumerateId::Str(s) => EnumerateIdOwned::Str(s.into()),
        }
    }
}

/// One page of an enumerate: what came with its items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page<S = heapless::String<ENUMERATE_ID_CAPACITY>> {
    /// Items (participants / conferences) the page carried.
    pub items: usize,
    /// `enumerateID`: more results follow (send it back).
    pub enumerate_id: Option<EnumerateIdOwned<S>>,
    /// `currentRevision`.
    pub current_revision: Option<i32>,
    /// Bytes of the reply body (XML) received (0 where not counted).
    pub bytes: usize,
}

impl<S: IdText> Page<S> {
    /// The page of a reply decoded whole: `items` items, its
    /// `enumerateID` and `currentRevision` (a string `enumerateID` too
    /// long for `S`: [`IdTooLong`]).
    pub fn of_reply(
        items: usize,
        enumerate_id: Option<EnumerateId<'_>>,
        current_revision: Option<i32>,
    ) -> Result<Self, IdTooLong> {
        Ok(Page {
            items,
            enumerate_id: enumerate_id.map(EnumerateIdOwned::of).transpose()?,
            current_revision,
            bytes: 0,
        })
    }
}

/// Several pages followed through `enumerateID`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pages<S = heapless::String<ENUMERATE_ID_CAPACITY>> {
    /// Calls made (pages received).
    pub pages: usize,
    /// Items over all pages.
    pub items: usize,
    /// Set when the page cap stopped the walk and more results remain:
    /// where to go on.
    pub enumerate_id: Option<EnumerateIdOwned<S>>,
    /// The last page's `currentRevision`.
    pub current_revision: Option<i32>,
    /// Bytes of XML received, over all pages.
    pub bytes: usize,
}

/// What the paging loop does next ([`Pager::next`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next<'p> {
    /// Make the call with this `enumerateID` (`None`: the first page).
    Call(Option<EnumerateId<'p>>),
    /// The last page came (it had no `enumerateID`).
    Done,
    /// `max_pages` calls were made and more results remain
    /// ([`Pages::enumerate_id`] says where to go on).
    Capped,
}

/// The paging loop of the enumerate calls, sans IO: ask [`Pager::next`],
/// make the call it names, hand the page to [`Pager::add`]; at
/// [`Next::Done`] or [`Next::Capped`], [`Pager::finish`].
///
/// ```
/// use baton_rpc::enumerate::{Next, Page, Pager};
/// use baton_rpc::value::EnumerateId;
///
/// // Every page says there is more: the cap stops the walk after 2 calls.
/// let mut pager: Pager = Pager::new(2);
/// while let Next::Call(_) = pager.next() {
///     pager.add(Page::of_reply(1, Some(EnumerateId::Int(9)), None).unwrap());
/// }
/// assert!(pager.next() == Next::Capped);
/// let pages = pager.finish();
/// assert_eq!(pages.pages, 2);
/// assert_eq!(pages.enumerate_id.map(|id| id.as_id() == EnumerateId::Int(9)), Some(true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pager<S = heapless::String<ENUMERATE_ID_CAPACITY>> {
    max_pages: usize,
    started: bool,
    /// `enumerate_id` holds the one the next call sends.
    pages: Pages<S>,
}

impl<S: IdText> Pager<S> {
    /// A walk from the first page, of at most `max_pages` calls.
    pub fn new(max_pages: usize) -> Self {
        Pager {
            max_pages,
            started: false,
            pages: Pages {
                pages: 0,
                items: 0,
                enumerate_id: None,
                current_revision: None,
                bytes: 0,
            },
        }
    }

    /// A walk that starts at `first` (an `enumerateID` received earlier;
    /// `None`: the first page), of at most `max_pages` calls.
    pub fn starting_at(
        first: Option<EnumerateId<'_>>,
        max_pages: usize,
    ) -> Result<Self, IdTooLong> {
        let mut pager = Pager::new(max_pages);
        pager.pages.enumerate_id = first.map(EnumerateIdOwned::of).transpose()?;
        Ok(pager)
    }

    /// What to do next: the call to make, or why the walk ends.
    #[inline]
    pub fn next(&self) -> Next<'_> {
        match &self.pages.enumerate_id {
            None if self.started => Next::Done,
            _ if self.pages.pages >= self.max_pages => Next::Capped,
            id => Next::Call(id.as_ref().map(EnumerateIdOwned::as_id)),
        }
    }

    /// Counts in the page the call named by [`Pager::next`] brought; its
    /// `enumerateID` is the one the next call sends.
    #[inline]
    pub fn add(&mut self, page: Page<S>) {
        self.started = true;
        let pages = &mut self.pages;
        pages.pages = pages.pages.saturating_add(1);
        pages.items = pages.items.saturating_add(page.items);
        pages.bytes = pages.bytes.saturating_add(page.bytes);
        pages.current_revision = page.current_revision;
        pages.enumerate_id = page.enumerate_id;
    }

    /// What the pages brought so far.
    pub fn pages(&self) -> &Pages<S> {
        &self.pages
    }

    /// What the pages brought; [`Pages::enumerate_id`] is set when more
    /// results remain.
    pub fn finish(self) -> Pages<S> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Id = EnumerateIdOwned;

    fn page(items: usize, id: Option<EnumerateId<'_>>, bytes: usize) -> Page {
        Page {
            bytes,
            ..Page::of_reply(items, id, Some(items as i32)).unwrap()
        }
    }

    /// Each page's `enumerateID` is sent back exactly as received (integer
    /// stays integer, string stays string) until a page comes without one;
    /// counts add up, the last page's `currentRevision` wins.
    #[test]
    fn enumerate_id_is_echoed_as_received_until_a_page_has_none() {
        let mut pager: Pager = Pager::new(10);
        let mut sent = std::vec::Vec::new();
        let replies = [
            Some(EnumerateId::Int(7)),
            Some(EnumerateId::Str("page-3")),
            None,
        ];
        let mut i = 0;
        while let Next::Call(id) = pager.next() {
            sent.push(id.map(|id| Id::of(id).unwrap()));
            pager.add(page(i + 1, replies[i], 100));
            i += 1;
        }
        assert_eq!(
            sent,
            [
                None,
                Some(Id::Int(7)),
                Some(Id::Str(heapless::String::try_from("page-3").unwrap()))
            ]
        );
        assert_eq!(pager.next(), Next::Done);
        assert_eq!(
            pager.finish(),
            Pages {
                pages: 3,
                items: 6,
                enumerate_id: None,
                current_revision: Some(3),
                bytes: 300,
            }
        );
    }

    /// The cap: after `max_pages` calls with more to come the walk stops and
    /// keeps where to go on; a walk that ends on its last allowed page is
    /// done, not capped; no calls at all with a cap of 0.
    #[test]
    fn page_cap_stops_the_walk_and_keeps_where_to_go_on() {
        let mut pager: Pager = Pager::new(2);
        while let Next::Call(_) = pager.next() {
            pager.add(page(1, Some(EnumerateId::Str("more")), 0));
        }
        assert_eq!(pager.next(), Next::Capped);
        let pages = pager.finish();
        assert_eq!(pages.pages, 2);
        assert_eq!(
            pages.enumerate_id.unwrap().as_id(),
            EnumerateId::Str("more")
        );

        let mut pager: Pager = Pager::new(1);
        assert_eq!(pager.next(), Next::Call(None));
        pager.add(page(1, None, 0));
        assert_eq!(pager.next(), Next::Done);

        let pager: Pager = Pager::new(0);
        assert_eq!(pager.next(), Next::Capped);
        assert_eq!(pager.finish(), Pages::default());
    }

    /// A walk resumed at an `enumerateID` sends it first; with a cap of 0
    /// it is handed back untouched.
    #[test]
    fn a_walk_resumes_at_a_given_enumerate_id() {
        let pager: Pager = Pager::starting_at(Some(EnumerateId::Int(-4)), 3).unwrap();
        assert_eq!(pager.next(), Next::Call(Some(EnumerateId::Int(-4))));
        let pager: Pager = Pager::starting_at(Some(EnumerateId::Str("x")), 0).unwrap();
        assert_eq!(pager.next(), Next::Capped);
        assert_eq!(
            pager.finish().enumerate_id.unwrap().as_id(),
            EnumerateId::Str("x")
        );
    }

    /// Fixed storage refuses a string `enumerateID` longer than it holds
    /// (never cut: a cut one would name another page or fault 16).
    #[test]
    fn an_enumerate_id_longer_than_its_storage_is_refused_not_cut() {
        let long = "x".repeat(ENUMERATE_ID_CAPACITY + 1);
        assert_eq!(Id::of(EnumerateId::Str(&long)), Err(IdTooLong));
        let fits = &long[..ENUMERATE_ID_CAPACITY];
        assert_eq!(
            Id::of(EnumerateId::Str(fits)).unwrap().as_id(),
            EnumerateId::Str(fits)
        );
        assert_eq!(
            Page::<heapless::String<4>>::of_reply(0, Some(EnumerateId::Str("12345")), None),
            Err(IdTooLong)
        );
        assert_eq!(
            Pager::<heapless::String<4>>::starting_at(Some(EnumerateId::Str("12345")), 1),
            Err(IdTooLong)
        );
    }
}

/// The params of a paged `*.enumerate` call (`participant.enumerate`,
/// `conference.enumerate`): what a client's paging loop needs to know of
/// the method, so a port writes the loop once for both (and for any
/// enumerate added to the table): the method, the listed item, the
/// streamed reply decoder, and the params of the next page.
///
/// ```
/// use baton_rpc::enumerate::Enumerate;
/// use baton_rpc::participant::ParticipantEnumerateParams;
/// use baton_rpc::value::EnumerateId;
///
/// fn next_page<P: Enumerate>(first: &P, id: Option<EnumerateId<'_>>) -> Vec<u8> {
///     let mut buf = [0u8; 512];
///     let params = first.at(id, "tms", "secret".into());
///     let n = baton_rpc::client::encode_call(&mut buf, P::METHOD, &params).unwrap();
///     buf[..n].to_vec()
/// }
/// let first = ParticipantEnumerateParams::default();
/// let xml = next_page(&first, Some(EnumerateId::Int(7)));
/// let xml = String::from_utf8(xml).unwrap();
/// assert!(xml.contains("<methodName>participant.enumerate</methodName>"));
/// assert!(xml.contains("<name>enumerateID</name><value><int>7</int></value>"));
/// ```
pub trait Enumerate: serde::Serialize + Clone {
    /// The method called.
    const METHOD: crate::Method;
    /// What is listed (`Participant<'static>`, `Conference<'static>`; the
    /// item at any lifetime is [`crate::stream::ItemOf`]).
    type Family: crate::stream::ItemFamily;
    /// The reply decoded one item at a time through a buffer `B`.
    type Stream<B: AsRef<[u8]> + AsMut<[u8]>>: crate::stream::ItemStream<B, Family = Self::Family>;
    /// The params of one page (these, with its `enumerateID` and credentials).
    type At<'b>: serde::Serialize
    where
        Self: 'b;
    /// The `enumerateID` these params start at (`None`: the first page).
    fn enumerate_id(&self) -> Option<EnumerateId<'_>>;
    /// These params (filters and all) for the page at `enumerate_id`, with
    /// the credentials.
    fn at<'b>(
        &'b self,
        enumerate_id: Option<EnumerateId<'b>>,
        user: &'b str,
        password: crate::secret::Password<'b>,
    ) -> Self::At<'b>;
}

macro_rules! enumerate_impl {
    ($params:ident, $variant:ident, $stream:ident, $item:ident) => {
        impl<'a> Enumerate for $params<'a> {
            const METHOD: crate::Method = crate::Method::$variant;
            type Family = $item<'static>;
            type Stream<B: AsRef<[u8]> + AsMut<[u8]>> = crate::stream::$stream<B>;
            type At<'b>
                = $params<'b>
            where
                Self: 'b;

            fn enumerate_id(&self) -> Option<EnumerateId<'_>> {
                self.enumerate_id
            }

            // `..self.clone()`: the filters (conference.enumerate has none).
            #[allow(clippy::needless_update)]
            fn at<'b>(
                &'b self,
                enumerate_id: Option<EnumerateId<'b>>,
                user: &'b str,
                password: crate::secret::Password<'b>,
            ) -> $params<'b> {
                $params {
                    enumerate_id,
                    authentication_user: user,
                    authentication_password: password,
                    ..self.clone()
                }
            }
        }
    };
}

use crate::conference::{Conference, ConferenceEnumerateParams};
use crate::participant::{Participant, ParticipantEnumerateParams};
enumerate_impl!(
    ParticipantEnumerateParams,
    ParticipantEnumerate,
    ParticipantStream,
    Participant
);
enumerate_impl!(
    ConferenceEnumerateParams,
    ConferenceEnumerate,
    ConferenceStream,
    Conference
);

#[cfg(test)]
mod enumerate_tests {
    use super::Enumerate;
    use crate::participant::ParticipantEnumerateParams;
    use crate::stream::{EnumerateItem, ItemStream};
    use crate::value::EnumerateId;

    #[test]
    fn a_page_keeps_the_first_calls_filters_with_its_enumerate_id_and_credentials() {
        let mut ids = heapless::Vec::new();
        ids.push("fc-1").unwrap();
        let first = ParticipantEnumerateParams {
            factory_conference_ids: Some(ids.clone()),
            ..Default::default()
        };
        let page = first.at(Some(EnumerateId::Str("p2")), "tms", "secret".into());
        assert_eq!(page.factory_conference_ids, Some(ids));
        assert_eq!(page.enumerate_id, Some(EnumerateId::Str("p2")));
        assert_eq!(page.authentication_user, "tms");
        assert!(page.authentication_password == "secret");
        assert_eq!(first.enumerate_id(), None);
    }

    #[test]
    fn the_params_name_the_stream_that_decodes_their_reply() {
        fn first_item_name<P: Enumerate>(reply: &[u8]) -> Option<usize> {
            let mut s = P::Stream::new([0u8; 512]);
            assert_eq!(s.push(reply), reply.len());
            s.finish();
            loop {
                match s.next_item().unwrap() {
                    EnumerateItem::Item(_) => return Some(P::METHOD.as_str().len()),
                    EnumerateItem::End => return None,
                    _ => {}
                }
            }
        }
        let reply = b"<methodResponse><params><param><value><struct>\
            <member><name>participants</name><value><array><data>\
            <value><struct><member><name>participantName</name><value>p</value></member>\
            </struct></value></data></array></value></member>\
            </struct></value></param></params></methodResponse>";
        assert_eq!(
            first_item_name::<ParticipantEnumerateParams<'_>>(reply),
            Some("participant.enumerate".len())
        );
    }
}
