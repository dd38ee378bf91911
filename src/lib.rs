//! PAHT — phản ánh hiện trường (field reports).
//!
//! One crate, two targets: the server (`ssr`) and the browser bundle (`hydrate`).
//! Everything outside `server` compiles for both; `server` holds what touches the
//! database, the file system or secrets and exists only with the `ssr` feature.

pub mod account;
pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod dto;
pub mod i18n;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: attaches the client to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
