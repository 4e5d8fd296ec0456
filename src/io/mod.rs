//! Data in and out of the core: the config read and checked from a
//! JSON-like [`value::Value`] (whether it came from a JS object, a link or a
//! test), links settled against the config's rules, and numbers as text.

pub mod catalogue;
pub mod config;
pub mod link;
pub mod number;
pub mod settings;
pub mod value;
