//! `rest_object!`: one declaration per spec object gives the struct (every
//! attribute an `Option`, absent = `None`), its decoder (unknown keys
//! recorded by name) and its encoder.

macro_rules! rest_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $json:literal $(@$null:ident)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
        }

        impl<'a> $name<'a> {
            /// The JSON member names this object defines, in the spec's order.
            pub const KEYS: &'static [&'static str] = &[ $( $json, )* ];
        }

        impl<'a> $crate::decode::Decode<'a> for $name<'a> {
            fn decode(
                d: &mut $crate::decode::Decoder<'a, '_>,
                path: $crate::path::JsonPath<'a>,
            ) -> Result<Option<Self>, $crate::json::SyntaxError> {
                let mut out = $name::default();
                let ok = d.object(path, |d, key, p| {
                    match key {
                        $( $json => out.$field = d.field::<$ty>(p)?, )*
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?;
                Ok(ok.then_some(out))
            }
        }

        impl $crate::json::Encode for $name<'_> {
            fn encode(&self, w: &mut dyn core::fmt::Write) -> core::fmt::Result {
                let mut o = $crate::json::ObjectWriter::new(w)?;
                $( rest_object!(@field o, $json, self.$field $(, $null)?); )*
                o.end()
            }
        }
    };
    (@field $o:ident, $json:literal, $value:expr) => {
        $o.opt($json, &$value)?
    };
    (@field $o:ident, $json:literal, $value:expr, null) => {
        $o.field($json, &$value)?
    };
}
