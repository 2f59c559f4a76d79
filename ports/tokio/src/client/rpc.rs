//! The XML-RPC calls, one typed method each, plus enumerate paging and
//! version discovery.

use serde::Serialize;

use baton_rpc::enumerate::{Enumerate, Next, Pager};
use baton_rpc::stream::ItemOf;
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
    first: Option<EnumerateId<'_>>,
    max_pages: usize,
    mut fetch: impl AsyncFnMut(Option<EnumerateId<'_>>) -> Result<Page, Error>,
) -> Result<EnumerateSummary, Error> {
    let mut pager = Pager::<String>::starting_at(first, max_pages)
        .map_err(|e| Error::config("enumerateID", e))?;
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

    /// Every item of a `*.enumerate` ([`Enumerate`]: participants,
    /// conferences), page by page, each page streamed: `params` are the
    /// first call's (its filters go with every page, its `enumerateID`,
    /// if any, is where to start); each page's `enumerateID` is sent back
    /// exactly as received until a page has none. Stops with
    /// [`Error::PageCap`] after `max_pages` pages if more follow.
    pub async fn enumerate_all<P: Enumerate>(
        &self,
        params: P,
        max_pages: usize,
        mut each: impl FnMut(&ItemOf<'_, P::Family>),
    ) -> Result<EnumerateSummary, Error> {
        let first = params.enumerate_id();
        walk(first, max_pages, async |enumerate_id| {
            self.enumerate_page(&params, enumerate_id, 0, &mut each)
                .await
        })
        .await
    }
}

/// The table's enumerates, paged: `participant_enumerate_all`,
/// `conference_enumerate_all` (one row of `baton_rpc::enumerate_methods!`).
macro_rules! enumerate_methods {
    ($name:literal, $stream:ident, $all:ident, $params:ident) => {
        impl ConductorClient {
            #[doc = concat!("`", $name, "`, one page, streamed: each item is handed to `each` as")]
            /// soon as it has arrived, decoded through a `buffer`-byte buffer (the
            /// largest item must fit; [`DEFAULT_STREAM_BUFFER`](super::DEFAULT_STREAM_BUFFER)
            /// if 0). Credentials are set from the configuration. Faults are
            /// [`Error::Fault`]. See [`ConductorClient::enumerate_stream`].
            pub async fn $stream(
                &self,
                params: baton_rpc::table::types::$params<'_>,
                buffer: usize,
                each: impl FnMut(
                    &ItemOf<'_, <baton_rpc::table::types::$params<'static> as Enumerate>::Family>,
                ),
            ) -> Result<Page, Error> {
                self.enumerate_stream(params, buffer, each).await
            }

            #[doc = concat!("Every item of `", $name, "`, page by page (see")]
            /// [`ConductorClient::enumerate_all`]).
            pub async fn $all(
                &self,
                params: baton_rpc::table::types::$params<'_>,
                max_pages: usize,
                each: impl FnMut(
                    &ItemOf<'_, <baton_rpc::table::types::$params<'static> as Enumerate>::Family>,
                ),
            ) -> Result<EnumerateSummary, Error> {
                self.enumerate_all(params, max_pages, each).await
            }
        }
    };
}

baton_rpc::enumerate_methods!(enumerate_methods);
