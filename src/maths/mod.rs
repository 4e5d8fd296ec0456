//! The maths, on plain numbers and slices: the models (the neuron, a
//! network) and their losses, their gradients by backpropagation, the hot
//! loop that sums the neuron's over the points, and the elementary
//! functions `e^(−a)` and `ln(1 + e)` they are built from.
//! Nothing here knows of data sets, runs or the page.

pub mod elementary;
pub mod kernels;
pub mod loss;
pub mod model;
pub mod network;
pub mod theta;
