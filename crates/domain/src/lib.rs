//! The service desk's types and rules. Pure: no IO, no clock reads (time is passed in), so every
//! rule here is unit-tested without a database.

pub mod assignment;
pub mod diff;
pub mod document;
pub mod duration;
pub mod priority;
pub mod text;
pub mod ticket;
pub mod user;
pub mod validate;

pub use assignment::{AssignmentCandidate, pick_assignee};
pub use duration::{format_duration, parse_duration};
pub use priority::{Impact, Priority, PriorityMatrix, Urgency};
pub use ticket::{Status, StatusChangeBy, TicketType, TransitionError, check_transition};
pub use user::{Level, Role};

/// Milliseconds since the Unix epoch: the one representation of an instant in the database
/// and the service layer (see DESIGN-NOTES "Times").
pub type Millis = i64;

pub const DAY_MS: Millis = 24 * 60 * 60 * 1000;

/// A value that does not parse as one of an enum's names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`; expected one of: {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Defines a lowercase-named enum with `as_str`, `FromStr`, `Display` and serde in one place,
/// so the database, the JSON API and the forms all spell a value the same way.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::UnknownValue {
                        what: $what,
                        value: s.to_string(),
                        expected: concat!($($text, " "),+),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use named_enum;

pub mod event;
pub use event::EventKind;
