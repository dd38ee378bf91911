//! The browser's end of the live stream: one `EventSource` per tab, opened by the shell,
//! reopened when the page's reports change. Pages read its counters in their resources'
//! keys, so a live event refetches exactly what the page shows; without JavaScript nothing
//! here runs and a reload shows the new state.

use leptos::prelude::*;

/// Counters that move when the stream says something changed.
#[derive(Clone, Copy)]
pub struct Live {
    /// A report the page shows (or one of the viewer's own) changed.
    pub report: RwSignal<u32>,
    /// The viewer's notifications changed.
    pub notifications: RwSignal<u32>,
    /// The viewer's console inbox changed.
    pub inbox: RwSignal<u32>,
    /// The comment moderation queue changed.
    pub moderation: RwSignal<u32>,
    watching: RwSignal<Vec<String>>,
}

impl Live {
    /// The page shows these reports (codes); the stream is reopened for them.
    pub fn watch(&self, codes: Vec<String>) {
        let mut codes = codes;
        codes.sort();
        codes.dedup();
        if self.watching.get_untracked() != codes {
            self.watching.set(codes);
        }
    }
}

/// Provides the tab's stream (once, in the shell). `account` is the logged-in user's id: the
/// stream is reopened when it changes, since a stream keeps the identity it was opened with.
pub fn provide_live(account: Signal<Option<i64>>) -> Live {
    let live = Live {
        report: RwSignal::new(0),
        notifications: RwSignal::new(0),
        inbox: RwSignal::new(0),
        moderation: RwSignal::new(0),
        watching: RwSignal::new(Vec::new()),
    };
    provide_context(live);
    #[cfg(feature = "hydrate")]
    connect(live, account);
    #[cfg(not(feature = "hydrate"))]
    let _ = account;
    live
}

/// The tab's stream, or one that never moves (outside the shell).
pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(|| Live {
        report: RwSignal::new(0),
        notifications: RwSignal::new(0),
        inbox: RwSignal::new(0),
        moderation: RwSignal::new(0),
        watching: RwSignal::new(Vec::new()),
    })
}

#[cfg(feature = "hydrate")]
fn connect(live: Live, account: Signal<Option<i64>>) {
    use send_wrapper::SendWrapper;

    // The open source and the last event id seen, so a reopened stream resumes after it.
    let current: StoredValue<Option<SendWrapper<web_sys::EventSource>>> = StoredValue::new(None);
    let last: StoredValue<Option<String>> = StoredValue::new(None);
    let opened_for: StoredValue<Option<(Vec<String>, Option<i64>)>> = StoredValue::new(None);
    let generation: StoredValue<u64> = StoredValue::new(0);
    Effect::new(move |_| {
        let codes = live.watching.get();
        let who = account.get();
        let key = Some((codes.clone(), who));
        if opened_for.get_value() == key {
            return;
        }
        opened_for.set_value(key);
        // Opened a moment later, so the page's own watch list (set by its effects right
        // after this one) is the first one opened, not replaced at once.
        let pending = generation.get_value().wrapping_add(1);
        generation.set_value(pending);
        let open = move || {
            if generation.get_value() != pending {
                return;
            }
            open_stream(live, current, last, &codes);
        };
        leptos::prelude::set_timeout(open, std::time::Duration::from_millis(30));
    });
    on_cleanup(move || {
        if let Some(s) = current.get_value() {
            s.close();
        }
    });
}

#[cfg(feature = "hydrate")]
fn open_stream(
    live: Live,
    current: StoredValue<Option<send_wrapper::SendWrapper<web_sys::EventSource>>>,
    last: StoredValue<Option<String>>,
    codes: &[String],
) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    {
        if let Some(old) = current.get_value() {
            old.close();
        }
        let mut url = format!(
            "/api/events?watch={}",
            urlencoding::encode(&codes.join(","))
        );
        if let Some(id) = last.get_value() {
            url.push_str(&format!("&last={}", urlencoding::encode(&id)));
        }
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        for (name, counters) in [
            ("report", vec![live.report]),
            ("notifications", vec![live.notifications]),
            ("inbox", vec![live.inbox]),
            ("moderation", vec![live.moderation]),
            (
                "resync",
                vec![live.report, live.notifications, live.inbox, live.moderation],
            ),
        ] {
            let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| {
                    let id = e.last_event_id();
                    if !id.is_empty() {
                        last.set_value(Some(id));
                    }
                    for c in &counters {
                        c.update(|n| *n = n.wrapping_add(1));
                    }
                },
            );
            let _ = source.add_event_listener_with_callback(name, on.as_ref().unchecked_ref());
            on.forget();
        }
        current.set_value(Some(SendWrapper::new(source)));
    }
}
