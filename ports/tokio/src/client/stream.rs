//! Streamed enumerate replies: `participant.enumerate` / `conference.enumerate` decoded
//! while the HTTP body arrives, through one fixed buffer (see [`baton_rpc::stream`]), so
//! the client never holds a whole reply: the spec's 2,400 participants are about 4.8 MB
//! of XML, the buffer a few KiB. Each item is handed to a callback while it borrows the
//! buffer. The response-size cap ([`super::ClientConfig::max_response_bytes`]) does not
//! apply: memory stays at the buffer whatever the size.

use bytes::{Buf, Bytes};
use http::{header, HeaderValue, Request};
use http_body_util::{BodyExt, Full};
use serde::Serialize;

use baton_rpc::enumerate::Enumerate;
use baton_rpc::stream::{EnumerateItem, ItemOf, ItemStream};
use baton_rpc::value::EnumerateId;

use super::{error_text, ConductorClient};
use crate::error::{DecodeError, Error, Fault};
use crate::http_client;

/// Buffer size for streamed enumerates when none is given: the largest participant of
/// the spec's fields fits many times over.
pub const DEFAULT_STREAM_BUFFER: usize = 16 << 10;

/// An `enumerateID` as received, owned (send it back for the next page):
/// [`baton_rpc::enumerate::EnumerateIdOwned`] holding its text in a `String`.
pub type EnumerateIdOwned = baton_rpc::enumerate::EnumerateIdOwned<String>;

/// One enumerate page: what it carried besides its items
/// ([`baton_rpc::enumerate::Page`], `enumerateID` in a `String`).
pub type Page = baton_rpc::enumerate::Page<String>;

/// The former name of [`Page`].
#[deprecated(note = "use Page (baton_rpc::enumerate::Page)")]
pub type StreamedPage = Page;

/// The body of an XML-RPC answer, read frame by frame.
struct Body {
    incoming: hyper::body::Incoming,
    pending: Bytes,
    ended: bool,
    bytes: usize,
    /// The URL it comes from (for errors).
    url: String,
}

impl Body {
    /// The next bytes to push (`None` at the end of the body).
    async fn next(&mut self) -> Result<Option<&mut Bytes>, Error> {
        while self.pending.is_empty() && !self.ended {
            match self.incoming.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.bytes += data.len();
                        self.pending = data;
                    }
                }
                Some(Err(e)) => return Err(Error::transport(&self.url, e)),
                None => self.ended = true,
            }
        }
        Ok((!self.pending.is_empty()).then_some(&mut self.pending))
    }
}

/// Pulls items from `stream` and feeds it from `body` until the reply ends.
async fn drive<B, S: ItemStream<B>>(
    stream: &mut S,
    body: &mut Body,
    mut each: impl FnMut(&ItemOf<'_, S::Family>),
) -> Result<Page, Error> {
    let mut page = Page::default();
    loop {
        let need_more = match stream
            .next_item()
            .map_err(|e| Error::decode(&body.url, DecodeError::Xmlrpc(e)))?
        {
            EnumerateItem::NeedMore => true,
            EnumerateItem::Item(item) => {
                each(&item);
                page.items += 1;
                false
            }
            EnumerateItem::EnumerateId(id) => {
                page.enumerate_id = id.map(EnumerateIdOwned::from);
                false
            }
            EnumerateItem::CurrentRevision(r) => {
                page.current_revision = r;
                false
            }
            EnumerateItem::Fault(f) => return Err(Error::Fault(Fault::from(f))),
            EnumerateItem::End => {
                page.bytes = body.bytes;
                return Ok(page);
            }
        };
        if need_more {
            // The item (a borrow of the stream's buffer) is gone: feed the stream.
            match body.next().await? {
                Some(data) => {
                    let n = stream.push(data);
                    data.advance(n);
                }
                None => stream.finish(),
            }
        }
    }
}

impl ConductorClient {
    /// One page of a `*.enumerate` ([`Enumerate`]: participants,
    /// conferences), streamed: each item is handed to `each` as soon as it
    /// has arrived, decoded through a `buffer`-byte buffer (the largest item
    /// must fit; [`DEFAULT_STREAM_BUFFER`] if 0). Credentials are set from
    /// the configuration. Faults are [`Error::Fault`].
    pub async fn enumerate_stream<P: Enumerate>(
        &self,
        params: P,
        buffer: usize,
        mut each: impl FnMut(&ItemOf<'_, P::Family>),
    ) -> Result<Page, Error> {
        let id = params.enumerate_id();
        self.enumerate_page(&params, id, buffer, &mut each).await
    }

    /// One streamed page of `params` at `enumerate_id`.
    pub(super) async fn enumerate_page<P: Enumerate>(
        &self,
        params: &P,
        enumerate_id: Option<EnumerateId<'_>>,
        buffer: usize,
        each: &mut impl FnMut(&ItemOf<'_, P::Family>),
    ) -> Result<Page, Error> {
        let params = params.at(
            enumerate_id,
            &self.config.user,
            self.config.password.as_password(),
        );
        let work = async {
            let (_turn, mut body) = self.post_streaming(P::METHOD.as_str(), &params).await?;
            let mut stream = P::Stream::new(vec![0u8; buffer_size(buffer)]);
            drive(&mut stream, &mut body, each).await
        };
        self.timed(work).await
    }

    /// `work` within the response timeout ([`Error::Timeout`] naming `/RPC2`).
    async fn timed<T>(
        &self,
        work: impl core::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let after = self.config.response_timeout;
        tokio::time::timeout(after, work)
            .await
            .map_err(|_| Error::Timeout {
                url: format!("{}/RPC2", self.config.base_url),
                after,
            })?
    }

    /// POSTs the call to `/RPC2` and returns the 200 answer's body unread (with the
    /// in-flight permit, held while it is read).
    async fn post_streaming<P: Serialize + ?Sized>(
        &self,
        method: &str,
        params: &P,
    ) -> Result<(tokio::sync::SemaphorePermit<'_>, Body), Error> {
        let xml = baton_xmlrpc::encode::call(Vec::new(), method, &(params,))?;
        let url = format!("{}/RPC2", self.config.base_url);
        let turn = self
            .permits
            .acquire()
            .await
            .map_err(|e| Error::transport(&url, e))?;
        let request = Request::builder()
            .method(http::Method::POST)
            .uri(url.as_str())
            .header(header::ACCEPT, "text/xml")
            .header(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"))
            .body(Full::new(Bytes::from(xml)))
            .map_err(|e| Error::config(format!("request to {url}"), e))?;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| http_client::transport(&url, e))?;
        let status = response.status();
        let mut body = Body {
            incoming: response.into_body(),
            pending: Bytes::new(),
            ended: false,
            bytes: 0,
            url: url.clone(),
        };
        if status != http::StatusCode::OK {
            let mut text = Vec::new();
            while text.len() < 2048 {
                match body.next().await? {
                    Some(data) => {
                        text.extend_from_slice(data);
                        data.clear();
                    }
                    None => break,
                }
            }
            return Err(Error::Http {
                status: status.as_u16(),
                url,
                body: error_text(&text),
            });
        }
        Ok((turn, body))
    }
}

fn buffer_size(buffer: usize) -> usize {
    if buffer == 0 {
        DEFAULT_STREAM_BUFFER
    } else {
        buffer
    }
}
