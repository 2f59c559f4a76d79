//! The Conductor's XML-RPC fault codes (spec, "Fault Codes") and the
//! [`Fault`] value a server sends back.
//!
//! Every code of the spec's table is a [`FaultCode`] with its number, its
//! exact message text (the `faultString` the Conductor sends) and the
//! table's description. [`Fault`] is a code plus its message, held in a
//! fixed buffer (no allocation); the parameter faults carry the parameter
//! name in the spec's format, e.g. `missing parameter - conferenceName`.

use core::fmt;

/// Capacity, in bytes, of a [`Fault`] message.
///
/// The longest table message is 48 bytes; the parameter faults add
/// ` - <name>` (at most 58 bytes with this crate's parameter names). A
/// longer message is cut at a character boundary. (Kept small so that
/// `Result<_, Fault>` stays cheap to return.)
pub const FAULT_MESSAGE_CAPACITY: usize = 112;

macro_rules! fault_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $message:literal, $description:literal; )*) => {
        /// A fault code from the spec's fault table.
        ///
        /// ```
        /// use baton_rpc::FaultCode;
        ///
        /// let c = FaultCode::from_code(4).unwrap();
        /// assert_eq!(c, FaultCode::NoSuchConference);
        /// assert_eq!((c.code(), c.message()), (4, "no such conference or auto attendant"));
        /// assert!(c.description().starts_with("The conference or auto attendant"));
        /// assert_eq!(FaultCode::from_code(99_999), None);
        /// assert!(FaultCode::ALL.windows(2).all(|w| w[0].code() < w[1].code()));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[repr(i32)]
        pub enum FaultCode {
            $( $(#[$doc])* $variant = $code, )*
        }

        impl FaultCode {
            /// Every code of the table, in ascending order.
            pub const ALL: &'static [FaultCode] = &[ $( FaultCode::$variant, )* ];

            /// The code's number (the `faultCode` member).
            pub const fn code(self) -> i32 {
                self as i32
            }

            /// The code's exact message text, as sent in `faultString`
            /// (e.g. `method not supported`).
            pub const fn message(self) -> &'static str {
                match self { $( FaultCode::$variant => $message, )* }
            }

            /// The spec table's explanation of the code (empty when the
            /// table gives none).
            pub const fn description(self) -> &'static str {
                match self { $( FaultCode::$variant => $description, )* }
            }

            /// The table entry for a number, or `None` for a number the
            /// table does not list.
            pub const fn from_code(code: i32) -> Option<FaultCode> {
                match code { $( $code => Some(FaultCode::$variant), )* _ => None }
            }
        }
    };
}

fault_codes! {
    /// 1: the method is not supported on this device.
    MethodNotSupported = 1, "method not supported", "This method is not supported on this device.";
    /// 2: the conference name is already in use.
    DuplicateConferenceName = 2, "duplicate conference name", "A conference name was specified, but is already in use.";
    /// 3: the participant name is already in use.
    DuplicateParticipantName = 3, "duplicate participant name", "A participant name was specified, but is already in use.";
    /// 4: no conference or auto attendant matches.
    NoSuchConference = 4, "no such conference or auto attendant", "The conference or auto attendant identification given does not match any conference or auto attendant.";
    /// 5: no participant matches.
    NoSuchParticipant = 5, "no such participant", "The participant identification given does not match any participants.";
    /// 6: the conference limit is reached.
    TooManyConferences = 6, "too many conferences", "The device has reached the limit of the number of conferences that can be configured.";
    /// 7: the participant limit is reached.
    TooManyParticipants = 7, "too many participants", "The device has reached the limit of the number of participants that can be configured and no more can be created.";
    /// 8: a conference name (or auto attendant id) is required but absent.
    NoConferenceName = 8, "no conference name or auto attendant id supplied", "A conference name or auto attendant identifier is required, but is not present.";
    /// 9: a participant name is required but absent.
    NoParticipantName = 9, "no participant name supplied", "A participant name is required but is not present.";
    /// 10: a participant address is required but absent.
    NoParticipantAddress = 10, "no participant address supplied", "A participant address is required but is not present.";
    /// 11: the conference start time is not valid.
    InvalidStartTime = 11, "invalid start time specified", "A conference start time is not valid.";
    /// 12: the conference end time is not valid.
    InvalidEndTime = 12, "invalid end time specified", "A conference end time is not valid.";
    /// 13: a PIN is not a valid series of digits.
    InvalidPin = 13, "invalid PIN specified", "A PIN specified is not a valid series of digits.";
    /// 14: the operation is not permitted on this device.
    AuthorizationFailed = 14, "authorization failed", "The requested operation is not permitted on this device.";
    /// 15: the user/password combination is not valid for the operation.
    InsufficientPrivileges = 15, "insufficient privileges", "The specified user id and password combination is not valid for the attempted operation.";
    /// 16: the `enumerateID` is not one the device returned.
    InvalidEnumerateId = 16, "invalid enumerateID value", "An enumerate ID passed to an enumerate method invocation was invalid. Only values returned by the device should be used in enumerate methods.";
    /// 17: `reservedAudioPorts` / `reservedVideoPorts` too high.
    PortReservationFailure = 17, "port reservation failure", "This is in the case that reservedAudioPorts or reservedVideoPorts value is set too high, and the device cannot support this.";
    /// 18: the numeric ID is already in use.
    DuplicateNumericId = 18, "duplicate numeric ID", "A numeric ID was given, but this ID is already in use.";
    /// 19: the protocol is not valid for this method.
    UnsupportedProtocol = 19, "unsupported protocol", "A protocol is used which does not correspond to any valid protocol for this method. In particular, this is used for participant identification where an invalid protocol is specified.";
    /// 20: the participant type is unknown.
    UnsupportedParticipantType = 20, "unsupported participant type", "A participant type is used which does not correspond to any participant type known to the device.";
    /// 21: a conference alias is required but absent.
    NoConferenceAlias = 21, "no conference alias supplied", "A conference alias is required but is not present.";
    /// 22: `conference.modify`'s `locked` is not supported.
    LockedParamUnsupported = 22, "conference.modify 'locked' param unsupported", "The conference.modify parameter 'locked' is not supported in the TelePresence Conductor API.";
    /// 25: the new port limit is lower than the ports in use.
    NewPortLimitTooLow = 25, "new port limit lower than currently active", "";
    /// 26: floor control is not enabled for the conference.
    FloorControlNotEnabled = 26, "floor control not enabled for this conference", "";
    /// 27: the template was not found.
    NoSuchTemplate = 27, "no such template", "The specified template was not found.";
    /// 30: the bit rate is not supported.
    UnsupportedBitRate = 30, "unsupported bit rate", "A call tried to set a bit rate that the device does not support.";
    /// 31: the template name is already in use.
    TemplateNameInUse = 31, "template name in use", "This occurs when trying to create or rename a template to have the same name as an existing template.";
    /// 32: the limit of 100 templates is reached.
    TooManyTemplates = 32, "too many templates", "This occurs when trying to create a new template after the limit of 100 templates has been reached.";
    /// 36: a value the MCU requires is missing.
    RequiredValueMissing = 36, "required value missing", "The call has omitted a value that the TelePresence MCU requires to make the change requested by the call.";
    /// 42: the port number is used by another service.
    PortConflict = 42, "port conflict", "The call attempts to set a port number that is already in use by another service.";
    /// 43: a route with the same destination and prefix length exists.
    RouteAlreadyExists = 43, "route already exists", "The call attempts to add a route that has the same destination and prefixLength as a route that already exists on the TelePresence Conductor.";
    /// 44: the route is to a forbidden subnet.
    RouteRejected = 44, "route rejected", "The call attempts to add a route to a forbidden subnet";
    /// 45: the route limit would be exceeded.
    TooManyRoutes = 45, "too many routes", "The call cannot add the route because doing so would exceed the allowed number of routes.";
    /// 46: no route has the given `routeId`.
    NoSuchRoute = 46, "no such route", "The TelePresence Conductor has no record of a route that has the provided routeId.";
    /// 48: the route destination is more specific than its prefix length.
    IpAddressOverflowsPrefixLength = 48, "IP address overflows prefix length", "The call attempts to make a route destination more specific than the range defined by the prefixLength.";
    /// 49: the operation would disable the active interface.
    WouldDisableActiveInterface = 49, "operation would disable active interface", "";
    /// 101: a required parameter is absent (`missing parameter - <name>`).
    MissingParameter = 101, "missing parameter", "This is given when a required parameter is absent. The parameter in question is given in the fault String in the format \"missing parameter - parameter_name\".";
    /// 102: a parameter is outside its valid values (`invalid parameter - <name>`).
    InvalidParameter = 102, "invalid parameter", "This is given when a parameter was successfully parsed, is of the correct type, but falls outside the valid values; for example an Integer is too high or a String value for a protocol contains an invalid protocol. The parameter in question is given in the fault String in the format \"invalid parameter - parameter_name\".";
    /// 103: a parameter cannot be read, e.g. wrong type (`malformed parameter - <name>`).
    MalformedParameter = 103, "malformed parameter", "This is given when a parameter of the correct name is present, but cannot be read for some reason; for example the parameter is supposed to be an Integer, but is given as a String. The parameter in question is given in the fault String in the format \"malformed parameter - parameter_name\".";
    /// 104: related parameters are not supported together.
    MismatchedParameters = 104, "mismatched parameters", "The call provides related parameters that, when considered together, are not expected/supported.";
    /// 201: generic failure.
    OperationFailed = 201, "operation failed", "This is a generic fault for when an operation does not succeed as required.";
}

impl fmt::Display for FaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A fault: a code and its `faultString`, held without allocation.
///
/// Faults built here always carry a code from the spec's table; a fault
/// received from a peer may carry any number ([`Fault::from_raw`]), so the
/// code is kept as the raw `i32` and [`Fault::fault_code`] maps it back.
///
/// ```
/// use baton_rpc::{Fault, FaultCode};
///
/// let f = Fault::new(FaultCode::NoSuchParticipant);
/// assert_eq!((f.code(), f.message()), (5, "no such participant"));
/// // The parameter faults name the member.
/// assert_eq!(Fault::missing_parameter("conferenceName").message(), "missing parameter - conferenceName");
/// assert_eq!(Fault::invalid_parameter("ports").code(), 102);
/// assert_eq!(Fault::malformed_parameter("locked").to_string(), "fault 103: malformed parameter - locked");
/// // A peer's fault may carry any code.
/// let remote = Fault::from_raw(4242, "bridge says no");
/// assert_eq!((remote.code(), remote.fault_code()), (4242, None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fault {
    code: i32,
    message: heapless::String<FAULT_MESSAGE_CAPACITY, u8>,
}

impl Fault {
    /// The fault for `code` with the code's own message text.
    pub fn new(code: FaultCode) -> Self {
        Self::from_raw(code.code(), code.message())
    }

    /// The fault for `code` with `message` as `faultString` (cut at
    /// [`FAULT_MESSAGE_CAPACITY`] bytes on a character boundary).
    pub fn with_message(code: FaultCode, message: &str) -> Self {
        Self::from_raw(code.code(), message)
    }

    /// A fault with any number and message, e.g. one received from a peer.
    pub fn from_raw(code: i32, message: &str) -> Self {
        let mut fault = Fault {
            code,
            message: heapless::String::new(),
        };
        fault.push(message);
        fault
    }

    /// `code`'s message followed by ` - <parameter>`: the format the spec
    /// prescribes for the parameter faults (101-103).
    pub fn for_parameter(code: FaultCode, parameter: &str) -> Self {
        let mut fault = Self::new(code);
        fault.push(" - ");
        fault.push(parameter);
        fault
    }

    /// 101 `missing parameter - <parameter>`.
    pub fn missing_parameter(parameter: &str) -> Self {
        Self::for_parameter(FaultCode::MissingParameter, parameter)
    }

    /// 102 `invalid parameter - <parameter>`.
    pub fn invalid_parameter(parameter: &str) -> Self {
        Self::for_parameter(FaultCode::InvalidParameter, parameter)
    }

    /// 103 `malformed parameter - <parameter>`.
    pub fn malformed_parameter(parameter: &str) -> Self {
        Self::for_parameter(FaultCode::MalformedParameter, parameter)
    }

    /// 201 `operation failed - unsupported encoding <name>`: a request in
    /// an encoding this decoder does not read (it reads UTF-8 in place; a
    /// server with memory to spare transcodes first, see
    /// `baton_xmlrpc::encoding`).
    ///
    /// ```
    /// let f = baton_rpc::Fault::unsupported_encoding("ISO-8859-1");
    /// assert_eq!(f.code(), 201);
    /// assert_eq!(f.message(), "operation failed - unsupported encoding ISO-8859-1");
    /// ```
    pub fn unsupported_encoding(encoding: &str) -> Self {
        let mut fault = Self::new(FaultCode::OperationFailed);
        fault.push(" - unsupported encoding ");
        fault.push(encoding);
        fault
    }

    /// 1 `method not supported`.
    pub fn method_not_supported() -> Self {
        Self::new(FaultCode::MethodNotSupported)
    }

    /// 201 `operation failed`.
    pub fn operation_failed() -> Self {
        Self::new(FaultCode::OperationFailed)
    }

    /// The fault for a required parameter that is absent: the specific
    /// code where the spec names one (`conferenceName` 8,
    /// `participantName` 9, `address` 10, `conferenceAlias` 21),
    /// otherwise 101 `missing parameter - <parameter>`.
    pub fn missing_required(parameter: &str) -> Self {
        match parameter {
            "conferenceName" => Self::new(FaultCode::NoConferenceName),
            "participantName" => Self::new(FaultCode::NoParticipantName),
            "address" => Self::new(FaultCode::NoParticipantAddress),
            "conferenceAlias" => Self::new(FaultCode::NoConferenceAlias),
            other => Self::missing_parameter(other),
        }
    }

    /// The `faultCode` number.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The table entry for [`Fault::code`], if the table lists it.
    pub fn fault_code(&self) -> Option<FaultCode> {
        FaultCode::from_code(self.code)
    }

    /// The `faultString`.
    pub fn message(&self) -> &str {
        self.message.as_str()
    }

    fn push(&mut self, text: &str) {
        let room = FAULT_MESSAGE_CAPACITY.saturating_sub(self.message.len());
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end = end.saturating_sub(1);
        }
        // Cannot fail: `end` bytes fit in the remaining room.
        let _ = self.message.push_str(text.get(..end).unwrap_or(""));
    }
}

impl From<FaultCode> for Fault {
    fn from(code: FaultCode) -> Self {
        Fault::new(code)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fault {}: {}", self.code, self.message)
    }
}

impl core::error::Error for Fault {}

/// Serializes as the XML-RPC fault struct: `faultCode` and `faultString`.
impl serde::Serialize for Fault {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Fault", 2)?;
        s.serialize_field("faultCode", &self.code)?;
        s.serialize_field("faultString", self.message())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_table_has_every_code_of_the_spec() {
        let codes: heapless::Vec<i32, 64> = FaultCode::ALL.iter().map(|c| c.code()).collect();
        let expected = [
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 25, 26,
            27, 30, 31, 32, 36, 42, 43, 44, 45, 46, 48, 49, 101, 102, 103, 104, 201,
        ];
        assert_eq!(codes.as_slice(), &expected[..]);
        for code in FaultCode::ALL {
            assert_eq!(FaultCode::from_code(code.code()), Some(*code));
        }
        assert_eq!(FaultCode::from_code(23), None);
        assert_eq!(FaultCode::from_code(0), None);
    }

    #[test]
    fn missing_parameter_fault_string_is_name_after_dash() {
        let f = Fault::missing_parameter("conferenceName");
        assert_eq!(f.code(), 101);
        assert_eq!(f.message(), "missing parameter - conferenceName");
        assert_eq!(
            Fault::invalid_parameter("encryption").message(),
            "invalid parameter - encryption"
        );
        assert_eq!(
            Fault::malformed_parameter("durationSeconds").message(),
            "malformed parameter - durationSeconds"
        );
        assert_eq!(Fault::invalid_parameter("x").code(), 102);
        assert_eq!(Fault::malformed_parameter("x").code(), 103);
    }

    #[test]
    fn missing_required_uses_the_spec_specific_codes() {
        assert_eq!(Fault::missing_required("conferenceName").code(), 8);
        assert_eq!(
            Fault::missing_required("conferenceName").message(),
            "no conference name or auto attendant id supplied"
        );
        assert_eq!(Fault::missing_required("participantName").code(), 9);
        assert_eq!(Fault::missing_required("address").code(), 10);
        assert_eq!(Fault::missing_required("conferenceAlias").code(), 21);
        assert_eq!(
            Fault::missing_required("sipUri").message(),
            "missing parameter - sipUri"
        );
    }

    #[test]
    fn long_fault_message_is_cut_on_a_char_boundary() {
        let long = "é".repeat(100); // 200 bytes
        let f = Fault::from_raw(7, &long);
        assert!(f.message().len() <= FAULT_MESSAGE_CAPACITY);
        assert_eq!(f.message().len(), FAULT_MESSAGE_CAPACITY);
        assert!(f.message().chars().all(|c| c == 'é'));
        assert_eq!(f.fault_code(), Some(FaultCode::TooManyParticipants));
        assert_eq!(Fault::from_raw(9999, "x").fault_code(), None);
    }
}
