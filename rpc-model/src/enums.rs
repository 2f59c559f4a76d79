//! Every enumerated string the spec defines, one enum each.
//!
//! Values are matched exactly (case-sensitive). An unknown value is a serde
//! `invalid_value` error, which request decoding turns into fault 102
//! `invalid parameter - <name>`; a non-string is a type error (fault 103).
//!
//! `Default` is the spec's stated default where it gives one (`optional`,
//! `None`, `middle-centre`, `ad_hoc`, `default`); otherwise the first or
//! most neutral value (`equal`, `sip`, `none`, `unknown`, `tsmcu`,
//! `VideoAudio`). It only serves `..Default::default()` construction.

use core::fmt;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident default $default:ident { $( $(#[$vdoc:meta])* $variant:ident = $text:literal, )* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The exact spelling on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }

            /// The value with this exact spelling.
            pub fn from_name(text: &str) -> Option<Self> {
                match text { $( $text => Some($name::$variant), )* _ => None }
            }
        }

        impl $crate::schema::MemberKind for $name {
            const KIND: $crate::schema::Kind = $crate::schema::Kind::Enum(&[$($text),*]);
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("one of:" $(, " ", $text)*))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_name(v).ok_or_else(|| {
                            E::invalid_value(serde::de::Unexpected::Str(v), &self)
                        })
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

string_enum! {
    /// `encryption`: the encryption requirement for endpoints.
    Encryption default Optional {
        /// `optional` (the default).
        Optional = "optional",
        /// `required`.
        Required = "required",
        /// `forbidden` (TelePresence Servers only).
        Forbidden = "forbidden",
    }
}

string_enum! {
    /// `webEx` / `factoryWebEx`: WebEx support of a conference.
    WebEx default None {
        /// `None`: no WebEx (the default).
        None = "None",
        /// `SIP`: resources for one call on the primary bridge.
        Sip = "SIP",
        /// `SIP-TSP`: resources for two calls (video and audio).
        SipTsp = "SIP-TSP",
    }
}

string_enum! {
    /// `factoryLayout`: the layout participants see when they join.
    FactoryLayout default Equal {
        /// `equal`: grid of equal panes.
        Equal = "equal",
        /// `active`: active speaker large, others in PIPs.
        Active = "active",
        /// `prominent`: active speaker large, others in small panes.
        Prominent = "prominent",
        /// `single`: active speaker full screen.
        Single = "single",
    }
}

string_enum! {
    /// `factoryPosition`: where `participant.message` text appears.
    FactoryPosition default MiddleCentre {
        /// `top-left`.
        TopLeft = "top-left",
        /// `top-centre`.
        TopCentre = "top-centre",
        /// `top-right`.
        TopRight = "top-right",
        /// `middle-left`.
        MiddleLeft = "middle-left",
        /// `middle-centre` (the default).
        MiddleCentre = "middle-centre",
        /// `middle-right`.
        MiddleRight = "middle-right",
        /// `bottom-left`.
        BottomLeft = "bottom-left",
        /// `bottom-centre`.
        BottomCentre = "bottom-centre",
        /// `bottom-right`.
        BottomRight = "bottom-right",
    }
}

string_enum! {
    /// `participantProtocol`.
    ParticipantProtocol default Sip {
        /// `h323`.
        H323 = "h323",
        /// `sip`.
        Sip = "sip",
        /// `vnc`.
        Vnc = "vnc",
    }
}

string_enum! {
    /// `participantType`.
    ParticipantType default AdHoc {
        /// `by_address`.
        ByAddress = "by_address",
        /// `by_name`.
        ByName = "by_name",
        /// `ad_hoc` (what the Conductor enforces for `participant.add`).
        AdHoc = "ad_hoc",
    }
}

string_enum! {
    /// `audioRxGainMode`.
    AudioRxGainMode default None {
        /// `none`.
        None = "none",
        /// `automatic`.
        Automatic = "automatic",
        /// `fixed` (gain from `audioRxGainMilliDb`).
        Fixed = "fixed",
    }
}

string_enum! {
    /// `suppressDtmf`: muting of DTMF tones.
    SuppressDtmf default Default {
        /// `fecc`.
        Fecc = "fecc",
        /// `always`.
        Always = "always",
        /// `never`.
        Never = "never",
        /// `default`.
        Default = "default",
    }
}

string_enum! {
    /// `factoryTemplateType`: the conference template type.
    FactoryTemplateType default Unknown {
        /// `meet`.
        Meet = "meet",
        /// `lesson`.
        Lesson = "lesson",
        /// `unknown`: the configuration changed since the conference started.
        Unknown = "unknown",
    }
}

string_enum! {
    /// `factoryBridgeType`: the conference bridge type.
    FactoryBridgeType default Tsmcu {
        /// `tsmcu` (TelePresence Server).
        Tsmcu = "tsmcu",
        /// `mcu` (TelePresence MCU).
        Mcu = "mcu",
    }
}

string_enum! {
    /// `factoryWebExCallType`.
    FactoryWebExCallType default VideoAudio {
        /// `VideoAudio`.
        VideoAudio = "VideoAudio",
        /// `Video`.
        Video = "Video",
        /// `Audio`.
        Audio = "Audio",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn enum_values_have_the_spec_spelling() {
        let s = |all: &[&str]| all.join(",");
        assert_eq!(
            s(&Encryption::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<std::vec::Vec<_>>()),
            "optional,required,forbidden"
        );
        assert_eq!(
            s(&WebEx::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<std::vec::Vec<_>>()),
            "None,SIP,SIP-TSP"
        );
        assert_eq!(FactoryPosition::ALL.len(), 9);
        assert_eq!(FactoryPosition::MiddleCentre.as_str(), "middle-centre");
        assert_eq!(ParticipantType::AdHoc.as_str(), "ad_hoc");
        assert_eq!(FactoryWebExCallType::VideoAudio.as_str(), "VideoAudio");
    }

    #[test]
    fn unknown_enum_value_is_an_invalid_value_error() {
        assert_eq!(
            serde_json::from_str::<ParticipantProtocol>(r#""sip""#).unwrap(),
            ParticipantProtocol::Sip
        );
        let e = serde_json::from_str::<ParticipantProtocol>(r#""SIP""#).unwrap_err();
        assert!(e.to_string().contains("invalid value"), "{e}");
        let e = serde_json::from_str::<ParticipantProtocol>("3").unwrap_err();
        assert!(e.to_string().contains("invalid type"), "{e}");
    }
}
