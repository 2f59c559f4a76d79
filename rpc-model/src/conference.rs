//! `conference.*`: params and replies, and the conference struct of
//! `conference.enumerate`.

use serde::{Deserialize, Serialize};

use crate::enums::{Encryption, FactoryTemplateType, WebEx};
use crate::value::{opt_bool, opt_bool_or_int, EnumerateId};

/// Capacity of [`ConferenceEnumerateReply::conferences`] when decoding
/// with the default type.
pub const DEFAULT_CONFERENCES_CAPACITY: usize = 16;

table_params! {
    /// `conference.create` params (deprecated method).
    pub struct ConferenceCreateParams<'a> {
        /// `conferenceName` (required): the conference to create.
        pub conference_name: &'a str => "conferenceName" Str,
        /// `durationSeconds`: how long the conference is active; 0 is unlimited.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub duration_seconds: Option<i32> => "durationSeconds" OptI32,
        /// `reservedVideoPorts`: video ports to reserve.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub reserved_video_ports: Option<i32> => "reservedVideoPorts" OptI32,
        /// `encryption`: `optional`, `required` or `forbidden`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub encryption: Option<Encryption> => "encryption" OptEncryption,
    }
}

table_params! {
    /// `conference.destroy` and `conference.end` params.
    pub struct ConferenceDestroyParams<'a> {
        /// `conferenceName` (required): the conference to end.
        pub conference_name: &'a str => "conferenceName" Str,
    }
}

table_params! {
    /// `conference.enumerate` params. The spec lists none; `enumerateID`
    /// is the MCU API's continuation token, accepted and echoed opaquely.
    pub struct ConferenceEnumerateParams<'a> {
        /// `enumerateID`: continuation from a previous reply.
        #[serde(rename = "enumerateID", skip_serializing_if = "Option::is_none")]
        pub enumerate_id: Option<EnumerateId<'a>> => "enumerateID" OptId,
    }
}

params! {
    /// `conference.modify` params (deprecated method). Note the spec's
    /// fault 22: the Conductor does not support `locked` here; decoding
    /// accepts it and leaves that decision to the server.
    pub struct ConferenceModifyParams<'a> {
        /// `conferenceName` (required): the conference to modify.
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `h239Important`: whether the H.239 channel is important.
        #[serde(rename = "h239Important", default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub h239_important: Option<bool>,
        /// `customLayoutEnabled`: whether to use `customLayout`.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub custom_layout_enabled: Option<bool>,
        /// `newParticipantsCustomLayout`: new participants use `customLayout`.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub new_participants_custom_layout: Option<bool>,
        /// `setAllParticipantsToCustomLayout`: switch everyone now.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub set_all_participants_to_custom_layout: Option<bool>,
        /// `customLayout`: the layout index.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub custom_layout: Option<i32>,
        /// `locked`: whether the conference is locked.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub locked: Option<bool>,
    }
}

/// A conference struct of `conference.enumerate`: the Conductor's added
/// members plus the common MCU ones. Every member is optional (the spec
/// warns replies may be incomplete) and unknown members are ignored.
///
/// `Serialize` is table-driven (`reply_ser`); the member attributes name
/// the members for `Deserialize`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conference<'a> {
    /// `conferenceName`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_name: Option<&'a str>,
    /// `factoryTemplateType`: `meet`, `lesson` or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_template_type: Option<FactoryTemplateType>,
    /// `isCascaded`: whether the conference is cascaded.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_cascaded: Option<bool>,
    /// `factoryConferenceId`: the Conductor's tracking identifier.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conference_id: Option<&'a str>,
    /// `factoryWebEx`: `None`, `SIP` or `SIP-TSP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_web_ex: Option<WebEx>,
    /// `factoryConfBundleId`: the CMR's UUID (only for CMRs).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conf_bundle_id: Option<&'a str>,
    /// `factoryOwnerId`: the CMR's owner.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_owner_id: Option<&'a str>,
    /// `encryption`: `optional`, `required` or `forbidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    /// `locked`: whether new participants are kept from dialling in.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub locked: Option<bool>,
    /// `conferenceType` (MCU).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_type: Option<&'a str>,
    /// `description` (MCU).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    /// `uniqueId` (MCU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<i32>,
    /// `numericId` (MCU): the conference's numeric dial ID.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub numeric_id: Option<&'a str>,
    /// `active` (MCU): whether the conference is running.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub active: Option<bool>,
    /// `durationSeconds` (MCU): 0 is unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i32>,
    /// `maximumVideoPorts` (MCU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_video_ports: Option<i32>,
    /// `reservedVideoPorts` (MCU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_video_ports: Option<i32>,
}

impl Serialize for Conference<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::reply_ser::{serialize_members, Member::*};
        serialize_members(
            serializer,
            "Conference",
            &[
                ("conferenceName", Str(self.conference_name)),
                (
                    "factoryTemplateType",
                    Str(self.factory_template_type.map(FactoryTemplateType::as_str)),
                ),
                ("isCascaded", Bool(self.is_cascaded)),
                ("factoryConferenceId", Str(self.factory_conference_id)),
                ("factoryWebEx", Str(self.factory_web_ex.map(WebEx::as_str))),
                ("factoryConfBundleId", Str(self.factory_conf_bundle_id)),
                ("factoryOwnerId", Str(self.factory_owner_id)),
                ("encryption", Str(self.encryption.map(Encryption::as_str))),
                ("locked", Bool(self.locked)),
                ("conferenceType", Str(self.conference_type)),
                ("description", Str(self.description)),
                ("uniqueId", I32(self.unique_id)),
                ("numericId", Str(self.numeric_id)),
                ("active", Bool(self.active)),
                ("durationSeconds", I32(self.duration_seconds)),
                ("maximumVideoPorts", I32(self.maximum_video_ports)),
                ("reservedVideoPorts", I32(self.reserved_video_ports)),
            ],
        )
    }
}

/// `conference.enumerate` reply.
///
/// `C` is the list type: a `heapless::Vec` of up to
/// [`DEFAULT_CONFERENCES_CAPACITY`] when decoding (choose another
/// capacity with `ConferenceEnumerateReply<'a, heapless::Vec<Conference<'a>, N>>`),
/// or a slice `&[Conference]` when encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConferenceEnumerateReply<
    'a,
    C = heapless::Vec<Conference<'a>, DEFAULT_CONFERENCES_CAPACITY>,
> {
    /// `enumerateID` (MCU): present when more results follow.
    #[serde(
        rename = "enumerateID",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enumerate_id: Option<EnumerateId<'a>>,
    /// `currentRevision` (MCU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i32>,
    /// `conferences`: the active primary conferences (empty if absent).
    #[serde(default)]
    pub conferences: C,
}
