//! Training: the four steps of gradient descent (the trainer), the
//! optimizers' update rules, the mini-batches, and the history of a run.

pub mod batches;
pub mod history;
pub mod optimizer;
pub mod trainable;
pub mod trainer;
