//! The data: points, the generated data sets, and the seeded random
//! generator that makes them (and the starts and shuffles) reproducible.

pub mod datasets;
pub mod points;
pub mod rng;
