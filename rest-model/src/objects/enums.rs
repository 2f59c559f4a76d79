//! The spec's enumerated strings. Objects keep these members as `&str`
//! (so a wrong value is kept and reported by the validation rules, never
//! lost); these enums name the valid values.

macro_rules! str_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alt:literal)* ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The JSON spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }

            /// The value for a JSON spelling (exact, case-sensitive).
            pub fn from_name(text: &str) -> Option<Self> {
                match text {
                    $( $text $(| $alt)* => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum! {
    /// A `Resources` dimension. TelePresence MCU: `ports`; TelePresence
    /// Server: `signalling`, `media`, `licences` (the spec's JSON examples
    /// spell it `licenses`, which is what [`Dimension::as_str`] gives; both
    /// spellings are accepted).
    pub enum Dimension {
        /// `ports` (TelePresence MCU).
        Ports = "ports",
        /// `signalling` (TelePresence Server calls).
        Signalling = "signalling",
        /// `media` (TelePresence Server).
        Media = "media",
        /// `licenses` / `licences` (TelePresence Server).
        Licences = "licenses" | "licences",
    }
}

str_enum! {
    /// `bridge_type`: the conference bridge type.
    pub enum BridgeType {
        /// `mcu`: TelePresence MCU.
        Mcu = "mcu",
        /// `tsmcu`: TelePresence Server.
        Tsmcu = "tsmcu",
    }
}

str_enum! {
    /// A `bridge_capabilities` entry.
    pub enum BridgeCapability {
        /// `cascading`
        Cascading = "cascading",
        /// `multiscreen`
        Multiscreen = "multiscreen",
        /// `role_by_pin` (the Alias table calls it `by_pin`; both accepted).
        RoleByPin = "role_by_pin" | "by_pin",
        /// `centralized_licensing`
        CentralizedLicensing = "centralized_licensing",
    }
}

str_enum! {
    /// `quality_type` of a QualitySpec.
    pub enum QualityType {
        /// `video`
        Video = "video",
        /// `content`
        Content = "content",
    }
}

str_enum! {
    /// An Alias `role`.
    pub enum AliasRole {
        /// `host`
        Host = "host",
        /// `guest`
        Guest = "guest",
        /// `by_pin`: the role is determined by the PIN entered.
        ByPin = "by_pin",
    }
}

str_enum! {
    /// An AutoDialedParticipant `role`.
    pub enum ParticipantRole {
        /// `host`
        Host = "host",
        /// `guest`
        Guest = "guest",
    }
}

str_enum! {
    /// The ConfBundle `layout`.
    pub enum Layout {
        /// `equal`: a grid of equal panes, up to 4x4.
        Equal = "equal",
        /// `active`: active speaker large, up to six PIPs.
        Active = "active",
        /// `prominent`: active speaker large, up to four small panes.
        Prominent = "prominent",
        /// `single`: the active speaker full screen.
        Single = "single",
    }
}

str_enum! {
    /// `multi_party_license`.
    pub enum MultiPartyLicense {
        /// `PMP`: personal multiparty license.
        Pmp = "PMP",
        /// `SMP`: shared multiparty license (the default).
        Smp = "SMP",
    }
}
