//! [`Pool`]: the index's tables handed out to their users when the index becomes a history
//! (`Index::into_history`), each entry moved to its last user instead of cloned.

/// A table whose entries are handed out by position: cloned, except to an entry's last user
/// (counted up front), which gets the entry itself.
pub(super) struct Pool<T> {
    items: Vec<Option<T>>,
    left: Vec<u32>,
}

impl<T: Clone> Pool<T> {
    /// Not inlined into [`Index::into_history`](super::Index::into_history), for the explorer's
    /// first visit: see `index/rebuild.rs`.
    #[inline(never)]
    pub(super) fn new(items: Vec<T>, uses: impl Iterator<Item = u32>) -> Pool<T> {
        let mut left = vec![0u32; items.len()];
        for id in uses {
            if let Some(n) = left.get_mut(id as usize) {
                *n += 1;
            }
        }
        Pool {
            items: items.into_iter().map(Some).collect(),
            left,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    /// Entry `id`; `None` when there is no such entry.
    pub(super) fn take(&mut self, id: u32) -> Option<T> {
        let i = id as usize;
        let left = self.left.get_mut(i)?;
        *left = left.saturating_sub(1);
        if *left == 0 {
            self.items[i].take()
        } else {
            self.items[i].clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_user_gets_the_entry_the_others_a_copy() {
        let mut pool = Pool::new(
            vec!["a".to_string(), "b".to_string()],
            [0, 1, 0].into_iter(),
        );
        assert_eq!(pool.len(), 2);
        assert_eq!(pool.take(0).as_deref(), Some("a"));
        assert_eq!(
            pool.items[0].as_deref(),
            Some("a"),
            "one use left: still there"
        );
        assert_eq!(pool.take(0).as_deref(), Some("a"));
        assert_eq!(pool.items[0], None, "moved out to its last user");
        assert_eq!(pool.take(1).as_deref(), Some("b"));
        assert_eq!(pool.take(2), None, "no such entry");
    }
}
