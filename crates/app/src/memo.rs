//! A value read from the database and kept in memory for the pages that ask for it most often.
//! Changes made in this process forget it at once; a generation counter makes sure a read that
//! was under way while such a change happened is not kept (it may hold the old value).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub(crate) struct Memo<T> {
    /// How long a kept value is used; None: until forgotten.
    fresh_for: Option<Duration>,
    state: Mutex<State<T>>,
}

struct State<T> {
    generation: u64,
    kept: Option<(Instant, Arc<T>)>,
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

    /// Keeps a value read after `get` answered `generation`, unless something was forgotten since.
    pub(crate) fn keep(&self, generation: Generation, value: Arc<T>) {
        let mut state = self.lock();
        if state.generation == generation.0 {
            state.kept = Some((Instant::now(), value));
        }
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
