//! The record of a run for the loss chart and the path on the landscape, in
//! bounded memory: every step is kept up to a cap, then the older half is
//! thinned to every other record, so a million steps keep a few thousand.

/// The state after one step: θ and the loss there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record<T = [f64; 2]> {
    pub step: u64,
    pub theta: T,
    pub loss: f64,
}

/// A bounded, thinned history of records, oldest first.
#[derive(Clone, Debug)]
pub struct History<T = [f64; 2]> {
    records: Vec<Record<T>>,
    cap: usize,
}

impl<T: Clone> History<T> {
    /// Records kept before thinning starts.
    pub const DEFAULT_CAP: usize = 4096;

    pub fn new(cap: usize) -> Self {
        History {
            records: Vec::with_capacity(cap),
            cap: cap.max(4),
        }
    }

    #[inline(always)]
    pub fn push(&mut self, record: Record<T>) {
        if self.records.len() >= self.cap {
            self.thin_older_half();
        }
        self.records.push(record);
    }

    /// Keeps the first record and every other one of the older half; the
    /// newer half stays whole.
    fn thin_older_half(&mut self) {
        let half = self.records.len() / 2;
        let mut kept = 0;
        for i in 0..self.records.len() {
            if i >= half || i % 2 == 0 {
                self.records[kept] = self.records[i].clone();
                kept += 1;
            }
        }
        self.records.truncate(kept);
    }

    pub fn records(&self) -> &[Record<T>] {
        &self.records
    }

    pub fn last(&self) -> Option<&Record<T>> {
        self.records.last()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn clear(&mut self) {
        self.records.clear();
    }
}
