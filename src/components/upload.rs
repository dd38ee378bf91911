//! The report form's attachments: pick photos, a video or files; each uploads at once with
//! its own progress bar, may be removed, and says why when it fails — the rest of the form
//! is never touched. The form carries only the uploaded ids (`form[media]`).

use crate::domain::media::{MediaKind, MediaProblem};
use crate::dto::media::Attachment;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum State {
    /// Percent sent.
    Sending(u32),
    Done(Attachment),
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Item {
    /// A number of this page, for the list's keys.
    local: u32,
    kind: MediaKind,
    name: String,
    state: State,
    /// Uploaded on this page (removing it deletes it); else it came with the draft.
    fresh: bool,
}

fn message(p: MediaProblem, lang: Lang) -> String {
    match lang {
        Lang::Vi => p.vi(),
        Lang::En => p.en(),
    }
}

#[component]
pub fn Attachments(
    /// What the form already holds (a draft's, or a refused form's).
    initial: Vec<Attachment>,
    /// The server's word on the field, if the form was refused for it.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let f = lang.filing();
    let next_local = StoredValue::new(initial.len() as u32);
    let items = RwSignal::new(
        initial
            .into_iter()
            .enumerate()
            .map(|(i, a)| Item {
                local: i as u32,
                kind: a.kind,
                name: a.name.clone().unwrap_or_default(),
                state: State::Done(a),
                fresh: false,
            })
            .collect::<Vec<_>>(),
    );
    let ids = move || {
        items.with(|list| {
            list.iter()
                .filter_map(|i| match &i.state {
                    State::Done(a) => Some(a.id.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    let busy = move || items.with(|l| l.iter().any(|i| matches!(i.state, State::Sending(_))));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    // Files chosen for `kind`: each checked here first (the server checks again), then sent.
    let chosen =
        move |kind: MediaKind, files: Vec<(String, u64, send_wrapper::SendWrapper<JsFile>)>| {
            for (name, size, file) in files {
                let local = next_local.get_value();
                next_local.set_value(local + 1);
                let count = items.with_untracked(|l| {
                    l.iter()
                        .filter(|i| i.kind == kind && !matches!(i.state, State::Failed(_)))
                        .count()
                });
                let refusal = if size == 0 {
                    Some(MediaProblem::Empty)
                } else if size > kind.max_bytes() {
                    Some(MediaProblem::TooBig(kind))
                } else if count >= kind.max_count() {
                    Some(MediaProblem::TooMany(kind))
                } else {
                    None
                };
                let state = match refusal {
                    Some(p) => State::Failed(message(p, lang)),
                    None => State::Sending(0),
                };
                let start = refusal.is_none();
                items.update(|l| {
                    l.push(Item {
                        local,
                        kind,
                        name: name.clone(),
                        state,
                        fresh: true,
                    })
                });
                if start {
                    send(kind, name, file, lang, move |s| {
                        items.update(|l| {
                            if let Some(i) = l.iter_mut().find(|i| i.local == local) {
                                i.state = s;
                            }
                        })
                    });
                }
            }
        };

    let remove = move |local: u32| {
        let gone = items.with_untracked(|l| l.iter().find(|i| i.local == local).cloned());
        items.update(|l| l.retain(|i| i.local != local));
        if let Some(Item {
            state: State::Done(a),
            fresh: true,
            ..
        }) = gone
        {
            leptos::task::spawn_local(async move {
                let _ = crate::api::filing::remove_upload(a.id).await;
            });
        }
    };

    let picker =
        move |kind: MediaKind, label: &'static str, accept: &'static str, multiple: bool| {
            let id = format!("f-add-{}", kind.as_str());
            view! {
                <label class="button upload-pick" for=id.clone()>{label}</label>
                <input
                    id=id
                    class="visually-hidden"
                    type="file"
                    accept=accept
                    multiple=multiple
                    data-testid=format!("add-{}", kind.as_str())
                    prop:disabled=move || !hydrated.get()
                    on:change=move |ev| {
                        let files = picked(&ev);
                        chosen(kind, files);
                    }
                />
            }
        };

    view! {
        <fieldset class="attachments" data-testid="attachments" aria-describedby="f-media-hint">
            <legend>{f.media_legend}</legend>
            <p class="field-hint" id="f-media-hint">{f.media_hint}</p>
            // Until the page runs its script (never, without JavaScript), say what it takes.
            {move || (!hydrated.get()).then(|| view! { <p class="field-hint" data-testid="media-no-js">{f.media_no_js}</p> })}
            <input type="hidden" name="form[media]" value=ids prop:value=ids data-testid="media-ids"/>
            <div class="button-row">
                {picker(MediaKind::Photo, f.add_photos, "image/jpeg,image/png,image/webp,image/heic,image/heif", true)}
                {picker(MediaKind::Video, f.add_video, "video/mp4,video/quicktime,video/webm", false)}
                {picker(MediaKind::File, f.add_files, ".pdf,.doc,.docx,.xlsx,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true)}
            </div>
            <ul class="upload-list" aria-live="polite" data-testid="upload-list">
                <For each=move || items.get() key=|i| (i.local, format!("{:?}", i.state)) let:item>
                    <UploadRow item remove/>
                </For>
            </ul>
            {move || busy().then(|| view! { <p class="field-hint" role="status">{f.wait_uploads}</p> })}
            <p class="field-error" id="f-media-error" role="alert" data-testid="error-media">{move || error.get()}</p>
        </fieldset>
    }
}

#[component]
fn UploadRow(item: Item, remove: impl Fn(u32) + Copy + Send + Sync + 'static) -> impl IntoView {
    let f = use_lang().filing();
    let local = item.local;
    let name = if item.name.is_empty() {
        item.kind.as_str().to_string()
    } else {
        item.name.clone()
    };
    match item.state {
        State::Sending(p) => view! {
            <li class="upload sending" data-testid="upload-sending">
                <span class="upload-name">{name.clone()}</span>
                <progress max="100" value=p.to_string() aria-label=format!("{} {name}", f.uploading)>{format!("{p}%")}</progress>
            </li>
        }
        .into_any(),
        State::Done(a) => {
            let thumb = (a.kind == MediaKind::Photo).then(|| a.thumb_url());
            view! {
                <li class="upload done" data-testid="upload-done">
                    {thumb.map(|t| view! { <img src=t alt="" width="64" height="64" loading="lazy"/> })}
                    <span class="upload-name">{name}</span>
                    <span class="upload-size">{a.size_text()}</span>
                    <button type="button" class="button small" on:click=move |_| remove(local)>{f.remove_file}</button>
                </li>
            }
            .into_any()
        }
        State::Failed(why) => view! {
            <li class="upload failed" data-testid="upload-failed">
                <span class="upload-name">{name}</span>
                <span class="upload-error" role="alert">{f.upload_failed}": "{why}</span>
                <button type="button" class="button small" on:click=move |_| remove(local)>{f.dismiss}</button>
            </li>
        }
        .into_any(),
    }
}

#[cfg(feature = "hydrate")]
type JsFile = web_sys::File;
#[cfg(not(feature = "hydrate"))]
type JsFile = ();

/// The files of a file input's change event (name, size, file); the input is emptied so the
/// same file can be chosen again after a removal.
#[cfg(feature = "hydrate")]
fn picked(ev: &leptos::ev::Event) -> Vec<(String, u64, send_wrapper::SendWrapper<JsFile>)> {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            if let Some(file) = list.get(i) {
                out.push((
                    file.name(),
                    file.size() as u64,
                    send_wrapper::SendWrapper::new(file),
                ));
            }
        }
    }
    input.set_value("");
    out
}

#[cfg(not(feature = "hydrate"))]
fn picked(_: &leptos::ev::Event) -> Vec<(String, u64, send_wrapper::SendWrapper<JsFile>)> {
    Vec::new()
}

/// Sends one file with `XMLHttpRequest` (fetch has no upload progress) and reports its
/// state as it goes.
#[cfg(feature = "hydrate")]
fn send(
    kind: MediaKind,
    name: String,
    file: send_wrapper::SendWrapper<JsFile>,
    lang: Lang,
    report: impl Fn(State) + Clone + 'static,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let interrupted = message(MediaProblem::Interrupted, lang);
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        report(State::Failed(interrupted));
        return;
    };
    let url = format!(
        "/media/upload?kind={}&name={}",
        kind.as_str(),
        urlencoding::encode(&name)
    );
    if xhr.open("POST", &url).is_err() {
        report(State::Failed(interrupted));
        return;
    }
    let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
    if let Ok(upload) = xhr.upload() {
        let report = report.clone();
        let progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    report(State::Sending(
                        ((e.loaded() / e.total()) * 100.0).min(99.0) as u32
                    ));
                }
            });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    {
        let xhr2 = xhr.clone();
        let report = report.clone();
        let interrupted = interrupted.clone();
        let done = Closure::<dyn FnMut()>::new(move || {
            let body = xhr2.response_text().ok().flatten().unwrap_or_default();
            let status = xhr2.status().unwrap_or(0);
            let state = if status == 201 {
                match serde_json::from_str::<Attachment>(&body) {
                    Ok(a) => State::Done(a),
                    Err(_) => State::Failed(interrupted.clone()),
                }
            } else {
                match serde_json::from_str::<crate::dto::error::AppError>(&body) {
                    Ok(e) => State::Failed(e.message(lang)),
                    Err(_) if status == 413 => {
                        State::Failed(message(MediaProblem::TooBig(kind), lang))
                    }
                    Err(_) => State::Failed(interrupted.clone()),
                }
            };
            report(state);
        });
        xhr.set_onload(Some(done.as_ref().unchecked_ref()));
        done.forget();
    }
    {
        let failed =
            Closure::<dyn FnMut()>::new(move || report(State::Failed(interrupted.clone())));
        xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
        failed.forget();
    }
    let _ = xhr.send_with_opt_blob(Some(&file.take()));
}

#[cfg(not(feature = "hydrate"))]
fn send(
    _: MediaKind,
    _: String,
    _: send_wrapper::SendWrapper<JsFile>,
    _: Lang,
    _: impl Fn(State) + Clone + 'static,
) {
}
