//! The maths, on plain numbers and slices: the model and its losses, their
//! gradients by backpropagation, the hot loop that sums them over the points,
//! and the elementary functions `e^(−a)` and `ln(1 + e)` they are built from.
//! Nothing here knows of data sets, runs or the page.

pub mod elementary;
pub mod kernels;
pub mod loss;
pub mod model;
pub mod theta;
