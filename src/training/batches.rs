//! Which points each step uses: all of them, or mini-batches drawn from a
//! seeded shuffle that is redrawn every epoch.

use crate::data::rng::{Rng, STREAM_BATCHES};

/// The order in which mini-batches visit the points.
#[derive(Clone, Debug)]
pub struct Batches {
    rng: Rng,
    /// 0 = all points in every step.
    size: usize,
    order: Vec<u32>,
    position: usize,
}

impl Batches {
    /// Batches of `size` points (0, or `size ≥ n`, means every point) over `n`
    /// points, shuffled from `seed`.
    pub fn new(size: usize, n: usize, seed: u64) -> Batches {
        let size = if size >= n { 0 } else { size };
        let mut batches = Batches {
            rng: Rng::new(seed, STREAM_BATCHES),
            size,
            order: Vec::new(),
            position: 0,
        };
        if size > 0 {
            batches.order = (0..n as u32).collect();
            batches.rng.shuffle(&mut batches.order);
        }
        batches
    }

    /// True when every step uses every point (plain gradient descent).
    #[inline(always)]
    pub fn is_full(&self) -> bool {
        self.size == 0
    }

    /// The indices of the points the next step uses (empty when it uses all).
    pub fn current(&self) -> &[u32] {
        if self.is_full() {
            return &[];
        }
        let end = (self.position + self.size).min(self.order.len());
        &self.order[self.position..end]
    }

    /// Which batch of the epoch the next step uses (from 1), and how many an
    /// epoch has.
    pub fn number(&self) -> (usize, usize) {
        if self.is_full() {
            return (1, 1);
        }
        (
            self.position / self.size + 1,
            self.order.len().div_ceil(self.size),
        )
    }

    /// Moves to the next batch; returns true when an epoch (a pass over every
    /// point) has just ended. A last batch may be smaller than the others.
    #[inline(always)]
    pub fn advance(&mut self) -> bool {
        if self.is_full() {
            return true;
        }
        self.position += self.size;
        if self.position >= self.order.len() {
            self.position = 0;
            self.rng.shuffle(&mut self.order);
            return true;
        }
        false
    }
}
