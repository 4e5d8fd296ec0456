//! A small seeded random generator (SplitMix64).
//!
//! It uses only integer arithmetic and exact floating-point operations, so the
//! same seed gives bit-for-bit the same numbers natively and in WebAssembly
//! (`ln`, `sin` and `cos` may differ in the last bit between platforms, so the
//! normal draws below avoid them).

/// A deterministic stream of pseudo-random numbers.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`; `stream` separates independent uses of
    /// one seed (data, start, shuffles) so that changing one leaves the others.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Rng {
            state: seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03),
        };
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[low, high)`.
    pub fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    /// Uniform integer in `0..n` (`n > 0`), without modulo bias worth noting
    /// for the sizes used here (n ≤ 2^32).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// An approximately standard normal draw: the sum of twelve uniforms minus
    /// six (mean 0, variance 1, bounded by ±6). Exact arithmetic only, so it is
    /// identical on every platform.
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Separate random streams for each use of a seed.
pub const STREAM_DATA: u64 = 1;
pub const STREAM_START: u64 = 2;
pub const STREAM_BATCHES: u64 = 3;
