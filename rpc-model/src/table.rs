//! The method table: every Conductor XML-RPC method, declared once.
//!
//! [`for_each_method!`](crate::for_each_method) holds one row per wire
//! name; everything that lists methods is generated from it:
//!
//! - here, by `generate!`: [`Method`] (names,
//!   deprecation, [`Role`](crate::auth::Role)), [`Methods`],
//!   [`MethodSet`]; [`Request`]
//!   (decoding, `method()`, [`Request::credentials`](crate::Request::credentials));
//!   [`Call`](crate::Call) and [`ReplyTo`](crate::call::ReplyTo) (which reply
//!   answers which params);
//! - for a port's handler trait, [`handler_methods!`](crate::handler_methods):
//!   one method per served row, defaulting to fault 1 `method not supported`;
//! - for a port's server, [`dispatch!`](crate::dispatch): a decoded call to
//!   those methods;
//! - for a port's client, [`client_methods!`](crate::client_methods): one
//!   typed method per row.
//!
//! `credentials()` of every params type comes from the `params!` macro
//! that declares them (it appends the authentication members).
//!
//! # A row
//!
//! ```text
//! /// doc of the Method variant and of the handler method
//! Variant = "wire.name" {
//!     params: ParamsType, reply: ReplyType,   // `ReplyType [list]`: generic over its list
//!     call: own,                              // `own`: this row says which reply answers
//!                                             // the params type; `shared`: another row does
//!     serve: (fn handler_method),             // a handler method, default fault 1
//!         // (fn method = other): a handler method whose default calls `other`
//!         // (alias other): no handler method of its own, served by `other`
//!         //                (params converted with `Into`)
//!         // (none): not served by a Conductor (fault 1)
//!     client: (fn client_method),             // a client's method for it; (none): none
//!     role: Admin,                            // `ReadOnly`: read-only users may call it
//!     deprecated: false,
//! }
//! ```
//!
//! Adding a method is one row plus its params and reply types (see the
//! `added_method` test below, which adds one).

/// The params and reply types the table names, in one namespace (the
/// generated code of [`handler_methods!`](crate::handler_methods) and
/// [`dispatch!`](crate::dispatch) reaches them as `$crate::table::types::Name`).
#[doc(hidden)]
pub mod types {
    pub use crate::conference::*;
    pub use crate::device::*;
    pub use crate::event::*;
    pub use crate::factory::*;
    pub use crate::feedback_receiver::*;
    pub use crate::participant::*;
    pub use crate::value::*;
}

/// Calls `$callback! { { extra tokens } rows... }` with the method table:
/// one row per Conductor XML-RPC method (see the [module](crate::table)
/// docs for a row's columns), each handed over as `[docs] Variant "name"
/// Params Reply [list?] call (serve) (client) Role deprecated;`.
/// `extra_rows: { ... }` appends rows (a test adds a method this way).
///
/// ```
/// macro_rules! names {
///     ({} $(
///         [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
///         [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
///     )*) => {
///         [$($name),*]
///     };
/// }
/// let names = baton_rpc::for_each_method!(names);
/// assert_eq!(names.len(), baton_rpc::Method::ALL.len());
/// assert_eq!(names[1], "conference.destroy");
/// ```
#[macro_export]
macro_rules! for_each_method {
    ($($callback:tt)::+ $({ $($extra:tt)* })? $(, extra_rows: { $($more:tt)* })?) => {
        $crate::__rows! {
            $($callback)::+ { $($($extra)*)? }

            /// `conference.create` (deprecated: use `factory.conferencecreate`).
            ConferenceCreate = "conference.create" {
                params: ConferenceCreateParams, reply: StatusReply, call: own,
                serve: (fn conference_create), client: (fn conference_create),
                role: Admin, deprecated: true,
            }
            /// `conference.destroy`: disconnect everyone and end the
            /// conference; also serves its deprecated alias `conference.end`
            /// (`cx.method` tells which was called).
            ConferenceDestroy = "conference.destroy" {
                params: ConferenceDestroyParams, reply: StatusReply, call: own,
                serve: (fn conference_destroy), client: (fn conference_destroy),
                role: Admin, deprecated: false,
            }
            /// `conference.end` (deprecated alias of `conference.destroy`).
            ConferenceEnd = "conference.end" {
                params: ConferenceDestroyParams, reply: StatusReply, call: shared,
                serve: (alias conference_destroy), client: (fn conference_end),
                role: Admin, deprecated: true,
            }
            /// `conference.enumerate`: all active conferences. `enumerateID`,
            /// when the reply has one, must be accepted back opaquely (fault
            /// 16 otherwise).
            ConferenceEnumerate = "conference.enumerate" {
                params: ConferenceEnumerateParams, reply: ConferenceEnumerateReply [list], call: own,
                serve: (fn conference_enumerate),
                client: (fn conference_enumerate, pages: conference_enumerate_stream conference_enumerate_all),
                role: ReadOnly, deprecated: false,
            }
            /// `conference.modify` (deprecated: use `factory.conferencemodify`).
            ConferenceModify = "conference.modify" {
                params: ConferenceModifyParams, reply: StatusReply, call: own,
                serve: (fn conference_modify), client: (fn conference_modify),
                role: Admin, deprecated: true,
            }
            /// `device.network.query`: network information.
            DeviceNetworkQuery = "device.network.query" {
                params: DeviceNetworkQueryParams, reply: DeviceNetworkQueryReply, call: own,
                serve: (fn device_network_query), client: (fn device_network_query),
                role: ReadOnly, deprecated: false,
            }
            /// `device.query`: high-level status.
            DeviceQuery = "device.query" {
                params: DeviceQueryParams, reply: DeviceQueryReply, call: own,
                serve: (fn device_query), client: (fn device_query),
                role: ReadOnly, deprecated: false,
            }
            /// `eventNotification`: the feedback callback sent to receivers
            /// (a Conductor does not serve it).
            EventNotification = "eventNotification" {
                params: Notification, reply: Ack, call: shared,
                serve: (none), client: (none),
                role: Admin, deprecated: false,
            }
            /// `factory.conferencecreate`: create a conference.
            FactoryConferenceCreate = "factory.conferencecreate" {
                params: FactoryConferenceCreateParams, reply: FactoryConferenceCreateReply, call: own,
                serve: (fn factory_conference_create), client: (fn factory_conference_create),
                role: Admin, deprecated: false,
            }
            /// `factory.conferencemodify`: modify a managed conference.
            FactoryConferenceModify = "factory.conferencemodify" {
                params: FactoryConferenceModifyParams, reply: FactoryConferenceModifyReply, call: own,
                serve: (fn factory_conference_modify), client: (fn factory_conference_modify),
                role: Admin, deprecated: false,
            }
            /// `factory.health.query`: system health.
            FactoryHealthQuery = "factory.health.query" {
                params: FactoryHealthQueryParams, reply: FactoryHealthQueryReply, call: own,
                serve: (fn factory_health_query), client: (fn factory_health_query),
                role: ReadOnly, deprecated: false,
            }
            /// `factory.webex.add`: add a WebEx conference.
            FactoryWebexAdd = "factory.webex.add" {
                params: FactoryWebexAddParams, reply: StatusReply, call: own,
                serve: (fn factory_webex_add), client: (fn factory_webex_add),
                role: Admin, deprecated: false,
            }
            /// `feedbackReceiver.configure` (deprecated: use the extended
            /// calls; served as `feedbackReceiver.extended.configure`).
            FeedbackReceiverConfigure = "feedbackReceiver.configure" {
                params: FeedbackReceiverConfigureParams, reply: FeedbackReceiverConfigureReply, call: own,
                serve: (alias feedback_receiver_configure), client: (fn feedback_receiver_configure_deprecated),
                role: Admin, deprecated: true,
            }
            /// `feedbackReceiver.extended.configure`: register a feedback
            /// receiver (and the deprecated `feedbackReceiver.configure`,
            /// mapped onto these params).
            FeedbackReceiverExtendedConfigure = "feedbackReceiver.extended.configure" {
                params: FeedbackReceiverExtendedConfigureParams, reply: FeedbackReceiverConfigureReply, call: own,
                serve: (fn feedback_receiver_configure), client: (fn feedback_receiver_configure),
                role: Admin, deprecated: false,
            }
            /// `feedbackReceiver.extended.query`: list feedback receivers
            /// (and the deprecated `feedbackReceiver.query`).
            FeedbackReceiverExtendedQuery = "feedbackReceiver.extended.query" {
                params: FeedbackReceiverQueryParams, reply: FeedbackReceiverQueryReply [list], call: own,
                serve: (fn feedback_receiver_query), client: (fn feedback_receiver_query),
                role: ReadOnly, deprecated: false,
            }
            /// `feedbackReceiver.extended.remove`: remove a feedback receiver.
            FeedbackReceiverExtendedRemove = "feedbackReceiver.extended.remove" {
                params: FeedbackReceiverExtendedRemoveParams, reply: StatusReply, call: own,
                serve: (fn feedback_receiver_remove), client: (fn feedback_receiver_remove),
                role: Admin, deprecated: false,
            }
            /// `feedbackReceiver.query` (deprecated: use the extended calls).
            FeedbackReceiverQuery = "feedbackReceiver.query" {
                params: FeedbackReceiverQueryParams, reply: FeedbackReceiverQueryReply [list], call: shared,
                serve: (alias feedback_receiver_query), client: (fn feedback_receiver_query_deprecated),
                role: ReadOnly, deprecated: true,
            }
            /// `participant.add`: add a participant.
            ParticipantAdd = "participant.add" {
                params: ParticipantAddParams, reply: StatusReply, call: own,
                serve: (fn participant_add), client: (fn participant_add),
                role: Admin, deprecated: false,
            }
            /// `participant.diagnostics`: diagnostics of a participant (the
            /// reply is the bridge's: answer members beyond `status` with any
            /// serializable struct).
            ParticipantDiagnostics = "participant.diagnostics" {
                params: ParticipantIdParams, reply: StatusReply, call: shared,
                serve: (fn participant_diagnostics), client: (fn participant_diagnostics),
                role: ReadOnly, deprecated: false,
            }
            /// `participant.disconnect` (deprecated since XC2.3: use
            /// `participant.remove`, which it calls by default).
            ParticipantDisconnect = "participant.disconnect" {
                params: ParticipantIdParams, reply: StatusReply, call: shared,
                serve: (fn participant_disconnect = participant_remove), client: (fn participant_disconnect),
                role: Admin, deprecated: true,
            }
            /// `participant.enumerate`: participants of active conferences
            /// (`enumerateID` as for `conference.enumerate`).
            ParticipantEnumerate = "participant.enumerate" {
                params: ParticipantEnumerateParams, reply: ParticipantEnumerateReply [list], call: own,
                serve: (fn participant_enumerate),
                client: (fn participant_enumerate, pages: participant_enumerate_stream participant_enumerate_all),
                role: ReadOnly, deprecated: false,
            }
            /// `participant.message`: show a message to a participant.
            ParticipantMessage = "participant.message" {
                params: ParticipantMessageParams, reply: StatusReply, call: own,
                serve: (fn participant_message), client: (fn participant_message),
                role: Admin, deprecated: false,
            }
            /// `participant.modify`: change a participant's active state.
            ParticipantModify = "participant.modify" {
                params: ParticipantModifyParams, reply: StatusReply, call: own,
                serve: (fn participant_modify), client: (fn participant_modify),
                role: Admin, deprecated: false,
            }
            /// `participant.remove`: tear down a participant's connection
            /// (and by default the deprecated `participant.disconnect`).
            ParticipantRemove = "participant.remove" {
                params: ParticipantIdParams, reply: StatusReply, call: own,
                serve: (fn participant_remove), client: (fn participant_remove),
                role: Admin, deprecated: false,
            }

            $($($more)*)?
        }
    };
}

/// Reads the rows of [`for_each_method!`](crate::for_each_method) (the
/// one place their grammar is written) and hands them to the callback as
/// `[docs] Variant "name" Params Reply [list?] call (serve) (client) Role
/// deprecated;`.
#[doc(hidden)]
#[macro_export]
macro_rules! __rows {
    ($($callback:tt)::+ { $($extra:tt)* } $(
        $(#[$doc:meta])*
        $variant:ident = $name:literal {
            params: $params:ident, reply: $reply:ident $([$list:ident])?, call: $call:ident,
            serve: $serve:tt, client: $client:tt, role: $role:ident, deprecated: $dep:literal $(,)?
        }
    )*) => {
        $($callback)::+! {
            { $($extra)* }
            $(
                [$(#[$doc])*] $variant $name $params $reply [$($list)?] $call $serve $client $role
                $dep;
            )*
        }
    };
}

/// Generates, from the rows, `Method` (with `ALL`, `as_str`, `from_name`,
/// `is_deprecated`, `role`), `Methods`, `MethodSet`, `Request` (with
/// `method`, `credentials` and the params decoders) (`{ methods }`), and
/// the `Call` / `ReplyTo` impls (`{ calls }`), in the module that invokes
/// it (`{}`: both). Its names (params and
/// reply types, `Fault`, ...) resolve where it is invoked.
macro_rules! generate {
    ({} $($rows:tt)*) => {
        $crate::table::generate! { { methods } $($rows)* }
        $crate::table::generate! { { calls } $($rows)* }
    };
    ({ calls } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        $( $crate::table::call_of!($call, $params, $reply [$($list)?]); )*
    };
    ({ methods } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        /// Every method the spec documents, plus the `eventNotification`
        /// callback a feedback receiver serves.
        ///
        /// Names are exact and case-sensitive; any other name is fault 1
        /// `method not supported`.
        ///
        /// ```
        /// use baton_rpc::auth::Role;
        /// use baton_rpc::Method;
        ///
        /// let m = Method::from_name("participant.enumerate").unwrap();
        /// assert_eq!(m, Method::ParticipantEnumerate);
        /// assert_eq!(m.as_str(), "participant.enumerate");
        /// assert_eq!(m.role(), Role::ReadOnly); // a read-only account may call it
        /// assert_eq!(Method::ConferenceDestroy.role(), Role::Admin);
        /// assert_eq!(Method::from_name("Participant.Enumerate"), None); // case-sensitive
        /// assert!(Method::from_name("feedbackReceiver.configure").unwrap().is_deprecated());
        /// assert!(Method::ALL.contains(&Method::DeviceQuery));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Method {
            $( $(#[$doc])* $variant, )*
        }

        impl Method {
            /// Every method, alphabetically by wire name.
            pub const ALL: &'static [Method] = &[ $( Method::$variant, )* ];

            /// The exact `methodName`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Method::$variant => $name, )* }
            }

            /// The method with this exact `methodName`.
            pub fn from_name(name: &str) -> Option<Method> {
                match name { $( $name => Some(Method::$variant), )* _ => None }
            }

            /// Whether the spec marks the method as deprecated.
            pub const fn is_deprecated(self) -> bool {
                match self { $( Method::$variant => $dep, )* }
            }

            /// The least role that may call the method.
            ///
            /// ```
            /// use baton_rpc::{auth::Role, Method};
            /// assert_eq!(Method::ParticipantEnumerate.role(), Role::ReadOnly);
            /// assert_eq!(Method::ParticipantRemove.role(), Role::Admin);
            /// ```
            pub const fn role(self) -> $crate::auth::Role {
                match self { $( Method::$variant => $crate::auth::Role::$role, )* }
            }

            /// Every member of the method's params, with its wire name,
            /// XML-RPC type and whether it is required (its params type's
            /// [`ParamsSchema`](crate::schema::ParamsSchema)).
            ///
            /// ```
            /// use baton_rpc::{schema::Kind, Method};
            /// let names: Vec<_> = Method::ConferenceDestroy.members().iter().map(|m| m.name).collect();
            /// assert_eq!(names, ["conferenceName", "authenticationUser", "authenticationPassword"]);
            /// assert_eq!(Method::FeedbackReceiverExtendedRemove.members()[0].kind, Kind::Int);
            /// ```
            pub const fn members(self) -> &'static [$crate::schema::Member] {
                match self {
                    $( Method::$variant => {
                        <$params<'static> as $crate::schema::ParamsSchema>::MEMBERS
                    } )*
                }
            }

            /// The member of the method's params named `name` (exact,
            /// case-sensitive), if it has one.
            ///
            /// ```
            /// use baton_rpc::{schema::Kind, Method};
            /// let pin = Method::FactoryConferenceCreate.member("factoryOverridePIN").unwrap();
            /// assert_eq!(pin.kind, Kind::String);
            /// assert_eq!(Method::DeviceQuery.member("conferenceName"), None);
            /// ```
            pub fn member(self, name: &str) -> Option<&'static $crate::schema::Member> {
                self.members().iter().find(|m| m.name == name)
            }
        }

        impl core::fmt::Display for Method {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for Method {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// A set of [`Method`]s, as bits (const-constructible).
        ///
        /// ```
        /// use baton_rpc::method::Methods;
        /// use baton_rpc::Method;
        ///
        /// const QUERIES: Methods = Methods::of(&[Method::DeviceQuery, Method::ConferenceEnumerate]);
        /// assert!(QUERIES.contains(Method::DeviceQuery));
        /// assert!(!QUERIES.contains(Method::ConferenceDestroy));
        /// assert!(Methods::ALL.contains(Method::ConferenceDestroy));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Methods(u64);

        impl Methods {
            /// Every method.
            pub const ALL: Methods = Methods::of(Method::ALL);

            /// The set of `methods`.
            pub const fn of(methods: &[Method]) -> Methods {
                let mut bits = 0u64;
                let mut i = 0;
                while i < methods.len() {
                    bits |= 1 << (methods[i] as u32);
                    i += 1;
                }
                Methods(bits)
            }

            /// Whether `method` is in the set.
            pub const fn contains(self, method: Method) -> bool {
                self.0 & (1 << (method as u32)) != 0
            }
        }

        /// The methods a server decodes (see `Request::decode_only_in_place`).
        ///
        /// ```
        /// use baton_rpc::method::{MethodSet, Methods};
        /// use baton_rpc::{Method, Request};
        ///
        /// /// A device that serves device.query only: no other params decoder is linked.
        /// struct QueryOnly;
        /// impl MethodSet for QueryOnly {
        ///     const METHODS: Methods = Methods::of(&[Method::DeviceQuery]);
        /// }
        ///
        /// let mut body = *b"<methodCall><methodName>conference.destroy</methodName></methodCall>";
        /// let fault = Request::decode_only_in_place::<QueryOnly>(&mut body).unwrap_err();
        /// assert_eq!(fault.code(), 1); // method not supported, params never read
        /// ```
        pub trait MethodSet {
            /// The methods.
            const METHODS: Methods;
        }

        /// A decoded (or to-be-encoded) call: the method and its typed params.
        ///
        /// Serializes (e.g. to JSON) as `{"method": "<name>", "params": {...}}`
        /// with the spec's member names.
        ///
        /// Its size is dominated by the `eventNotification` variant (a
        /// [`Notification`] holds up to 16 events inline, about 4 KiB):
        /// nothing is boxed, as the crate does not allocate.
        ///
        /// Client side, a call encoded into a fixed buffer; server side, the
        /// same bytes decoded back (see `Request::decode_in_place`):
        ///
        /// ```
        /// use baton_rpc::conference::ConferenceDestroyParams;
        /// use baton_rpc::{Method, Request};
        ///
        /// let call = Request::ConferenceDestroy(ConferenceDestroyParams {
        ///     conference_name: "Weekly & co",
        ///     authentication_user: "tms",
        ///     authentication_password: "secret".into(), // `Debug` prints "***"
        /// });
        /// let mut buf = [0u8; 512];
        /// let n = call.encode(&mut buf).unwrap();
        /// assert_eq!(n, call.encoded_len().unwrap());
        ///
        /// let decoded = Request::decode_in_place(&mut buf[..n]).unwrap();
        /// assert_eq!(decoded.method(), Method::ConferenceDestroy);
        /// assert_eq!(decoded.credentials(), Some(("tms", "secret")));
        /// let Request::ConferenceDestroy(p) = decoded else { unreachable!() };
        /// assert_eq!(p.conference_name, "Weekly & co");
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Request<'a> {
            $( $(#[$doc])* $variant($params<'a>), )*
        }

        impl<'a> Request<'a> {
            /// The call's method.
            pub fn method(&self) -> Method {
                match self { $( Request::$variant(_) => Method::$variant, )* }
            }

            /// `authenticationUser` / `authenticationPassword` of the call
            /// (`None` for `eventNotification`, which a Conductor does not
            /// serve).
            ///
            /// ```
            /// let mut call = b"<methodCall><methodName>device.query</methodName><params>\
            ///     <param><value><struct>\
            ///     <member><name>authenticationUser</name><value>admin</value></member>\
            ///     <member><name>authenticationPassword</name><value>pw</value></member>\
            ///     </struct></value></param></params></methodCall>".to_vec();
            /// let request = baton_rpc::Request::decode_in_place(&mut call).unwrap();
            /// assert_eq!(request.credentials(), Some(("admin", "pw")));
            /// ```
            pub fn credentials(&self) -> Option<(&'a str, &'a str)> {
                match self {
                    $( Request::$variant(p) => $crate::table::credentials_of!($serve, p), )*
                }
            }

            #[allow(dead_code)]
            pub(crate) fn decode_params(
                method: Method,
                call: baton_xmlrpc::CallDecoder<'a>,
            ) -> Result<Self, $crate::Fault> {
                match method {
                    $( Method::$variant => {
                        <$params<'a> as $crate::request::DecodeParams<'a>>::decode_params(call).map(Request::$variant)
                    } )*
                }
            }

            #[allow(dead_code)]
            // Out of line on bare metal: one copy, not one inlined into the server's task poll.
            #[cfg_attr(baton_compact, inline(never))]
            pub(crate) fn decode_params_in<S: MethodSet + ?Sized>(
                method: Method,
                call: baton_xmlrpc::CallDecoder<'a>,
            ) -> Result<Self, $crate::Fault> {
                match method {
                    $( Method::$variant if const { S::METHODS.contains(Method::$variant) } => {
                        <$params<'a> as $crate::request::DecodeParams<'a>>::decode_params(call).map(Request::$variant)
                    } )*
                    _ => Err($crate::Fault::method_not_supported()),
                }
            }

            /// The params alone, serializable (the single `<param>` struct).
            #[allow(dead_code)]
            pub(crate) fn serialize_params<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match self { $( Request::$variant(p) => serde::Serialize::serialize(p, serializer), )* }
            }
        }
    };
}

/// A row's credentials expression.
macro_rules! credentials_of {
    ((none), $p:ident) => {{
        let _ = $p;
        None
    }};
    ($serve:tt, $p:ident) => {
        Some($p.credentials())
    };
}

/// A row's `Call` and `ReplyTo` impls (for the row that owns its params).
macro_rules! call_of {
    (shared, $params:ident, $reply:ident [$($list:ident)?]) => {};
    (own, $params:ident, $reply:ident []) => {
        impl $crate::call::Call for $params<'_> {
            type Reply<'r> = $reply<'r>;
        }
        impl $crate::call::ReplyTo<$params<'static>> for $reply<'_> {}
    };
    (own, $params:ident, $reply:ident [list]) => {
        impl $crate::call::Call for $params<'_> {
            type Reply<'r> = $reply<'r>;
        }
        impl<L: serde::Serialize> $crate::call::ReplyTo<$params<'static>> for $reply<'_, L> {}
    };
}

pub(crate) use {call_of, credentials_of, generate};

use types::*;

crate::for_each_method!(generate);

/// Declares a server's handler methods, one per served row, inside a
/// port's handler trait: `async`-returning, `Send`, taking the port's
/// call context and the typed params, returning the port's result type
/// for that params type; each defaults to fault 1 `method not supported`
/// (or to the method its row names, e.g. `participant.disconnect` to
/// `participant_remove`).
///
/// ```
/// use baton_rpc::Fault;
/// pub struct Cx;
/// pub struct Answer<P>(core::marker::PhantomData<P>);
/// pub type RpcResult<P> = Result<Answer<P>, Fault>;
/// pub trait Handler: Sync {
///     baton_rpc::handler_methods! { context: Cx, result: RpcResult }
/// }
/// struct Nothing;
/// impl Handler for Nothing {}
/// ```
#[macro_export]
macro_rules! handler_methods {
    (context: $cx:ty, result: $result:ident $(,)?) => {
        $crate::for_each_method!($crate::__handler_methods { $cx, $result });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __handler_methods {
    ({ $cx:ty, $result:ident } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        $( $crate::__handler_method!($serve, [$(#[$doc])*], $cx, $result, $params); )*
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __handler_method {
    ((fn $method:ident), [$(#[$doc:meta])*], $cx:ty, $result:ident, $params:ident) => {
        $(#[$doc])*
        fn $method(
            &self,
            cx: &$cx,
            params: $crate::table::types::$params<'_>,
        ) -> impl core::future::Future<Output = $result<$crate::table::types::$params<'static>>> + Send
        {
            let _ = (cx, params);
            core::future::ready(Err($crate::Fault::method_not_supported()))
        }
    };
    ((fn $method:ident = $other:ident), [$(#[$doc:meta])*], $cx:ty, $result:ident, $params:ident) => {
        $(#[$doc])*
        fn $method(
            &self,
            cx: &$cx,
            params: $crate::table::types::$params<'_>,
        ) -> impl core::future::Future<Output = $result<$crate::table::types::$params<'static>>> + Send
        {
            self.$other(cx, params)
        }
    };
    ($serve:tt, [$(#[$doc:meta])*], $cx:ty, $result:ident, $params:ident) => {};
}

/// The dispatch of a decoded [`Request`](crate::Request) to the handler
/// methods of [`handler_methods!`](crate::handler_methods): an expression
/// that calls the row's handler method with the params (converted with
/// `Into` for a deprecated alias), binds its future to the given name and
/// evaluates the given expression; a method no Conductor serves
/// (`eventNotification`) evaluates `unsupported`.
///
/// ```
/// use baton_rpc::{Fault, Request};
/// pub struct Cx;
/// pub struct Answer<P>(core::marker::PhantomData<P>);
/// pub type RpcResult<P> = Result<Answer<P>, Fault>;
/// pub trait Handler: Sync {
///     baton_rpc::handler_methods! { context: Cx, result: RpcResult }
/// }
/// struct Nothing;
/// impl Handler for Nothing {}
/// async fn answer(request: Request<'_>) -> Result<(), Fault> {
///     baton_rpc::dispatch!(request, Nothing, &Cx, |answer| answer.await.map(|_| ()),
///         Err(Fault::method_not_supported()))
/// }
/// ```
#[macro_export]
macro_rules! dispatch {
    ($request:expr, $handler:expr, $cx:expr, |$answer:ident| $then:expr, $unsupported:expr $(,)?) => {
        $crate::for_each_method!($crate::__dispatch {
            $request,
            $handler,
            $cx,
            $answer,
            $then,
            $unsupported
        })
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __dispatch {
    ({ $request:expr, $handler:expr, $cx:expr, $answer:ident, $then:expr, $unsupported:expr } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        match $request {
            $( $crate::Request::$variant(params) => $crate::__dispatch_arm!(
                $serve, params, $handler, $cx, $answer, $then, $unsupported
            ), )*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __dispatch_arm {
    ((fn $method:ident $(= $other:ident)?), $p:ident, $h:expr, $cx:expr, $a:ident, $then:expr, $un:expr) => {{
        let $a = $h.$method($cx, $p);
        $then
    }};
    ((alias $method:ident), $p:ident, $h:expr, $cx:expr, $a:ident, $then:expr, $un:expr) => {{
        let $a = $h.$method($cx, ::core::convert::Into::into($p));
        $then
    }};
    ((none), $p:ident, $h:expr, $cx:expr, $a:ident, $then:expr, $un:expr) => {{
        let _ = $p;
        $un
    }};
}

/// A client's typed methods: calls `$template! { [docs] name, Variant,
/// Params }` for every row with a client method (`Params` is the params
/// type's name, in [`baton_rpc::table::types`](crate::table::types)).
///
/// ```
/// use baton_rpc::table::types::*;
/// use baton_rpc::Method;
/// struct Client;
/// macro_rules! method {
///     ([$(#[$doc:meta])*] $name:ident, $variant:ident, $params:ident) => {
///         $(#[$doc])*
///         fn $name(&self, _: $params<'_>) -> Method {
///             Method::$variant
///         }
///     };
/// }
/// impl Client {
///     baton_rpc::client_methods!(method);
/// }
/// assert_eq!(Client.conference_end(Default::default()), Method::ConferenceEnd);
/// ```
#[macro_export]
macro_rules! client_methods {
    ($template:ident) => {
        $crate::for_each_method!($crate::__client_methods { $template });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __client_methods {
    ({ $template:ident } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        $( $crate::__client_method!($template, $client, [$(#[$doc])*], $variant, $params); )*
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __client_method {
    ($template:ident, (fn $method:ident $(, pages: $stream:ident $all:ident)?), [$(#[$doc:meta])*], $variant:ident, $params:ident) => {
        $template! { [$(#[$doc])*] $method, $variant, $params }
    };
    ($template:ident, (none), [$(#[$doc:meta])*], $variant:ident, $params:ident) => {};
}

/// A client's paged enumerates: calls `$template! { "wire.name", stream,
/// all, Params }` for every row whose client column names its pages
/// (`client: (fn participant_enumerate, pages: participant_enumerate_stream
/// participant_enumerate_all)`): the one-page streamed call and the walk
/// through `enumerateID`. `Params` implements
/// [`Enumerate`](crate::enumerate::Enumerate), which gives the method, the
/// listed item and the stream decoder, so a port writes the paging once.
///
/// ```
/// use baton_rpc::table::types::*;
/// macro_rules! list {
///     ($name:literal, $stream:ident, $all:ident, $params:ident) => {
///         fn $stream() -> (&'static str, &'static str, &'static str, &'static str) {
///             let method = <$params<'static> as baton_rpc::enumerate::Enumerate>::METHOD;
///             ($name, stringify!($stream), stringify!($all), method.as_str())
///         }
///     };
/// }
/// baton_rpc::enumerate_methods!(list);
/// assert_eq!(participant_enumerate_stream(), ("participant.enumerate",
///     "participant_enumerate_stream", "participant_enumerate_all", "participant.enumerate"));
/// assert_eq!(conference_enumerate_stream(), ("conference.enumerate",
///     "conference_enumerate_stream", "conference_enumerate_all", "conference.enumerate"));
/// ```
#[macro_export]
macro_rules! enumerate_methods {
    ($template:ident) => {
        $crate::for_each_method!($crate::__enumerate_methods { $template });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __enumerate_methods {
    ({ $template:ident } $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        $( $crate::__enumerate_method!($template, $client, $name, $params); )*
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __enumerate_method {
    ($template:ident, (fn $method:ident, pages: $stream:ident $all:ident), $name:literal, $params:ident) => {
        $template! { $name, $stream, $all, $params }
    };
    ($template:ident, $client:tt, $name:literal, $params:ident) => {};
}

/// Adding a method: one row (`extra_rows`) plus its params and reply
/// types, and the method exists with its name, role and deprecation, its
/// `Request` variant decodes with the spec's faults, its credentials are
/// read, and its reply type answers it (`Call` / `ReplyTo`). This module
/// generates the whole method layer again with a test-only `test.echo`.
#[cfg(test)]
mod added_method {
    use super::types::*;

    params! {
        /// `test.echo` params: a required `text`.
        pub struct EchoParams<'a> {
            /// `text`.
            #[serde(borrow)]
            pub text: &'a str,
        }
    }

    /// `test.echo` reply.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct EchoReply<'a> {
        /// `text`, as sent.
        #[serde(borrow)]
        pub text: &'a str,
    }

    // The table with one more row. (The `Call` impls of the table's own
    // rows exist already, in `super`: this copy generates the new row's
    // alone, from the same row.)
    macro_rules! add {
        ($($row:tt)*) => {
            crate::for_each_method!(super::generate { methods }, extra_rows: { $($row)* });
            crate::__rows! { super::generate { calls } $($row)* }
        };
    }

    // The one row.
    add! {
        /// `test.echo`: answers its `text` (test only).
        TestEcho = "test.echo" {
            params: EchoParams, reply: EchoReply, call: own,
            serve: (fn test_echo), client: (fn test_echo),
            role: ReadOnly, deprecated: false,
        }
    }

    const ECHO: &[u8] =
        b"<methodCall><methodName>test.echo</methodName><params><param><value><struct>\
        <member><name>text</name><value><string>hi</string></value></member>\
        <member><name>authenticationUser</name><value><string>u</string></value></member>\
        <member><name>authenticationPassword</name><value><string>p</string></value></member>\
        </struct></value></param></params></methodCall>";

    fn decode(input: &mut [u8]) -> Result<Request<'_>, crate::Fault> {
        let call = crate::request::call_decoder(input, baton_xmlrpc::DecodeOptions::new())?;
        let method =
            Method::from_name(call.method_name()).ok_or_else(crate::Fault::method_not_supported)?;
        Request::decode_params(method, call)
    }

    #[test]
    fn a_method_added_by_one_row_has_its_name_role_and_deprecation() {
        assert_eq!(Method::ALL.len(), crate::Method::ALL.len() + 1);
        assert_eq!(Method::from_name("test.echo"), Some(Method::TestEcho));
        assert_eq!(Method::TestEcho.as_str(), "test.echo");
        assert!(!Method::TestEcho.is_deprecated());
        assert_eq!(Method::TestEcho.role(), crate::auth::Role::ReadOnly);
        // Its members, from the params! declaration.
        let names: std::vec::Vec<_> = Method::TestEcho.members().iter().map(|m| m.name).collect();
        assert_eq!(
            names,
            ["text", "authenticationUser", "authenticationPassword"]
        );
        assert_eq!(
            Method::TestEcho
                .member("text")
                .map(|m| (m.kind, m.required)),
            Some((crate::schema::Kind::String, true))
        );
        assert!(Methods::ALL.contains(Method::TestEcho));
        // The table's own rows are all still there.
        for m in crate::Method::ALL {
            assert_eq!(
                Method::from_name(m.as_str()).map(Method::as_str),
                Some(m.as_str())
            );
        }
    }

    #[test]
    fn a_method_added_by_one_row_decodes_with_its_credentials() {
        let mut buf = ECHO.to_vec();
        let request = decode(&mut buf).unwrap();
        assert_eq!(request.method(), Method::TestEcho);
        assert_eq!(request.credentials(), Some(("u", "p")));
        let Request::TestEcho(p) = request else {
            panic!("not test.echo")
        };
        assert_eq!(p.text, "hi");
        // A call without its params lacks the first required member.
        let mut buf =
            b"<methodCall><methodName>test.echo</methodName><params/></methodCall>".to_vec();
        assert_eq!(
            decode(&mut buf).unwrap_err().message(),
            "missing parameter - text"
        );
    }

    #[test]
    fn a_method_added_by_one_row_is_answered_by_its_reply_type() {
        fn answers<P, R: crate::call::ReplyTo<P>>(_: &R) {}
        answers::<EchoParams<'static>, _>(&EchoReply { text: "hi" });
        let mut buf = [0u8; 256];
        let n = crate::server::encode_reply(&mut buf, &EchoReply { text: "hi" }).unwrap();
        let reply = crate::decode_reply_in_place::<EchoParams<'_>>(&mut buf[..n]).unwrap();
        assert_eq!(reply, crate::Reply::Value(EchoReply { text: "hi" }));
    }
}

/// The generated handler methods and dispatch: each row reaches its
/// method, a deprecated alias its target (params converted), and what a
/// handler does not implement is fault 1.
#[cfg(test)]
mod dispatch_tests {
    use core::future::Future;
    use core::marker::PhantomData;
    use core::pin::pin;
    use core::task::{Context, Poll, Waker};

    use super::types::*;
    use crate::{Fault, Method, Request};

    struct Cx(Method);
    struct Answered<P>(&'static str, PhantomData<P>);
    type Result<P> = core::result::Result<Answered<P>, Fault>;

    trait Handler: Sync {
        crate::handler_methods! { context: Cx, result: Result }
    }

    /// Implements three methods, each answering with its name.
    struct Three;
    impl Handler for Three {
        async fn conference_destroy(
            &self,
            cx: &Cx,
            _: ConferenceDestroyParams<'_>,
        ) -> Result<ConferenceDestroyParams<'static>> {
            assert!(matches!(
                cx.0,
                Method::ConferenceDestroy | Method::ConferenceEnd
            ));
            Ok(Answered("conference_destroy", PhantomData))
        }

        async fn participant_remove(
            &self,
            _: &Cx,
            _: ParticipantIdParams<'_>,
        ) -> Result<ParticipantIdParams<'static>> {
            Ok(Answered("participant_remove", PhantomData))
        }

        async fn feedback_receiver_configure(
            &self,
            _: &Cx,
            p: FeedbackReceiverExtendedConfigureParams<'_>,
        ) -> Result<FeedbackReceiverExtendedConfigureParams<'static>> {
            // The deprecated call's absent sourceIdentifier is empty.
            assert_eq!(p.source_identifier, "");
            assert_eq!(p.credentials(), ("u", "p"));
            Ok(Answered("feedback_receiver_configure", PhantomData))
        }
    }

    fn ready<F: Future>(f: F) -> F::Output {
        match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the handler's futures are ready"),
        }
    }

    fn answer(method: &str, members: &str) -> core::result::Result<&'static str, i32> {
        let mut call = std::format!(
            "<methodCall><methodName>{method}</methodName><params><param><value><struct>{members}\
             <member><name>authenticationUser</name><value>u</value></member>\
             <member><name>authenticationPassword</name><value>p</value></member>\
             </struct></value></param></params></methodCall>"
        )
        .into_bytes();
        let request = Request::decode_in_place(&mut call).map_err(|f| f.code())?;
        let cx = Cx(request.method());
        ready(async {
            crate::dispatch!(
                request,
                Three,
                &cx,
                |answer| answer.await.map(|a| a.0),
                Err(Fault::method_not_supported()),
            )
        })
        .map_err(|f| f.code())
    }

    const CONFERENCE: &str = "<member><name>conferenceName</name><value>c</value></member>";
    const PARTICIPANT: &str = "<member><name>conferenceName</name><value>c</value></member>\
        <member><name>participantName</name><value>p</value></member>\
        <member><name>participantProtocol</name><value>sip</value></member>\
        <member><name>participantType</name><value>by_name</value></member>";

    #[test]
    fn each_row_reaches_its_handler_method() {
        assert_eq!(
            answer("conference.destroy", CONFERENCE),
            Ok("conference_destroy")
        );
        assert_eq!(
            answer("participant.remove", PARTICIPANT),
            Ok("participant_remove")
        );
    }

    #[test]
    fn deprecated_aliases_reach_their_target() {
        assert_eq!(
            answer("conference.end", CONFERENCE),
            Ok("conference_destroy")
        );
        // participant.disconnect's default is participant_remove.
        assert_eq!(
            answer("participant.disconnect", PARTICIPANT),
            Ok("participant_remove")
        );
        // feedbackReceiver.configure, mapped onto the extended params.
        assert_eq!(
            answer(
                "feedbackReceiver.configure",
                "<member><name>receiverURI</name><value>http://r/</value></member>"
            ),
            Ok("feedback_receiver_configure")
        );
    }

    #[test]
    fn methods_a_handler_does_not_implement_are_fault_1() {
        assert_eq!(answer("device.query", ""), Err(1));
        assert_eq!(answer("participant.diagnostics", PARTICIPANT), Err(1));
        assert_eq!(answer("feedbackReceiver.extended.query", ""), Err(1));
    }
}
