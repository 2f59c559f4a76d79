//! The XML-RPC calls, one typed method each, plus enumerate paging and
//! version discovery.

use serde::Serialize;

use baton_rpc::conference::{
    Conference, ConferenceCreateParams, ConferenceDestroyParams, ConferenceEnumerateParams,
    ConferenceEnumerateReply, ConferenceModifyParams,
};
use baton_rpc::device::{DeviceNetworkQueryParams, DeviceQueryParams, DeviceQueryReply};
use baton_rpc::enumerate::{Next, Pager};
use baton_rpc::factory::{
    FactoryConferenceCreateParams, FactoryConferenceModifyParams, FactoryHealthQueryParams,
    FactoryWebexAddParams,
};
use baton_rpc::feedback_receiver::{
    FeedbackReceiverConfigureParams, FeedbackReceiverExtendedConfigureParams,
    FeedbackReceiverExtendedRemoveParams, FeedbackReceiverQueryParams,
};
use baton_rpc::participant::{
    Participant, ParticipantAddParams, ParticipantEnumerateParams, ParticipantEnumerateReply,
    ParticipantIdParams, ParticipantMessageParams, ParticipantModifyParams,
};
use baton_rpc::value::EnumerateId;
use baton_rpc::Method;

use super::{error_text, ConductorClient, Page, Reply};
use crate::error::Error;

macro_rules! rpc_methods {
    ($( $(#[$doc:meta])* $name:ident($params:ident) => $method:ident; )*) => {
        impl ConductorClient {
            $(
                $(#[$doc])*
                ///
                /// `authenticationUser` / `authenticationPassword` are set
                /// from the client's configuration (leave them empty). A
                /// fault is `Err(`[`Error::Fault`]`)`.
                pub async fn $name(&self, params: $params<'_>) -> Result<Reply<$params<'static>>, Error> {
                    let mut params: $params<'_> = params;
                    params.authentication_user = &self.config.user;
                    params.authentication_password = self.config.password.as_password();
                    let (url, body) = self.post_rpc(Method::$method.as_str(), &params).await?;
                    Reply::checked(url, body)
                }
            )*
        }
    };
}

rpc_methods! {
    /// `conference.create` (deprecated: use `factory.conferencecreate`).
    conference_create(ConferenceCreateParams) => ConferenceCreate;
    /// `conference.destroy`.
    conference_destroy(ConferenceDestroyParams) => ConferenceDestroy;
    /// `conference.end` (deprecated alias of `conference.destroy`).
    conference_end(ConferenceDestroyParams) => ConferenceEnd;
    /// `conference.enumerate` (one page; see [`ConductorClient::conference_enumerate_all`]).
    conference_enumerate(ConferenceEnumerateParams) => ConferenceEnumerate;
    /// `conference.modify` (deprecated: use `factory.conferencemodify`).
    conference_modify(ConferenceModifyParams) => ConferenceModify;
    /// `device.network.query`.
    device_network_query(DeviceNetworkQueryParams) => DeviceNetworkQuery;
    /// `device.query`.
    device_query(DeviceQueryParams) => DeviceQuery;
    /// `factory.conferencecreate`.
    factory_conference_create(FactoryConferenceCreateParams) => FactoryConferenceCreate;
    /// `factory.conferencemodify`.
    factory_conference_modify(FactoryConferenceModifyParams) => FactoryConferenceModify;
    /// `factory.health.query` (the spec: not more often than every 5 minutes).
    factory_health_query(FactoryHealthQueryParams) => FactoryHealthQuery;
    /// `factory.webex.add`.
    factory_webex_add(FactoryWebexAddParams) => FactoryWebexAdd;
    /// `feedbackReceiver.configure` (deprecated).
    feedback_receiver_configure_deprecated(FeedbackReceiverConfigureParams) => FeedbackReceiverConfigure;
    /// `feedbackReceiver.extended.configure`.
    feedback_receiver_configure(FeedbackReceiverExtendedConfigureParams) => FeedbackReceiverExtendedConfigure;
    /// `feedbackReceiver.extended.query`.
    feedback_receiver_query(FeedbackReceiverQueryParams) => FeedbackReceiverExtendedQuery;
    /// `feedbackReceiver.extended.remove`.
    feedback_receiver_remove(FeedbackReceiverExtendedRemoveParams) => FeedbackReceiverExtendedRemove;
    /// `participant.add`.
    participant_add(ParticipantAddParams) => ParticipantAdd;
    /// `participant.diagnostics`.
    participant_diagnostics(ParticipantIdParams) => ParticipantDiagnostics;
    /// `participant.disconnect` (deprecated: use `participant.remove`).
    participant_disconnect(ParticipantIdParams) => ParticipantDisconnect;
    /// `participant.enumerate` (one page; see [`ConductorClient::participant_enumerate_all`]).
    participant_enumerate(ParticipantEnumerateParams) => ParticipantEnumerate;
    /// `participant.message`.
    participant_message(ParticipantMessageParams) => ParticipantMessage;
    /// `participant.modify`.
    participant_modify(ParticipantModifyParams) => ParticipantModify;
    /// `participant.remove`.
    participant_remove(ParticipantIdParams) => ParticipantRemove;
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
        let mut reply = self.device_query(DeviceQueryParams::default()).await?;
        let r: DeviceQueryReply<'_> = reply.get()?;
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
