//! A bounded FIFO of events with removal at a position: the per-receiver
//! queue. The notification in flight is always its first `n` events, so
//! overflow removes the oldest event *behind* them.

/// A fixed-capacity FIFO queue of `Q` items, stored inline.
///
/// ```
/// use baton_feedback::ring::Ring;
///
/// let mut q: Ring<u32, 3> = Ring::new();
/// for n in 1..=3 {
///     q.push_back(n).unwrap();
/// }
/// assert!(q.is_full());
/// assert_eq!(q.push_back(4), Err(4)); // full: handed back, never overwritten
/// assert_eq!(q.remove(1), Some(2)); // drop one behind the front
/// assert_eq!(q.iter().copied().collect::<Vec<_>>(), [1, 3]);
/// assert_eq!((q.pop_front(), q.get(0), q.len()), (Some(1), Some(&3), 1));
/// q.clear();
/// assert!(q.is_empty() && q.capacity() == 3);
/// ```
#[derive(Clone, Debug)]
pub struct Ring<E, const Q: usize> {
    slots: [Option<E>; Q],
    head: usize,
    len: usize,
}

impl<E, const Q: usize> Default for Ring<E, Q> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E, const Q: usize> Ring<E, Q> {
    /// An empty queue.
    pub const fn new() -> Self {
        Ring {
            slots: [const { None }; Q],
            head: 0,
            len: 0,
        }
    }

    /// How many items are queued.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is queued.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the queue holds `Q` items.
    pub const fn is_full(&self) -> bool {
        self.len >= Q
    }

    /// The fixed capacity `Q`.
    pub const fn capacity(&self) -> usize {
        Q
    }

    fn physical(&self, pos: usize) -> usize {
        // Q > 0 whenever this is called with pos < len.
        (self.head + pos) % Q.max(1)
    }

    /// Appends `item`; gives it back when the queue is full.
    pub fn push_back(&mut self, item: E) -> Result<(), E> {
        if self.is_full() {
            return Err(item);
        }
        let at = self.physical(self.len);
        match self.slots.get_mut(at) {
            Some(slot) => {
                *slot = Some(item);
                self.len += 1;
                Ok(())
            }
            None => Err(item),
        }
    }

    /// Removes and returns the oldest item.
    pub fn pop_front(&mut self) -> Option<E> {
        self.remove(0)
    }

    /// The item at `pos` (0 is the oldest).
    pub fn get(&self, pos: usize) -> Option<&E> {
        if pos >= self.len {
            return None;
        }
        self.slots.get(self.physical(pos)).and_then(Option::as_ref)
    }

    /// Removes and returns the item at `pos`; the items before it keep
    /// their order and move one place back (O(`pos`)).
    pub fn remove(&mut self, pos: usize) -> Option<E> {
        if pos >= self.len {
            return None;
        }
        let at = self.physical(pos);
        let item = self.slots.get_mut(at).and_then(Option::take);
        // Shift items [0, pos) one place towards the back.
        let mut i = pos;
        while i > 0 {
            let from = self.physical(i - 1);
            let to = self.physical(i);
            let moved = self.slots.get_mut(from).and_then(Option::take);
            if let Some(slot) = self.slots.get_mut(to) {
                *slot = moved;
            }
            i -= 1;
        }
        self.head = self.physical(1);
        self.len -= 1;
        if self.len == 0 {
            self.head = 0;
        }
        item
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        for slot in &mut self.slots {
            *slot = None;
        }
        self.head = 0;
        self.len = 0;
    }

    /// The items in order, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &E> + '_ {
        (0..self.len).filter_map(move |pos| self.get(pos))
    }

    /// Removes the items `keep` rejects (order of the rest is kept);
    /// returns how many were removed.
    pub fn retain_from(&mut self, start: usize, mut keep: impl FnMut(&E) -> bool) -> usize {
        let mut removed = 0;
        let mut pos = start;
        while pos < self.len {
            if self.get(pos).is_some_and(&mut keep) {
                pos += 1;
            } else {
                // Remove by shifting the later items forward.
                let mut i = pos;
                while i + 1 < self.len {
                    let from = self.physical(i + 1);
                    let to = self.physical(i);
                    let moved = self.slots.get_mut(from).and_then(Option::take);
                    if let Some(slot) = self.slots.get_mut(to) {
                        *slot = moved;
                    }
                    i += 1;
                }
                let last = self.physical(self.len - 1);
                if let Some(slot) = self.slots.get_mut(last) {
                    *slot = None;
                }
                self.len -= 1;
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    fn items<const Q: usize>(r: &Ring<u32, Q>) -> heapless::Vec<u32, 16> {
        r.iter().copied().collect()
    }

    #[test]
    fn fifo_order_and_capacity() {
        let mut r: Ring<u32, 3> = Ring::new();
        assert!(r.push_back(1).is_ok());
        assert!(r.push_back(2).is_ok());
        assert!(r.push_back(3).is_ok());
        assert_eq!(r.push_back(4), Err(4));
        assert_eq!(r.pop_front(), Some(1));
        assert!(r.push_back(4).is_ok());
        assert_eq!(items(&r).as_slice(), &[2, 3, 4]);
    }

    #[test]
    fn remove_behind_the_front_keeps_order() {
        let mut r: Ring<u32, 4> = Ring::new();
        for i in 0..4 {
            let _ = r.push_back(i);
        }
        let _ = r.pop_front();
        let _ = r.push_back(4); // wrapped: [1, 2, 3, 4]
        assert_eq!(r.remove(2), Some(3));
        assert_eq!(items(&r).as_slice(), &[1, 2, 4]);
        assert_eq!(r.remove(0), Some(1));
        assert_eq!(r.remove(5), None);
        assert_eq!(items(&r).as_slice(), &[2, 4]);
    }

    #[test]
    fn retain_from_skips_the_first_items() {
        let mut r: Ring<u32, 6> = Ring::new();
        for i in 0..6 {
            let _ = r.push_back(i);
        }
        let removed = r.retain_from(2, |x| x % 2 == 0);
        assert_eq!(removed, 2);
        assert_eq!(items(&r).as_slice(), &[0, 1, 2, 4]);
    }

    #[test]
    fn zero_capacity_ring_never_panics() {
        let mut r: Ring<u32, 0> = Ring::new();
        assert_eq!(r.push_back(1), Err(1));
        assert_eq!(r.pop_front(), None);
        assert_eq!(r.get(0), None);
    }
}
