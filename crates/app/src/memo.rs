//! A value read from the database and kept in memory because hot paths ask for it often. A change
//! made in this process either forgets the value after its commit (`forget`), or, when its own
//! transaction may read the value (every event reads the active webhooks), holds a `Change` guard
//! from before its transaction until after it ends, committed or not: nothing is kept while one is
//! under way, since a read then may see the change's uncommitted rows. A generation counter makes
//! sure a read that started before a change is not kept after it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub(crate) struct Memo<T> {
    /// How long a kept value is used; None: until forgotten.
    fresh_for: Option<Duration>,
    state: Mutex<State<T>>,
}

struct State<T> {
    generation: u64,
    /// Changes under way (`Change` guards alive).
    changing: u32,
    kept: Option<(Instant, Arc<T>)>,
}

/// Held by a change to what a `Memo` keeps, for as long as its transaction may be open.
pub(crate) struct Change<'a, T> {
    memo: &'a Memo<T>,
}

impl<T> Drop for Change<'_, T> {
    fn drop(&mut self) {
        let mut state = self.memo.lock();
        state.changing -= 1;
        state.generation += 1;
        state.kept = None;
    }
}

/// What a read must be stored under (from `Memo::get`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Generation(u64);

impl<T> Memo<T> {
    pub(crate) fn new(fresh_for: Option<Duration>) -> Self {
        Memo {
            fresh_for,
            state: Mutex::new(State {
                generation: 0,
                changing: 0,
                kept: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept value while it is fresh; otherwise the generation to `keep` a new read under.
    pub(crate) fn get(&self) -> Result<Arc<T>, Generation> {
        let state = self.lock();
        match &state.kept {
            Some((read_at, value))
                if self.fresh_for.is_none_or(|fresh| read_at.elapsed() < fresh) =>
            {
                Ok(value.clone())
            }
            _ => Err(Generation(state.generation)),
        }
    }

    /// Keeps a value read after `get` answered `generation`, unless something changed since or a
    /// change is under way.
    pub(crate) fn keep(&self, generation: Generation, value: Arc<T>) {
        let mut state = self.lock();
        if state.generation == generation.0 && state.changing == 0 {
            state.kept = Some((Instant::now(), value));
        }
    }

    /// Take before a change's transaction begins; drop after it ends, however it ends.
    pub(crate) fn change(&self) -> Change<'_, T> {
        let mut state = self.lock();
        state.changing += 1;
        state.generation += 1;
        state.kept = None;
        Change { memo: self }
    }

    pub(crate) fn forget(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.kept = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_raced_with_a_change_is_not_kept() {
        let memo = Memo::new(None);
        let Err(generation) = memo.get() else {
            panic!("nothing kept yet")
        };
        // A change lands while the read is under way; the read then returns the old value.
        memo.forget();
        memo.keep(generation, Arc::new("old"));
        let Err(next) = memo.get() else {
            panic!("the old value was kept")
        };
        memo.keep(next, Arc::new("new"));
        assert_eq!(*memo.get().unwrap(), "new");
    }

    #[test]
    fn nothing_is_kept_while_a_change_is_under_way() {
        let memo = Memo::new(None);
        let change = memo.change();
        // A read inside the change's own transaction (it sees the uncommitted rows), or any
        // read while it may still roll back.
        let Err(generation) = memo.get() else {
            panic!("nothing kept yet")
        };
        memo.keep(generation, Arc::new("uncommitted"));
        assert!(memo.get().is_err(), "kept during the change");
        drop(change);
        assert!(memo.get().is_err(), "kept after the change");
        let Err(generation) = memo.get() else {
            panic!("nothing kept")
        };
        memo.keep(generation, Arc::new("committed"));
        assert_eq!(*memo.get().unwrap(), "committed");
    }

    #[test]
    fn a_kept_value_lasts_while_fresh() {
        let memo = Memo::new(Some(Duration::ZERO));
        let Err(generation) = memo.get() else {
            panic!("nothing kept yet")
        };
        memo.keep(generation, Arc::new(1));
        assert!(memo.get().is_err(), "older than zero seconds");
        let memo = Memo::new(Some(Duration::from_secs(3600)));
        let Err(generation) = memo.get() else {
            panic!("nothing kept yet")
        };
        memo.keep(generation, Arc::new(1));
        assert_eq!(*memo.get().unwrap(), 1);
        memo.forget();
        assert!(memo.get().is_err());
    }
}
