//! A half-filled form survives a reload or a lost connection: what is typed is kept in the
//! browser's storage (`localStorage`) under a key of the form, put back when the form opens
//! again, and forgotten once the form is saved, sent or discarded. Text fields, choices and
//! ticks only; attachments live on the server as soon as they are uploaded.

use leptos::prelude::*;

/// The storage key of the report form (`draft` its draft's id, if it is one).
pub fn key_of(draft: Option<i64>) -> String {
    match draft {
        Some(id) => format!("paht:report-form:draft-{id}"),
        None => "paht:report-form:new".to_string(),
    }
}

/// Keeps the form `form_id` in storage under `key` as it is typed; on the first run, puts
/// back what was kept (unless `fresh` says the page already holds newer values) and sets
/// `restored`.
pub fn remember(form_id: &'static str, key: String, fresh: bool, restored: RwSignal<bool>) {
    Effect::new(move |done: Option<()>| {
        if done.is_none() {
            // After the frame: an effect may run before its view is in the page.
            let key = key.clone();
            request_animation_frame(move || imp::start(form_id, &key, fresh, restored));
        }
    });
}

/// Forgets the kept form `key` (saved, sent or discarded).
pub fn forget(key: &str) {
    imp::forget(key);
}

#[cfg(feature = "hydrate")]
mod imp {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn fields(form: &web_sys::Element) -> Vec<web_sys::Element> {
        let Ok(list) = form.query_selector_all(
            "input[name^='form['], textarea[name^='form['], select[name^='form[']",
        ) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter(|e| {
                // Hidden fields (pin, attachments) come from the page itself.
                e.get_attribute("type").as_deref() != Some("hidden")
            })
            .collect()
    }

    fn prop(e: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(e, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn snapshot(form: &web_sys::Element) -> String {
        let mut map = serde_json::Map::new();
        for e in fields(form) {
            let Some(name) = e.get_attribute("name") else {
                continue;
            };
            let v: &JsValue = e.as_ref();
            let value = if e.get_attribute("type").as_deref() == Some("checkbox") {
                serde_json::Value::Bool(prop(v, "checked").as_bool().unwrap_or(false))
            } else {
                serde_json::Value::String(prop(v, "value").as_string().unwrap_or_default())
            };
            map.insert(name, value);
        }
        serde_json::Value::Object(map).to_string()
    }

    fn put_back(form: &web_sys::Element, saved: &str) -> bool {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(saved)
        else {
            return false;
        };
        let mut any = false;
        for e in fields(form) {
            let Some(name) = e.get_attribute("name") else {
                continue;
            };
            let v: &JsValue = e.as_ref();
            match map.get(&name) {
                Some(serde_json::Value::Bool(b)) => {
                    let _ = js_sys::Reflect::set(v, &"checked".into(), &JsValue::from_bool(*b));
                    any |= *b;
                }
                Some(serde_json::Value::String(s)) if !s.is_empty() => {
                    let _ = js_sys::Reflect::set(v, &"value".into(), &JsValue::from_str(s));
                    any = true;
                }
                _ => {}
            }
        }
        any
    }

    pub fn start(form_id: &'static str, key: &str, fresh: bool, restored: RwSignal<bool>) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(form) = doc.get_element_by_id(form_id) else {
            return;
        };
        let Some(store) = storage() else { return };
        if !fresh {
            if let Ok(Some(saved)) = store.get_item(key) {
                if put_back(&form, &saved) {
                    restored.set(true);
                }
            }
        }
        let key = key.to_string();
        let target = form.clone();
        let keep = Closure::<dyn FnMut()>::new(move || {
            let _ = store.set_item(&key, &snapshot(&target));
        });
        for ev in ["input", "change"] {
            let _ = form.add_event_listener_with_callback(ev, keep.as_ref().unchecked_ref());
        }
        keep.forget();
    }

    pub fn forget(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use leptos::prelude::*;

    pub fn start(_: &'static str, _: &str, _: bool, _: RwSignal<bool>) {}
    pub fn forget(_: &str) {}
}
