//! ITIL priority: impact × urgency → P1..P4 through a matrix admins may edit.

use crate::named_enum;

named_enum!(
    /// How many people or how much of the business a ticket affects; set by the agent at triage.
    Impact, "impact" {
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

named_enum!(
    /// How soon it hurts; stated by the customer.
    Urgency, "urgency" {
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

named_enum!(
    /// P1 is the most urgent. Ordering follows the variants, so sorting ascending puts P1 first.
    Priority, "priority" {
        P1 => "p1",
        P2 => "p2",
        P3 => "p3",
        P4 => "p4",
    }
);

impl Priority {
    /// 1 for P1 .. 4 for P4: the stored rank, sorted ascending in every queue.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL.get(usize::try_from(rank - 1).ok()?).copied()
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }
}

fn index3<T: PartialEq + Copy>(all: &[T], v: T) -> usize {
    all.iter().position(|x| *x == v).unwrap_or(0)
}

/// Rows are impact (high, medium, low), columns urgency (high, medium, low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PriorityMatrix(pub [[Priority; 3]; 3]);

impl Default for PriorityMatrix {
    /// The common ITIL 3×3 table.
    fn default() -> Self {
        use Priority::*;
        PriorityMatrix([[P1, P2, P3], [P2, P3, P4], [P3, P4, P4]])
    }
}

impl PriorityMatrix {
    pub fn priority(&self, impact: Impact, urgency: Urgency) -> Priority {
        self.0[index3(Impact::ALL, impact)][index3(Urgency::ALL, urgency)]
    }

    pub fn set(&mut self, impact: Impact, urgency: Urgency, priority: Priority) {
        self.0[index3(Impact::ALL, impact)][index3(Urgency::ALL, urgency)] = priority;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_separates_printer_from_office_outage() {
        let m = PriorityMatrix::default();
        // A printer that will not print: one person, can wait a little.
        assert_eq!(m.priority(Impact::Low, Urgency::Medium), Priority::P4);
        // An office without internet.
        assert_eq!(m.priority(Impact::High, Urgency::High), Priority::P1);
    }

    #[test]
    fn rank_round_trips_and_sorts_p1_first() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        assert!(Priority::P1 < Priority::P4);
        assert_eq!(Priority::from_rank(0), None);
        assert_eq!(Priority::from_rank(5), None);
    }

    #[test]
    fn matrix_is_editable() {
        let mut m = PriorityMatrix::default();
        m.set(Impact::Low, Urgency::Low, Priority::P3);
        assert_eq!(m.priority(Impact::Low, Urgency::Low), Priority::P3);
    }
}
