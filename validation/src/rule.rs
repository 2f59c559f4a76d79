//! Every rule of the spec this crate checks: its name (the checking
//! function's name, after the spec's wording), the error it gives (a REST
//! error code or an XML-RPC fault code) and the message put in the error
//! body.

use baton_rest::ErrorCode;
use baton_rpc::FaultCode;

/// The error a rule's violation is answered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// A REST error code (20 validation, 30 logical).
    Rest(ErrorCode),
    /// An XML-RPC fault code.
    Fault(FaultCode),
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $code:expr, $message:literal; )*) => {
        /// A rule of the spec.
        ///
        /// ```
        /// use baton_rest::ErrorCode;
        /// use baton_validate::{Code, Rule};
        ///
        /// let r = Rule::Pin;
        /// assert_eq!(r.name(), "pin_must_be_digits_less_than_32_characters"); // its function
        /// assert_eq!(r.code(), Code::Rest(ErrorCode::Validation)); // answered with error 20
        /// assert!(!r.message().is_empty()); // the text in the error body
        /// // Every rule's name is unique.
        /// let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        /// names.sort();
        /// names.dedup();
        /// assert_eq!(names.len(), Rule::ALL.len());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The rule's name: the name of the function that checks it.
            pub const fn name(self) -> &'static str {
                match self { $( Rule::$variant => $name, )* }
            }

            /// The error its violation is answered with.
            pub const fn code(self) -> Code {
                match self { $( Rule::$variant => $code, )* }
            }

            /// The message for the error body.
            pub const fn message(self) -> &'static str {
                match self { $( Rule::$variant => $message, )* }
            }
        }
    };
}

const V: Code = Code::Rest(ErrorCode::Validation);
const L: Code = Code::Rest(ErrorCode::Logical);
const INVALID: Code = Code::Fault(FaultCode::InvalidParameter);
const MISSING: Code = Code::Fault(FaultCode::MissingParameter);
const MISMATCHED: Code = Code::Fault(FaultCode::MismatchedParameters);

rules! {
    // ConfBundle
    /// Mandatory attributes (ConfBundle, Alias, AutoDialedParticipant) must be supplied.
    MandatoryAttribute => "mandatory_attributes_must_be_supplied", V, "required key not provided";
    /// `service_preference_id` must point to a configured Service Preference.
    ServicePreferenceMustBeConfigured => "service_preference_must_be_configured", L, "Service Preference is not configured on this TelePresence Conductor";
    /// `aliases` contains between 1 and 10 elements.
    AliasesBetween1And10 => "aliases_must_contain_between_1_and_10_elements", V, "must contain between 1 and 10 elements";
    /// `max_participants` must be 0 or between 2 and 2400.
    MaxParticipants => "max_participants_must_be_0_or_between_2_and_2400", V, "value must be 0 or between 2 and 2400";
    /// `max_duration` must be between 0 and 10080.
    MaxDuration => "max_duration_must_be_between_0_and_10080", V, "value must be between 0 and 10080";
    /// `content_quality` is mandatory if `allow_content` is true.
    ContentQualityMandatory => "content_quality_is_mandatory_if_allow_content_is_true", V, "required key not provided (allow_content is true)";
    /// Qualities must be from `QualityInfo[ServiceInfo.qualities]`.
    QualityFromServicePreference => "quality_must_be_from_the_service_preference_qualities", L, "quality is not supported for this Service Preference";
    /// `content_quality` must have `quality_type` content.
    ContentQualityType => "content_quality_type_must_be_content", L, "quality_type must be content";
    /// Host, guest and participant qualities must have `quality_type` video.
    VideoQualityType => "host_guest_and_participant_quality_type_must_be_video", L, "quality_type must be video";
    /// `layout` must be equal, active, prominent or single.
    Layout => "layout_must_be_equal_active_prominent_or_single", V, "not a valid value";
    /// `reserved_hosts` / `reserved_cascades` are numbers (of hosts, of cascades): not negative.
    ReservedCount => "reserved_hosts_and_reserved_cascades_must_not_be_negative", V, "value must not be negative";
    /// `max_num_of_screens` is in the range of 1 to 4.
    MaxNumOfScreens => "max_num_of_screens_must_be_in_the_range_1_to_4", V, "value must be between 1 and 4";
    /// `auto_dialed_participants` has 1 to 10 elements.
    AutoDialedParticipantsBetween1And10 => "auto_dialed_participants_must_have_1_to_10_elements", V, "must contain between 1 and 10 elements";
    /// `multi_party_license` is PMP or SMP.
    MultiPartyLicense => "multi_party_license_must_be_pmp_or_smp", V, "not a valid value";
    /// `conference_name` / `version_id` must not be supplied in a PUT.
    ReadOnlyAttribute => "conference_name_and_version_id_must_not_be_supplied_in_a_put", V, "read-only attribute must not be supplied";
    /// All Strings must be less than 1024 characters.
    StringLength => "strings_must_be_less_than_1024_characters", V, "length of value must be less than 1024 characters";
    /// Stored Strings hold only XML 1.0 characters (no control character but tab, LF, CR).
    StringCharacters => "strings_must_be_xml_characters", V, "must contain only characters XML can carry (no control character other than tab, LF and CR, no U+FFFE or U+FFFF)";
    /// `participant_protocol` cannot be changed: it is always SIP.
    ParticipantProtocol => "participant_protocol_is_always_sip", V, "participant_protocol cannot be changed, it is always SIP";

    // Role determined by PIN
    /// Either all aliases have the role by_pin, or none of them.
    AllAliasesByPinOrNone => "all_aliases_must_be_by_pin_or_none", V, "either all aliases must have the role by_pin or none";
    /// by_pin only if the Service Preference's bridge supports role_by_pin.
    ByPinNeedsCapability => "by_pin_only_if_bridge_capabilities_include_role_by_pin", L, "the Service Preference does not support role by PIN";
    /// With by_pin aliases, `host_pin` must be provided.
    HostPinForByPin => "host_pin_must_be_provided_for_by_pin", V, "required key not provided (aliases have the role by_pin)";
    /// With by_pin aliases, `host_quality` must equal `guest_quality`.
    SameQualityForByPin => "host_quality_must_equal_guest_quality_for_by_pin", V, "host_quality must be the same as guest_quality (aliases have the role by_pin)";
    /// With by_pin aliases, auto-dialed participants must have the role host.
    HostParticipantsForByPin => "auto_dialed_participants_must_be_hosts_for_by_pin", V, "role must be host (aliases have the role by_pin)";
    /// With by_pin aliases, `keep_conference_alive` must be false or omitted.
    KeepAliveForByPin => "keep_conference_alive_must_be_false_for_by_pin", V, "must be false or omitted (aliases have the role by_pin)";

    // Alias
    /// An Alias `role` is host, guest or by_pin.
    AliasRole => "alias_role_must_be_host_guest_or_by_pin", V, "not a valid value";
    /// `exact_match` must be supplied in lower case.
    ExactMatchLowerCase => "exact_match_must_be_lower_case", V, "exact_match must be in lower case";
    /// `exact_match` must be unique on this TelePresence Conductor.
    ExactMatchUnique => "exact_match_must_be_unique", L, "exact_match is already in use";

    // AutoDialedParticipant
    /// An AutoDialedParticipant `role` is host or guest.
    ParticipantRole => "participant_role_must_be_host_or_guest", V, "not a valid value";
    /// `dtmf` can include the digits 0-9 and `*`, `#` and `,`.
    Dtmf => "dtmf_may_contain_only_digits_star_hash_and_comma", V, "may contain only the digits 0-9, '*', '#' and ','";
    /// `dtmf` must not be longer than 31 characters.
    DtmfLength => "dtmf_must_not_be_longer_than_31_characters", V, "length of value must be at most 31";

    // PINs
    /// `host_pin` / `guest_pin`: digits, less than 32 characters.
    Pin => "pin_must_be_digits_less_than_32_characters", V, "must be a series of digits, less than 32 characters";

    // Advanced parameters
    /// Prohibited advanced parameters are rejected.
    ProhibitedAdvancedParameter => "prohibited_advanced_parameters_are_rejected", V, "prohibited advanced parameter";
    /// Discouraged advanced parameters are accepted (reported as warnings).
    DiscouragedAdvancedParameter => "discouraged_advanced_parameters_are_reported", V, "discouraged advanced parameter";
    /// `cascade_advanced_parameters` must not include `pin` / `guestPin`.
    CascadePin => "cascade_advanced_parameters_must_not_include_pin_or_guest_pin", V, "cascade advanced parameters must not include pin or guestPin";

    // SIP domain, Owners, ServiceCost, Resources
    /// SIPDomain: null, or 1-253 letters, digits, hyphens, underscores, periods.
    SipDomain => "sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods", V, "must be null or 1 to 253 letters, digits, hyphens, underscores and periods";
    /// `owners` has at most 100 elements.
    OwnersAtMost100 => "owners_must_have_at_most_100_elements", V, "must contain at most 100 elements";
    /// The servicecost alias must not be more than 1024 characters.
    ServiceCostAliasLength => "servicecost_alias_must_not_be_more_than_1024_characters", V, "alias must not be more than 1024 characters";
    /// The servicecost alias must not include a regular expression.
    ServiceCostAliasRegex => "servicecost_alias_must_not_include_a_regular_expression", V, "alias must not include a regular expression";
    /// A Resources `dimension` must be less than 128 characters.
    DimensionLength => "dimension_must_be_less_than_128_characters", V, "length of value must be less than 128 characters";

    // XML-RPC parameters
    /// `factoryResourceLimits.signalling` / `.ports`: accepted values are 0 to 2400.
    ResourceLimit => "signalling_and_ports_accepted_values_are_0_to_2400", INVALID, "accepted values are 0 to 2400";
    /// `factoryMinDurationMinutes` must not be larger than `factoryMaxDurationMinutes`.
    MinDuration => "min_duration_must_not_be_larger_than_max_duration", MISMATCHED, "factoryMinDurationMinutes is larger than factoryMaxDurationMinutes";
    /// Duration minutes are not negative.
    DurationMinutes => "duration_minutes_must_not_be_negative", INVALID, "must not be negative";
    /// `receiverIndex` must be in the range 1-20, or < 0 for any free slot.
    ReceiverIndex => "receiver_index_must_be_1_to_20_or_negative", INVALID, "must be in the range 1 to 20, or negative";
    /// `receiverURI`: protocol http or https, with a host.
    ReceiverUri => "receiver_uri_must_be_http_or_https", INVALID, "must be an http or https URI with a host";
    /// `subscribedEvents` are names of the notification events.
    SubscribedEvents => "subscribed_events_must_be_event_names", INVALID, "not a notification event name";
    /// `participant.message` `message`: at most 500 characters (TelePresence Server) or 255 (MCU).
    MessageLength => "message_must_be_at_most_500_or_255_characters", INVALID, "message too long for the conference bridge";
    /// `participant.message` `duration` must be greater than or equal to 0.
    MessageDuration => "duration_must_be_greater_than_or_equal_to_0", INVALID, "must be greater than or equal to 0";
    /// `borderWidth` must be in the range from 0 to 3.
    BorderWidth => "border_width_must_be_0_to_3", INVALID, "must be in the range 0 to 3";
    /// `audioRxGainMilliDb` only applies when `audioRxGainMode` is fixed.
    AudioRxGain => "audio_rx_gain_milli_db_only_with_fixed_gain_mode", MISMATCHED, "audioRxGainMilliDb needs audioRxGainMode fixed";
    /// `factory.webex.add` requires `sipUri`.
    WebexSipUri => "webex_add_requires_sip_uri", MISSING, "missing parameter";
    /// `factory.webex.add` on a SIP-TSP conference requires `audioDn`.
    WebexAudioDn => "webex_add_sip_tsp_requires_audio_dn", Code::Fault(FaultCode::RequiredValueMissing), "required value missing";
    /// `factory.webex.add` `bandwidth` (Kbps) must be a positive bit rate.
    WebexBandwidth => "webex_bandwidth_must_be_a_positive_bit_rate", Code::Fault(FaultCode::UnsupportedBitRate), "unsupported bit rate";
    /// `conference.create` `durationSeconds` and `reservedVideoPorts` are not negative.
    ConferenceCreateNotNegative => "duration_seconds_and_reserved_video_ports_must_not_be_negative", INVALID, "must not be negative";
    /// `conference.modify` custom layout parameters need `customLayoutEnabled` true.
    CustomLayoutEnabled => "custom_layout_parameters_are_only_valid_if_custom_layout_enabled", MISMATCHED, "only valid if customLayoutEnabled is true";
    /// `participant.add` `factoryNumScreens` is at least 1.
    NumScreens => "factory_num_screens_must_be_at_least_1", INVALID, "must be at least 1";
    /// `participant.add` `participantProtocol` for outdial calls: `sip` or `h323`.
    OutdialProtocol => "outdial_participant_protocol_must_be_sip_or_h323", Code::Fault(FaultCode::UnsupportedProtocol), "the protocol for outdial calls is sip or h323";
    /// `addAsGuest` true is rejected on Meeting-type conferences.
    AddAsGuest => "add_as_guest_rejected_on_meeting_conferences", INVALID, "addAsGuest cannot be true on a Meeting-type conference";
    /// `dtmfSequence` / `dtmf` may contain 0-9, `*`, `#` and `,`.
    DtmfSequence => "dtmf_sequence_may_contain_only_digits_star_hash_and_comma", INVALID, "may contain only the digits 0-9, '*', '#' and ','";
    /// String parameters that are stored hold only XML 1.0 characters.
    ParameterCharacters => "string_parameters_must_be_xml_characters", INVALID, "must contain only characters XML can carry";
    /// `factoryResourceLimits` `media` / `licences` are not negative.
    ResourceLimitNotNegative => "media_and_licences_limits_must_not_be_negative", INVALID, "must not be negative";
    /// `factory.conferencemodify` `factoryResourceLimits` not smaller than the actual usage.
    ResourceLimitBelowUsage => "resource_limits_must_not_be_smaller_than_the_actual_usage", Code::Fault(FaultCode::NewPortLimitTooLow), "new port limit lower than currently active";
    /// Participants join only within the conference's `factoryResourceLimits`.
    ResourceLimitsExceeded => "participants_must_fit_the_factory_resource_limits", Code::Fault(FaultCode::TooManyParticipants), "too many participants";
    /// `participant.modify` on a WebEx conference: only the five parameters the spec lists.
    WebexParticipantModify => "for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported", MISMATCHED, "not supported for WebEx conferences";
    /// `factory.conferencemodify` `factoryMinDurationMinutes` not smaller than the running time.
    MinDurationRunningTime => "min_duration_must_not_be_smaller_than_the_running_time", INVALID, "smaller than the conference's running time";
    /// `factoryMaxDurationMinutes` within the conference template's duration limit.
    MaxDurationTemplate => "max_duration_must_not_exceed_the_template_limit", INVALID, "larger than the conference template's duration limit";
    /// `factoryOverridePIN` / `factoryOverrideGuestPIN`: digits, less than 32 characters.
    OverridePin => "override_pin_must_be_digits_less_than_32_characters", Code::Fault(FaultCode::InvalidPin), "invalid PIN specified";
}
