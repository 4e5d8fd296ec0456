//! Gradient Descent Lab: an interactive lesson on gradient descent.
//!
//! The pure core (no JS in it), in layers, each using only those above it:
//!
//! - [`maths`]: the model, its losses and their gradients, the hot loop;
//! - [`data`]: points, the generated data sets, the seeded random generator;
//! - [`training`]: the trainer's four steps, the optimizers, the batches;
//! - [`io`]: the config read from a value, links, numbers as text;
//! - [`lab`]: a lab (data, model, runs) and what it reports: the state
//!   snapshot, the optimum, the landscape, the slice, the lessons.
//!
//! The [`web`] module is the thin boundary: the `#[wasm_bindgen]` API that
//! the page and course authors call, and the drawing of the charts onto
//! canvases with plotters.

pub mod data;
pub mod io;
pub mod lab;
pub mod maths;
pub mod training;

pub mod web;

// The WebAssembly's allocator: talc, smaller and faster there than the
// default dlmalloc (BENCHMARKS.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
