//! Ticket types, statuses and the status state machine of SPEC §2.

use crate::{Millis, named_enum};

named_enum!(
    /// Incident: something is broken. Request: something is wanted.
    TicketType, "type" {
        Incident => "incident",
        Request => "request",
    }
);

named_enum!(
    /// Exactly the three statuses of the brief.
    Status, "status" {
        Open => "open",
        Pending => "pending",
        Resolved => "resolved",
    }
);

impl Status {
    pub fn is_unresolved(self) -> bool {
        self != Status::Resolved
    }
}

/// Who asks for a status change; the rules differ per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChangeBy {
    /// The assignee or an admin.
    Support,
    /// The ticket's requester.
    Customer,
    /// Automation (auto-close).
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the ticket is already {0}")]
    Unchanged(Status),
    #[error("only support staff can set a ticket to pending (waiting on the customer)")]
    CustomerCannotSetPending,
    #[error("a resolved ticket must be reopened before it can be set to pending")]
    ResolvedToPending,
    #[error(
        "the reopen window has passed: the ticket was resolved more than {days} days ago; write a new comment to start a follow-up ticket"
    )]
    ReopenWindowPassed { days: i64 },
    #[error("only a pending ticket can be resolved automatically")]
    SystemOnlyClosesPending,
}

/// The reopen window of a resolved ticket, evaluated at `now`.
pub fn within_reopen_window(resolved_at: Option<Millis>, window: Millis, now: Millis) -> bool {
    resolved_at.is_none_or(|at| now - at <= window)
}

/// Whether `by` may move a ticket from `from` to `to` at `now`. A resolved ticket past the reopen
/// window is read-only for everyone: further replies start a follow-up ticket.
pub fn check_transition(
    by: StatusChangeBy,
    from: Status,
    to: Status,
    resolved_at: Option<Millis>,
    reopen_window: Millis,
    now: Millis,
) -> Result<(), TransitionError> {
    use Status::*;
    if from == to {
        return Err(TransitionError::Unchanged(from));
    }
    match by {
        StatusChangeBy::System => {
            if from == Pending && to == Resolved {
                Ok(())
            } else {
                Err(TransitionError::SystemOnlyClosesPending)
            }
        }
        StatusChangeBy::Customer if to == Pending => Err(TransitionError::CustomerCannotSetPending),
        StatusChangeBy::Support if from == Resolved && to == Pending => {
            Err(TransitionError::ResolvedToPending)
        }
        _ if from == Resolved && !within_reopen_window(resolved_at, reopen_window, now) => {
            Err(TransitionError::ReopenWindowPassed {
                days: reopen_window / crate::DAY_MS,
            })
        }
        _ => Ok(()),
    }
}

/// `#1042`: how people write ticket numbers.
pub fn format_number(number: i64) -> String {
    format!("#{number}")
}

/// Accepts `1042` and `#1042`.
pub fn parse_number(text: &str) -> Option<i64> {
    text.trim()
        .trim_start_matches('#')
        .parse()
        .ok()
        .filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;
    use StatusChangeBy::*;

    const WINDOW: Millis = 14 * crate::DAY_MS;

    fn check(by: StatusChangeBy, from: Status, to: Status) -> Result<(), TransitionError> {
        check_transition(by, from, to, Some(0), WINDOW, 1000)
    }

    #[test]
    fn support_transitions() {
        assert_eq!(check(Support, Open, Pending), Ok(()));
        assert_eq!(check(Support, Open, Resolved), Ok(()));
        assert_eq!(check(Support, Pending, Open), Ok(()));
        assert_eq!(check(Support, Pending, Resolved), Ok(()));
        assert_eq!(check(Support, Resolved, Open), Ok(()));
        assert_eq!(
            check(Support, Resolved, Pending),
            Err(TransitionError::ResolvedToPending)
        );
        assert_eq!(
            check(Support, Open, Open),
            Err(TransitionError::Unchanged(Open))
        );
    }

    #[test]
    fn customer_transitions() {
        assert_eq!(check(Customer, Pending, Open), Ok(()));
        assert_eq!(check(Customer, Resolved, Open), Ok(()));
        assert_eq!(check(Customer, Open, Resolved), Ok(()));
        assert_eq!(
            check(Customer, Open, Pending),
            Err(TransitionError::CustomerCannotSetPending)
        );
    }

    #[test]
    fn reopen_window_closes() {
        let late = WINDOW + 1;
        assert_eq!(
            check_transition(Customer, Resolved, Open, Some(0), WINDOW, WINDOW),
            Ok(())
        );
        assert_eq!(
            check_transition(Customer, Resolved, Open, Some(0), WINDOW, late),
            Err(TransitionError::ReopenWindowPassed { days: 14 })
        );
        assert!(check_transition(Support, Resolved, Open, Some(0), WINDOW, late).is_err());
    }

    #[test]
    fn system_only_auto_closes_pending() {
        assert_eq!(check(System, Pending, Resolved), Ok(()));
        assert_eq!(
            check(System, Open, Resolved),
            Err(TransitionError::SystemOnlyClosesPending)
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(format_number(1042), "#1042");
        assert_eq!(parse_number("#1042"), Some(1042));
        assert_eq!(parse_number("1042"), Some(1042));
        assert_eq!(parse_number("x"), None);
        assert_eq!(parse_number("0"), None);
    }
}
