//! The pure rules of PAHT: report lifecycle, codes, deadlines, geometry and routing.
//!
//! Kept free of IO, async and feature flags so the browser (wasm) and the server run the
//! very same rules — a button the UI shows is exactly an action the server accepts.

pub mod admin;
pub mod code;
pub mod console;
pub mod deadline;
pub mod engagement;
pub mod filing;
pub mod geo;
pub mod lifecycle;
pub mod live;
pub mod media;
pub mod redirect;
pub mod routing;
pub mod stats;
pub mod text;
