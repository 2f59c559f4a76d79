//! A test device behind the server, and helpers to run it and CPython.
#![allow(dead_code)]

pub mod child;
pub mod log_capture;

use std::net::SocketAddr;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_tokio::baton_rest::route::{ExternalQuery, Peer, ResultFormat};
use baton_tokio::baton_rest::{ErrorCode, SipDomainSpec};
use baton_tokio::baton_rpc::conference::{ConferenceDestroyParams, ConferenceEnumerateParams};
use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
use baton_tokio::baton_rpc::enums::FactoryBridgeType;
use baton_tokio::baton_rpc::factory::{
    FactoryConferenceCreateParams, FactoryConferenceCreateReply,
};
use baton_tokio::baton_rpc::participant::{
    Participant, ParticipantEnumerateParams, ParticipantEnumerateReply,
};
use baton_tokio::baton_rpc::value::{IntOrStr, Iso8601, StatusReply};
use baton_tokio::baton_rpc::{Fault, FaultCode};
use baton_tokio::{
    serve, Answer, CallContext, ConductorHandler, Listener, RestContext, RestError, RestReply,
    RestResult, Role, RpcResult, ServerBuilder, ServerConfig, Users,
};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const USER: &str = "apiuser";
pub const PASSWORD: &str = "s3cret";
pub const READER: &str = "reader";

/// The participants a test device reports, with page size for paging.
pub struct TestDevice {
    /// Calls that reached the handler.
    pub calls: AtomicUsize,
    /// Requests being served right now, and the most seen at once.
    pub active: AtomicUsize,
    pub max_active: AtomicUsize,
    /// How long `device.query` takes (to make concurrency visible).
    pub delay: Duration,
    pub participants: usize,
    pub page: usize,
    pub sip_domain: Mutex<Option<String>>,
    /// enumerateIDs received, in order.
    pub enumerate_ids: Mutex<Vec<String>>,
    /// The client address of each `device.query`.
    pub remotes: Mutex<Vec<SocketAddr>>,
}

impl TestDevice {
    pub fn new() -> Self {
        TestDevice {
            calls: AtomicUsize::new(0),
            active: AtomicUsize::new(0),
            max_active: AtomicUsize::new(0),
            delay: Duration::ZERO,
            participants: 100,
            page: 100,
            sip_domain: Mutex::new(Some("example.com".into())),
            enumerate_ids: Mutex::new(Vec::new()),
            remotes: Mutex::new(Vec::new()),
        }
    }

    fn enter(&self) -> Guard<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let now = self.active.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_active.fetch_max(now, Ordering::SeqCst);
        Guard(&self.active)
    }
}

pub struct Guard<'a>(&'a AtomicUsize);
impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

pub fn participant_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("participant-{i:04}")).collect()
}

/// The handler: shares the device with the test.
#[derive(Clone)]
pub struct Handler(pub Arc<TestDevice>);

impl std::ops::Deref for Handler {
    type Target = TestDevice;
    fn deref(&self) -> &TestDevice {
        &self.0
    }
}

impl ConductorHandler for Handler {
    async fn device_query(
        &self,
        cx: &CallContext,
        _p: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        let _g = self.enter();
        if let Some(remote) = cx.remote {
            self.remotes.lock().unwrap().push(remote);
        }
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        Answer::new(&DeviceQueryReply {
            current_time: Some(Iso8601("20240102T03:04:05")),
            serial: Some("S123"),
            software_version: Some("XC4.3.1"),
            build_version: Some("1234"),
            model: Some("Cisco TelePresence Conductor"),
            api_version: Some("4.0"),
            total_video_ports: Some(80),
        })
    }

    async fn conference_destroy(
        &self,
        cx: &CallContext,
        p: ConferenceDestroyParams<'_>,
    ) -> RpcResult<ConferenceDestroyParams<'static>> {
        let _g = self.enter();
        if p.conference_name == "missing" {
            return Err(Fault::new(FaultCode::NoSuchConference));
        }
        let info = format!("{} {}", cx.method, p.conference_name);
        Answer::new(&StatusReply {
            status: Some("operation successful"),
            info: Some(&info),
        })
    }

    async fn factory_conference_create(
        &self,
        _cx: &CallContext,
        p: FactoryConferenceCreateParams<'_>,
    ) -> RpcResult<FactoryConferenceCreateParams<'static>> {
        let _g = self.enter();
        let name = format!("conf-{}", p.conference_alias);
        Answer::new(&FactoryConferenceCreateReply {
            status: Some("operation successful"),
            conference_name: Some(&name),
            factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
            ..Default::default()
        })
    }

    async fn conference_enumerate(
        &self,
        _cx: &CallContext,
        _p: ConferenceEnumerateParams<'_>,
    ) -> RpcResult<ConferenceEnumerateParams<'static>> {
        let _g = self.enter();
        Err(Fault::new(FaultCode::OperationFailed))
    }

    async fn participant_enumerate(
        &self,
        _cx: &CallContext,
        p: ParticipantEnumerateParams<'_>,
    ) -> RpcResult<ParticipantEnumerateParams<'static>> {
        let _g = self.enter();
        let start = match p.enumerate_id {
            None => 0,
            Some(IntOrStr::Str(s)) => {
                self.enumerate_ids.lock().unwrap().push(s.to_owned());
                match s.strip_prefix("page-").and_then(|n| n.parse().ok()) {
                    Some(n) => n,
                    None => return Err(Fault::new(FaultCode::InvalidEnumerateId)),
                }
            }
            Some(IntOrStr::Int(_)) => return Err(Fault::new(FaultCode::InvalidEnumerateId)),
        };
        let names = participant_names(self.participants);
        let end = (start + self.page).min(names.len());
        let list: Vec<Participant<'_>> = names
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .map(|n| Participant {
                participant_name: Some(n),
                conference_name: Some("meet.alice"),
                address: Some("sip:alice@example.com"),
                display_name: Some("Alice <& Co>"),
                factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
                factory_bridge_type: Some(FactoryBridgeType::default()),
                audio_rx_muted: Some(false),
                ..Default::default()
            })
            .collect();
        let next = format!("page-{end}");
        Answer::new(&ParticipantEnumerateReply {
            enumerate_id: (end < names.len()).then_some(IntOrStr::Str(&next)),
            current_revision: None,
            participants: list.as_slice(),
        })
    }

    async fn get_sip_domain(&self, _cx: &RestContext) -> RestResult {
        let _g = self.enter();
        let d = self.sip_domain.lock().unwrap().clone();
        Ok(RestReply::json(&SipDomainSpec {
            sip_domain: d.as_deref(),
        }))
    }

    async fn put_sip_domain(&self, _cx: &RestContext, spec: SipDomainSpec<'_>) -> RestResult {
        let _g = self.enter();
        *self.sip_domain.lock().unwrap() = spec.sip_domain.map(str::to_owned);
        Ok(RestReply::no_content())
    }

    async fn get_confbundle(&self, _cx: &RestContext, id: &str) -> RestResult {
        let _g = self.enter();
        let _ = id;
        Err(RestError::not_found())
    }

    async fn system_unit(&self, _cx: &RestContext) -> RestResult {
        let _g = self.enter();
        Ok(RestReply::xml(
            "<SystemUnit><Name>TestConductor</Name><Software><Version>XC4.3.1</Version></Software></SystemUnit>",
        ))
    }

    async fn external_read(
        &self,
        _cx: &RestContext,
        basepath: &str,
        _filter: Option<(&str, &str)>,
        query: ExternalQuery<'_>,
        format: ResultFormat,
    ) -> RestResult {
        let _g = self.enter();
        let peer = match query.peer {
            Some(Peer::Local) => "local",
            _ => "all",
        };
        Ok(match format {
            ResultFormat::Json => RestReply::json_text(format!(
                r#"[{{"peer": "{peer}", "num_recs": 1, "records": [{{"table": "{basepath}"}}]}}]"#
            )),
            ResultFormat::Xml => RestReply::xml(format!(
                "<results><result peer=\"{peer}\"><table>{basepath}</table></result></results>"
            )),
        })
    }

    async fn status(&self, _cx: &RestContext) -> RestResult {
        Err(RestError::new(ErrorCode::Unavailable))
    }
}

pub fn users() -> Users {
    Users::new()
        .with(USER, PASSWORD, Role::Admin)
        .with(READER, PASSWORD, Role::ReadOnly)
}

/// A running server; dropping `stop` shuts it down.
pub struct Running {
    pub addr: SocketAddr,
    pub stop: Option<oneshot::Sender<()>>,
    pub done: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn shutdown(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = self.done.await;
    }
}

pub async fn start_with(builder: ServerBuilder<Handler>, config: ServerConfig) -> Running {
    start_router(builder.config(config.clone()).router(), config, None).await
}

pub async fn start_router(
    app: axum::Router,
    config: ServerConfig,
    tls: Option<baton_tokio::ServerTls>,
) -> Running {
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let listener = match tls {
        Some(tls) => Listener::https(tcp, tls),
        None => Listener::http(tcp),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        serve(listener, app, &config, shutdown).await.unwrap();
    });
    Running {
        addr,
        stop: Some(stop),
        done,
    }
}

pub async fn start(device: Arc<TestDevice>) -> Running {
    start_with(
        ServerBuilder::new(Handler(device), users()),
        ServerConfig::default(),
    )
    .await
}

/// Runs `python3 -c script args...` (blocking; call from spawn_blocking).
pub fn python(script: &str, args: &[&str]) -> Output {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs")
}

pub async fn python_async(script: &'static str, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        python(script, &refs)
    })
    .await
    .unwrap()
}

pub fn assert_python_ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
