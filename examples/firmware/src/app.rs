//! The application: a conference table and the handler of every call the
//! appliance supports.

use core::cell::RefCell;

use embassy_sync::blocking_mutex::raw::CriticalSectionRawMutex;
use embassy_sync::blocking_mutex::Mutex;

use baton_embassy::auth::{Account, Role};
use baton_embassy::baton_feedback::OwnedEvent;
use baton_embassy::{Answered, CallContext, Feedback, Handler, Reply};
use baton_rpc::conference::{Conference, ConferenceEnumerateReply};
use baton_rpc::device::{DeviceNetworkQueryReply, DeviceQueryReply, NetworkPort};
use baton_rpc::enums::FactoryTemplateType;
use baton_rpc::factory::{FactoryConferenceCreateReply, FactoryHealthQueryReply};
use baton_rpc::method::Methods;
use baton_rpc::value::{StatusReply, STATUS_ERROR, STATUS_SUCCESS};
use baton_rpc::{EventName, Fault, FaultCode, Method, Request};

/// Feedback receiver slots (the spec allows 20; this appliance keeps 4).
pub const RECEIVERS: usize = 4;
/// Events queued per receiver while it is unreachable.
pub const QUEUE: usize = 8;
/// Conferences the table holds (`too many conferences`, fault 6, beyond).
pub const MAX_CONFERENCES: usize = 4;
/// Longest `conferenceAlias` kept.
pub const ALIAS_CAPACITY: usize = 64;

/// A queued feedback event: name plus up to 64 bytes of arguments (a
/// 36-character conference id and a conference name of at most 16).
pub type Event = OwnedEvent<64>;

/// The shared feedback publisher.
pub type FeedbackState = Feedback<CriticalSectionRawMutex, Event, RECEIVERS, QUEUE>;

/// The API accounts (a real product would keep them in flash config).
pub const ACCOUNTS: &[Account<'static>] = &[
    Account {
        user: "apiuser",
        password: "S3cret!",
        role: Role::Admin,
    },
    Account {
        user: "monitor",
        password: "look-only",
        role: Role::ReadOnly,
    },
];

/// What `device.*` report.
#[derive(Clone, Debug, Default)]
pub struct DeviceInfo {
    /// Serial number.
    pub serial: &'static str,
    /// `aa:bb:cc:dd:ee:ff`.
    pub mac: heapless::String<17>,
    /// Dotted IPv4 address.
    pub ip: heapless::String<15>,
    /// Dotted subnet mask.
    pub mask: heapless::String<15>,
    /// Dotted default gateway (empty when none).
    pub gateway: heapless::String<15>,
}

struct Entry {
    name: heapless::String<16>,
    id: heapless::String<36>,
    alias: heapless::String<ALIAS_CAPACITY>,
}

struct Table {
    entries: heapless::Vec<Entry, MAX_CONFERENCES>,
    created: u32,
}

/// The appliance: device identity, conference table, feedback publisher.
pub struct App {
    info: DeviceInfo,
    table: Mutex<CriticalSectionRawMutex, RefCell<Table>>,
    feedback: &'static FeedbackState,
}

fn write_hex(out: &mut heapless::String<36>, mut v: u64, digits: usize) {
    let mut buf = [b'0'; 16];
    for slot in buf.iter_mut().take(digits).rev() {
        *slot = b"0123456789abcdef"[(v & 0xf) as usize];
        v >>= 4;
    }
    for &b in buf.iter().take(digits) {
        let _ = out.push(char::from(b));
    }
}

impl App {
    /// An appliance with an empty conference table.
    pub fn new(info: DeviceInfo, feedback: &'static FeedbackState) -> Self {
        App {
            info,
            table: Mutex::new(RefCell::new(Table {
                entries: heapless::Vec::new(),
                created: 0,
            })),
            feedback,
        }
    }

    /// The feedback publisher.
    pub fn feedback(&self) -> &'static FeedbackState {
        self.feedback
    }

    // The three table methods out of line: the listener's task poll keeps a call each,
    // not their bodies and reply encoders (-508 B of flash).
    #[inline(never)]
    fn conference_create(&self, alias: &str, reply: Reply<'_>) -> Answered {
        if alias.is_empty() || alias.len() > ALIAS_CAPACITY {
            return reply.fault(&Fault::invalid_parameter("conferenceAlias"));
        }
        let created = self.table.lock(|t| {
            let mut t = t.borrow_mut();
            if let Some(e) = t.entries.iter().find(|e| e.alias.as_str() == alias) {
                // Already running: the spec returns its name and id.
                return Err(Some((e.name.clone(), e.id.clone())));
            }
            if t.entries.is_full() {
                return Err(None);
            }
            t.created = t.created.wrapping_add(1);
            let n = t.created;
            let mut name = heapless::String::new();
            let _ = name.push_str("conf-");
            let _ = name.push_str(itoa::Buffer::new().format(n));
            let mut id = heapless::String::new();
            write_hex(&mut id, 0xba70_0000, 8);
            let _ = id.push_str("-0000-4000-8000-");
            write_hex(&mut id, u64::from(n), 12);
            let mut a = heapless::String::new();
            let _ = a.push_str(alias);
            let entry = Entry {
                name: name.clone(),
                id: id.clone(),
                alias: a,
            };
            let _ = t.entries.push(entry);
            Ok((name, id))
        });
        match created {
            Ok((name, id)) => {
                if let Ok(event) = Event::new(EventName::ConferenceCreate)
                    .with_factory_conference_id(&id)
                    .and_then(|e| e.with_conference_name(&name))
                {
                    self.feedback.publish(event);
                }
                reply.ok(&FactoryConferenceCreateReply {
                    status: Some(STATUS_SUCCESS),
                    info: None,
                    conference_name: Some(&name),
                    factory_conference_id: Some(&id),
                    factory_conference_id_deprecated: Some(&id),
                })
            }
            Err(Some((name, id))) => reply.ok(&FactoryConferenceCreateReply {
                status: Some(STATUS_ERROR),
                info: Some("conference already exists"),
                conference_name: Some(&name),
                factory_conference_id: Some(&id),
                factory_conference_id_deprecated: None,
            }),
            Err(None) => reply.fault(&Fault::new(FaultCode::TooManyConferences)),
        }
    }

    #[inline(never)]
    fn conference_destroy(&self, name: &str, reply: Reply<'_>) -> Answered {
        let removed = self.table.lock(|t| {
            let mut t = t.borrow_mut();
            let i = t.entries.iter().position(|e| e.name.as_str() == name)?;
            Some(t.entries.remove(i))
        });
        match removed {
            Some(entry) => {
                if let Ok(event) =
                    Event::new(EventName::ConferenceDestroyed).with_factory_conference_id(&entry.id)
                {
                    self.feedback.publish(event);
                }
                reply.ok(&StatusReply::success())
            }
            None => reply.fault(&Fault::new(FaultCode::NoSuchConference)),
        }
    }

    #[inline(never)]
    fn conference_enumerate(&self, reply: Reply<'_>) -> Answered {
        self.table.lock(|t| {
            let t = t.borrow();
            let mut list = heapless::Vec::<Conference<'_>, MAX_CONFERENCES>::new();
            for e in &t.entries {
                let _ = list.push(Conference {
                    conference_name: Some(&e.name),
                    factory_template_type: Some(FactoryTemplateType::Meet),
                    is_cascaded: Some(false),
                    factory_conference_id: Some(&e.id),
                    locked: Some(false),
                    numeric_id: Some(&e.alias),
                    active: Some(true),
                    ..Conference::default()
                });
            }
            reply.ok(&ConferenceEnumerateReply {
                enumerate_id: None,
                current_revision: None,
                conferences: list.as_slice(),
            })
        })
    }
}

/// `Some(text)` unless it is empty.
fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

impl Handler for App {
    const METHODS: Methods = Methods::of(&[
        Method::DeviceQuery,
        Method::DeviceNetworkQuery,
        Method::FactoryHealthQuery,
        Method::FeedbackReceiverExtendedConfigure,
        Method::FeedbackReceiverExtendedQuery,
        Method::FeedbackReceiverExtendedRemove,
        Method::FactoryConferenceCreate,
        Method::ConferenceDestroy,
        Method::ConferenceEnumerate,
    ]);

    async fn call(
        &self,
        _cx: &CallContext<'_>,
        request: Request<'_>,
        reply: Reply<'_>,
    ) -> Answered {
        self.answer(&request, reply)
    }
}

impl App {
    /// Answers a call (nothing here awaits): out of line, so the listener's task poll
    /// keeps a call, not the match and its reply encoders.
    #[inline(never)]
    fn answer(&self, request: &Request<'_>, reply: Reply<'_>) -> Answered {
        let reply = match self.feedback.answer(request, reply) {
            Ok(answered) => return answered,
            Err(reply) => reply,
        };
        match request {
            Request::DeviceQuery(_) => reply.ok(&DeviceQueryReply {
                current_time: None,
                serial: Some(self.info.serial),
                software_version: Some(env!("CARGO_PKG_VERSION")),
                build_version: Some("baton-firmware"),
                model: Some("baton reference appliance"),
                api_version: Some("4.3"),
                total_video_ports: None,
            }),
            Request::DeviceNetworkQuery(_) => reply.ok(&DeviceNetworkQueryReply {
                port_a: Some(NetworkPort {
                    mac_address: Some(&self.info.mac),
                    ip_address: non_empty(&self.info.ip),
                    subnet_mask: non_empty(&self.info.mask),
                    default_gateway: non_empty(&self.info.gateway),
                }),
            }),
            Request::FactoryHealthQuery(_) => reply.ok(&FactoryHealthQueryReply {
                fan_1: Some("N/A"),
                fan_2: Some("N/A"),
                fan_3: Some("N/A"),
                committed_as: Some("0"),
                cpu_load_1: Some(0),
                cpu_load_5: Some(0),
                cpu_load_15: Some(0),
            }),
            Request::FactoryConferenceCreate(p) => {
                self.conference_create(p.conference_alias, reply)
            }
            Request::ConferenceDestroy(p) => self.conference_destroy(p.conference_name, reply),
            Request::ConferenceEnumerate(p) => match p.enumerate_id {
                // Every reply is complete, so no enumerateID was handed out.
                Some(_) => reply.fault(&Fault::new(FaultCode::InvalidEnumerateId)),
                None => self.conference_enumerate(reply),
            },
            _ => reply.fault(&Fault::method_not_supported()),
        }
    }
}
