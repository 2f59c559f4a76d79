//! Declares a params struct: the given members followed by the
//! authentication members every call carries.

/// `params! { /// doc  pub struct Name<'a> { fields... } }` declares the
/// struct with `Clone, Debug, Default, PartialEq, Eq, Serialize,
/// Deserialize`, camelCase member names, and the required
/// `authenticationUser` / `authenticationPassword` members appended, and
/// its [`ParamsSchema`](crate::schema::ParamsSchema).
macro_rules! params {
    ($(#[$meta:meta])* pub struct $name:ident<'a> {
        $( $(#[$($fattr:tt)*])* pub $field:ident : $ty:ty, )*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name<'a> {
            $( $(#[$($fattr)*])* pub $field: $ty, )*
            /// `authenticationUser`: a user with sufficient privilege
            /// (case sensitive). Required in every call.
            #[serde(borrow)]
            pub authentication_user: &'a str,
            /// `authenticationPassword`: that user's password (case
            /// sensitive). Required in every call. `Debug` prints
            /// `"***"`; on the wire it is the plain string.
            #[serde(borrow)]
            pub authentication_password: $crate::secret::Password<'a>,
        }

        credentials!($name);

        // Each member's wire name as serde derives it (the field's
        // `rename`, else its camelCase name) and type.
        $crate::schema::params_schema!($name {
            $( $crate::__wire_name!($field; $( [$($fattr)*] )*) => $ty, )*
        });

        impl<'a> $crate::request::DecodeParams<'a> for $name<'a> {}
    };
}

/// `credentials()` on a params struct (both params-declaring macros).
macro_rules! credentials {
    ($name:ident) => {
        impl<'a> $name<'a> {
            /// `authenticationUser` / `authenticationPassword`, as given (see
            /// [`Request::credentials`](crate::Request::credentials)).
            pub fn credentials(&self) -> (&'a str, &'a str) {
                (
                    self.authentication_user,
                    self.authentication_password.as_str(),
                )
            }
        }
    };
}
