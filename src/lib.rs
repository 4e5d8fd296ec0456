//! Gradient Descent Lab: an interactive lesson on gradient descent.
//!
//! The pure core (no JS in it) holds the data, the model and its losses, the
//! gradients by backpropagation, the optimizers and the trainer that takes the
//! four steps of gradient descent. The `web` module is the thin boundary: the
//! `#[wasm_bindgen]` API that the page and course authors call, and the
//! drawing of the charts onto canvases with plotters.

pub mod batches;
pub mod config;
pub mod data;
pub mod elementary;
pub mod history;
pub mod kernels;
pub mod lab;
pub mod landscape;
pub mod lessons;
pub mod link;
pub mod model;
pub mod number;
pub mod optimizer;
pub mod optimum;
pub mod rng;
pub mod slice;
pub mod state;
pub mod trainer;
pub mod value;

pub mod web;

// The WebAssembly's allocator: talc, smaller and faster there than the
// default dlmalloc (BENCHMARKS.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
