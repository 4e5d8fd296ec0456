//! θ, a model's parameters as one vector, and a loss with its gradient there.
//!
//! The optimizers and the trainer see θ only as numbers in a row: they
//! update it elementwise, whatever its length. Each model fixes what its
//! numbers mean (the neuron's θ is `[w, b]`, src/maths/model.rs).

/// A parameter vector θ (or a vector of its shape: a gradient, an
/// optimizer's memory). A fixed-size array is one, and costs nothing
/// over separate numbers: the loops over it are unrolled.
pub trait Theta: Clone + core::fmt::Debug + PartialEq {
    fn as_slice(&self) -> &[f64];
    fn as_mut_slice(&mut self) -> &mut [f64];
    /// A vector of zeros of the same length.
    fn zeros_like(&self) -> Self;
}

/// θ as a fixed-size array, for a model with that many parameters. (One
/// impl for each size, with `Default`'s zeros: `[0.0; N]` compiles to a
/// loop at opt-level "z", `Default`, written out element by element in
/// `core`, to plain stores.)
macro_rules! fixed_size_theta {
    ($($n:literal)*) => {$(
        impl Theta for [f64; $n] {
            #[inline(always)]
            fn as_slice(&self) -> &[f64] {
                self
            }
            #[inline(always)]
            fn as_mut_slice(&mut self) -> &mut [f64] {
                self
            }
            #[inline(always)]
            fn zeros_like(&self) -> Self {
                Default::default()
            }
        }
    )*};
}

fixed_size_theta!(1 2 3 4);

/// θ of a length known only at run time (a network of a chosen shape).
impl Theta for Vec<f64> {
    fn as_slice(&self) -> &[f64] {
        self
    }
    fn as_mut_slice(&mut self) -> &mut [f64] {
        self
    }
    fn zeros_like(&self) -> Self {
        vec![0.0; self.len()]
    }
}

/// A mean loss and its gradient `∂L/∂θ` at one θ.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation<T = [f64; 2]> {
    pub loss: f64,
    pub gradient: T,
}

impl<T: Theta> Evaluation<T> {
    /// The sums over `n` points turned into means.
    #[inline(always)]
    pub fn mean(mut self, n: usize) -> Evaluation<T> {
        let scale = if n == 0 { 0.0 } else { 1.0 / n as f64 };
        self.loss *= scale;
        let g = self.gradient.as_mut_slice();
        each_index(g.len(), |i| g[i] *= scale);
        self
    }

    /// True if the loss and every component of the gradient are finite.
    #[inline(always)]
    pub fn is_finite(&self) -> bool {
        self.loss.is_finite() && all_finite(self.gradient.as_slice())
    }
}

/// True if every number is finite.
#[inline(always)]
pub fn all_finite(values: &[f64]) -> bool {
    !any(values, |v| !v.is_finite())
}

/// True if `test` holds for some number; two written out, as in `each_index`.
#[inline(always)]
pub fn any(values: &[f64], test: impl Fn(f64) -> bool) -> bool {
    match values {
        [a, b] => test(*a) || test(*b),
        _ => values.iter().any(|&v| test(v)),
    }
}

/// The Euclidean length `|v|`, by `hypot` one component at a time (for two
/// components, exactly `hypot(v₀, v₁)`).
pub fn norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |length, &c| length.hypot(c))
}

/// `f(i)` for each index below `len`, two written out. At opt-level z LLVM
/// keeps a loop over the neuron's two parameters, and their values go through
/// memory: written out, the 100-point regression step is some 15 % faster
/// in wasm (the hot path only: the plain update, the mean, the checks).
#[inline(always)]
pub fn each_index(len: usize, mut f: impl FnMut(usize)) {
    if len == 2 {
        f(0);
        f(1);
    } else {
        for i in 0..len {
            f(i);
        }
    }
}
