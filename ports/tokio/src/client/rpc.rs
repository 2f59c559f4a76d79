//! The XML-RPC calls, one typed method each, plus enumerate paging and
//! version discovery.

use serde::Serialize;

use baton_rpc::conference::{Conference, ConferenceEnumerateParams, ConferenceEnumerateReply};
use baton_rpc::enumerate::{Next, Pager};
use baton_rpc::participant::{Participant, ParticipantEnumerateParams, ParticipantEnumerateReply};
use baton_rpc::value::EnumerateId;
use baton_rpc::Method;

use super::{error_text, ConductorClient, Page, Reply};
use crate::error::Error;

/// One typed client method (a row of `baton_rpc::for_each_method!`).
macro_rules! rpc_method {
    ([$(#[$doc:meta])*] $name:ident, $method:ident, $params:ident) => {
        $(#[$doc])*
        ///
        /// `authenticationUser` / `authenticationPassword` are set
        /// from the client's configuration (leave them empty). A
        /// fault is `Err(`[`Error::Fault`]`)`.
        pub async fn $name(
            &self,
            params: baton_rpc::table::types::$params<'_>,
        ) -> Result<Reply<baton_rpc::table::types::$params<'static>>, Error> {
            let mut params = params;
            params.authentication_user = &self.config.user;
            params.authentication_password = self.config.password.as_password();
            let (url, body) = self.post_rpc(Method::$method.as_str(), &params).await?;
            Reply::checked(url, body)
        }
    };
}

/// The XML-RPC calls, one per row of the method table (enumerates: one
/// page each; see [`ConductorClient::conference_enumerate_all`] and
/// [`ConductorClient::participant_enumerate_all`]).
impl ConductorClient {
    baton_rpc::client_methods!(rpc_method);
}

/// What `device.query` says about the device, owned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceInfo {
    /// `model`.
    pub model: Option<String>,
    /// `softwareVersion`, e.g. `XC4.3.1`.
    pub software_version: Option<String>,
    /// `buildVersion`.
    pub build_version: Option<String>,
    /// `apiVersion`.
    pub api_version: Option<String>,
    /// `serial`.
    pub serial: Option<String>,
}

/// How an enumeration went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnumerateSummary {
    /// Pages fetched.
    pub pages: usize,
    /// Items handed to the callback.
    pub items: usize,
}

/// The paging loop: `fetch` makes each call with the `enumerateID` to send
/// and returns its page, until a page has none ([`Next::Done`]); more pages
/// than `max_pages` is [`Error::PageCap`].
async fn walk(
    max_pages: usize,
    mut fetch: impl AsyncFnMut(Option<EnumerateId<'_>>) -> Result<Page, Error>,
) -> Result<EnumerateSummary, Error> {
    let mut pager = Pager::<String>::new(max_pages);
    loop {
        let enumerate_id = match pager.next() {
            Next::Call(id) => id,
            Next::Done => break,
            Next::Capped => {
                return Err(Error::PageCap {
                    pages: pager.pages().pages,
                })
            }
        };
        let page = fetch(enumerate_id).await?;
        pager.add(page);
    }
    let pages = pager.finish();
    Ok(EnumerateSummary {
        pages: pages.pages,
        items: pages.items,
    })
}

/// A page decoded whole: its items handed to `each`, its `enumerateID` kept.
fn page<T>(items: &[T], enumerate_id: Option<EnumerateId<'_>>, each: impl FnMut(&T)) -> Page {
    items.iter().for_each(each);
    Page {
        items: items.len(),
        enumerate_id: enumerate_id.map(Into::into),
        ..Page::default()
    }
}

impl ConductorClient {
    /// Calls `method` with any serializable params struct (credentials are
    /// the caller's business here) and returns the `methodResponse` bytes
    /// as they came (a fault included: this is the raw form); non-200
    /// answers are [`Error::Http`].
    pub async fn call<P: Serialize + ?Sized>(
        &self,
        method: &str,
        params: &P,
    ) -> Result<Vec<u8>, Error> {
        self.post_rpc(method, params).await.map(|(_, body)| body)
    }

    /// POSTs a call to `/RPC2`: the URL and the 200 answer's body.
    async fn post_rpc<P: Serialize + ?Sized>(
        &self,
        method: &str,
        params: &P,
    ) -> Result<(String, Vec<u8>), Error> {
        let body = baton_xmlrpc::encode::call(Vec::new(), method, &(params,))?;
        let raw = self
            .exchange(
                http::Method::POST,
                "/RPC2",
                Some(("text/xml", body)),
                false,
                "text/xml",
            )
            .await?;
        if raw.status != http::StatusCode::OK {
            return Err(Error::Http {
                status: raw.status.as_u16(),
                url: raw.url,
                body: error_text(&raw.body),
            });
        }
        Ok((raw.url, Vec::from(raw.body)))
    }

    /// `device.query`, owned: what the spec asks clients to check before
    /// using the APIs ("Discovering the Version").
    pub async fn discover(&self) -> Result<DeviceInfo, Error> {
        let mut reply = self.device_query(Default::default()).await?;
        let r = reply.get()?;
        let own = |s: Option<&str>| s.map(str::to_owned);
        Ok(DeviceInfo {
            model: own(r.model),
            software_version: own(r.software_version),
            build_version: own(r.build_version),
            api_version: own(r.api_version),
            serial: own(r.serial),
        })
    }

    /// Every participant, page by page: each page's `enumerateID` is sent
    /// back exactly as received, with the same `factoryConferenceIds`
    /// filter, until a page has none. Stops with [`Error::PageCap`] after
    /// `max_pages` pages if more follow.
    pub async fn participant_enumerate_all(
        &self,
        factory_conference_ids: Option<&[&str]>,
        max_pages: usize,
        mut each: impl FnMut(&Participant<'_>),
    ) -> Result<EnumerateSummary, Error> {
        let filter = match factory_conference_ids {
            Some(ids) => Some(heapless::Vec::from_slice(ids).map_err(|_| Error::TooMany {
                what: "factoryConferenceIds",
                max: baton_rpc::participant::FACTORY_CONFERENCE_IDS_CAPACITY,
            })?),
            None => None,
        };
        walk(max_pages, async |enumerate_id| {
            let params = ParticipantEnumerateParams {
                factory_conference_ids: filter.clone(),
                enumerate_id,
                ..Default::default()
            };
            let mut reply = self.participant_enumerate(params).await?;
            let r: ParticipantEnumerateReply<'_, Vec<Participant<'_>>> = reply.get_as()?;
            Ok(page(&r.participants, r.enumerate_id, &mut each))
        })
        .await
    }

    /// Every conference, page by page (see
    /// [`ConductorClient::participant_enumerate_all`]).
    pub async fn conference_enumerate_all(
        &self,
        max_pages: usize,
        mut each: impl FnMut(&Conference<'_>),
    ) -> Result<EnumerateSummary, Error> {
        walk(max_pages, async |enumerate_id| {
            let params = ConferenceEnumerateParams {
                enumerate_id,
                ..Default::default()
            };
            let mut reply = self.conference_enumerate(params).await?;
            let r: ConferenceEnumerateReply<'_, Vec<Conference<'_>>> = reply.get_as()?;
            Ok(page(&r.conferences, r.enumerate_id, &mut each))
        })
        .await
    }
}
