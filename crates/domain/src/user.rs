use crate::named_enum;

named_enum!(
    /// What a person may do; see SPEC §1.
    Role, "role" {
        Customer => "customer",
        Agent => "agent",
        Admin => "admin",
    }
);

impl Role {
    /// Agents and admins are "internal": they read every ticket and internal notes.
    pub fn is_internal(self) -> bool {
        matches!(self, Role::Agent | Role::Admin)
    }
}

/// A support level, 1 to 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Level(u8);

impl Level {
    pub const ONE: Level = Level(1);
    pub const ALL: [Level; 3] = [Level(1), Level(2), Level(3)];

    pub fn new(n: i64) -> Option<Level> {
        (1..=3).contains(&n).then_some(Level(n as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        Level::new(n).ok_or_else(|| serde::de::Error::custom("level must be 1, 2 or 3"))
    }
}
