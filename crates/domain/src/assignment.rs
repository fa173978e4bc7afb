//! Who gets a new ticket: the active agent with the fewest unresolved tickets; ties go to the one
//! who least recently received a ticket (never-assigned agents first), then the lowest id so the
//! choice is deterministic.

use crate::Millis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentCandidate {
    pub agent_id: i64,
    pub unresolved: i64,
    pub last_assigned_at: Option<Millis>,
}

pub fn pick_assignee(candidates: &[AssignmentCandidate]) -> Option<&AssignmentCandidate> {
    candidates.iter().min_by_key(|c| {
        (
            c.unresolved,
            c.last_assigned_at.unwrap_or(i64::MIN),
            c.agent_id,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(agent_id: i64, unresolved: i64, last: Option<Millis>) -> AssignmentCandidate {
        AssignmentCandidate {
            agent_id,
            unresolved,
            last_assigned_at: last,
        }
    }

    #[test]
    fn fewest_unresolved_wins() {
        let all = [c(1, 3, None), c(2, 1, Some(50)), c(3, 2, None)];
        assert_eq!(pick_assignee(&all).map(|c| c.agent_id), Some(2));
    }

    #[test]
    fn tie_goes_to_least_recently_assigned() {
        let all = [c(1, 1, Some(100)), c(2, 1, Some(50)), c(3, 1, Some(70))];
        assert_eq!(pick_assignee(&all).map(|c| c.agent_id), Some(2));
        let with_new = [c(1, 1, Some(100)), c(2, 1, None)];
        assert_eq!(pick_assignee(&with_new).map(|c| c.agent_id), Some(2));
    }

    #[test]
    fn nobody_available() {
        assert_eq!(pick_assignee(&[]), None);
    }

    proptest::proptest! {
        /// Repeatedly assigning to the pick keeps loads within one of each other.
        #[test]
        fn repeated_picks_stay_balanced(agents in 1usize..8, tickets in 0usize..200) {
            let mut cands: Vec<_> = (0..agents).map(|i| c(i as i64, 0, None)).collect();
            for t in 0..tickets {
                let id = pick_assignee(&cands).unwrap().agent_id as usize;
                cands[id].unresolved += 1;
                cands[id].last_assigned_at = Some(t as i64);
            }
            let max = cands.iter().map(|c| c.unresolved).max().unwrap();
            let min = cands.iter().map(|c| c.unresolved).min().unwrap();
            proptest::prop_assert!(max - min <= 1);
        }
    }
}
