//! The boundary: the `#[wasm_bindgen]` API and the drawing of the charts.
//! This is the only code that knows about JS; it turns core errors into JS
//! `Error`s and core state into plain JS objects.

mod api;
mod canvas;
mod chart;
mod chart_fit;
mod chart_landscape;
mod chart_loss;
mod chart_slice;
mod convert;
mod palette;

pub use api::{Lab, init, read_csv, read_link};
