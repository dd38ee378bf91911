//! "Share": the phone's own share sheet where the browser has one (Web Share API), else
//! the link copied to the clipboard, with a word either way. Without JavaScript the link
//! itself is shown beside it.

use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn ShareButton(url: String, title: String) -> impl IntoView {
    let f = use_lang().filing();
    let said = RwSignal::new(None::<&'static str>);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let share = move |_| {
        let (url, title) = (url.clone(), title.clone());
        leptos::task::spawn_local(async move {
            said.set(Some(match share_or_copy(&url, &title).await {
                Outcome::Shared => return,
                Outcome::Copied => f.share_copied,
                Outcome::Failed => f.share_copy_failed,
            }));
        });
    };
    view! {
        <button type="button" class="button small" data-testid="share" prop:disabled=move || !hydrated.get() on:click=share>
            {f.share_button}
        </button>
        <span role="status" class="share-said" data-testid="share-said">{move || said.get()}</span>
    }
}

#[allow(dead_code)]
enum Outcome {
    Shared,
    Copied,
    Failed,
}

/// `navigator.share` and `navigator.clipboard` are called through `Reflect`: web-sys puts
/// both behind its unstable-API flag.
#[cfg(feature = "hydrate")]
async fn share_or_copy(url: &str, title: &str) -> Outcome {
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return Outcome::Failed;
    };
    let nav: JsValue = window.navigator().into();
    let call = |target: &JsValue, name: &str, arg: &JsValue| -> Option<Promise> {
        let f = Reflect::get(target, &JsValue::from_str(name))
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        f.call1(target, arg).ok()?.dyn_into::<Promise>().ok()
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    if let Some(p) = call(&nav, "share", &data) {
        // Dismissed by the user is not a failure worth a message.
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        return Outcome::Shared;
    }
    let clipboard = Reflect::get(&nav, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    match call(&clipboard, "writeText", &url.into()) {
        Some(p) => match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(_) => Outcome::Copied,
            Err(_) => Outcome::Failed,
        },
        None => Outcome::Failed,
    }
}

#[cfg(not(feature = "hydrate"))]
async fn share_or_copy(_: &str, _: &str) -> Outcome {
    Outcome::Failed
}
