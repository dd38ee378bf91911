//! A report's media on its page: photo thumbnails that open a full-screen viewer (swipe or
//! the arrows between photos; it works without JavaScript: links to anchors and CSS, marked
//! `rel="external"` so the router leaves them to the browser, which moves `:target`), the
//! video playable in place, files as downloads. Everything loads lazily: the page itself
//! carries only thumbnails, and the video only when played.

use crate::domain::media::MediaKind;
use crate::dto::media::Attachment;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn ReportMedia(media: Vec<Attachment>) -> AnyView {
    let f = use_lang().filing();
    let photos: Vec<Attachment> = media
        .iter()
        .filter(|m| m.kind == MediaKind::Photo)
        .cloned()
        .collect();
    let videos: Vec<Attachment> = media
        .iter()
        .filter(|m| m.kind == MediaKind::Video)
        .cloned()
        .collect();
    let files: Vec<Attachment> = media
        .iter()
        .filter(|m| m.kind == MediaKind::File)
        .cloned()
        .collect();
    let total = photos.len();
    let n_of = move |i: usize| {
        f.photo_of
            .replace("{n}", &(i + 1).to_string())
            .replace("{total}", &total.to_string())
    };
    let photo_section = (!photos.is_empty()).then(|| {
        let thumbs = photos.clone();
        view! {
            <section class="gallery" data-testid="gallery">
                <h2>{f.gallery_title}</h2>
                <ul class="thumbs">
                    {thumbs.into_iter().enumerate().map(|(i, p)| view! {
                        <li>
                            <a href=format!("#photo-{}", i + 1) rel="external" aria-label=n_of(i)>
                                <img src=p.thumb_url() alt=n_of(i) loading="lazy" decoding="async"
                                    width=thumb_size(&p).0.to_string()
                                    height=thumb_size(&p).1.to_string()/>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
                <div class="lightbox" data-testid="lightbox">
                    <a class="lightbox-close" href="#gallery-closed" rel="external" aria-label=f.close>"×"</a>
                    <div class="lightbox-strip">
                        {photos.into_iter().enumerate().map(|(i, p)| view! {
                            <figure id=format!("photo-{}", i + 1)>
                                <img src=p.url() alt=n_of(i) loading="lazy" decoding="async"/>
                                <figcaption>
                                    {(i > 0).then(|| view! { <a href=format!("#photo-{i}") rel="external" aria-label=f.previous>"‹"</a> })}
                                    <span>{n_of(i)}</span>
                                    {(i + 1 < total).then(|| view! { <a href=format!("#photo-{}", i + 2) rel="external" aria-label=f.next>"›"</a> })}
                                </figcaption>
                            </figure>
                        }).collect_view()}
                    </div>
                </div>
            </section>
        }
    });
    let video_section = (!videos.is_empty()).then(|| {
        view! {
            <section class="video" data-testid="video">
                <h2>{f.video_title}</h2>
                {videos.into_iter().map(|v| view! {
                    <video controls=true preload="none" playsinline=true src=v.url()>
                        <a href=v.url()>{f.video_unsupported}" "{f.download}</a>
                    </video>
                }).collect_view()}
            </section>
        }
    });
    let file_section = (!files.is_empty()).then(|| view! {
        <section class="files" data-testid="files">
            <h2>{f.files_title}</h2>
            <ul>
                {files.into_iter().map(|d| {
                    let name = d.name.clone().unwrap_or_else(|| f.download.to_string());
                    view! {
                        <li><a href=d.url() download=name.clone()>{name.clone()}</a>" · "{d.size_text()}</li>
                    }
                }).collect_view()}
            </ul>
        </section>
    });
    // Erased: the report page's view type is deep enough already.
    view! { {photo_section} {video_section} {file_section} }.into_any()
}

/// A thumbnail's size (the stored one's), so the page does not jump as it loads.
fn thumb_size(p: &Attachment) -> (u32, u32) {
    match (p.width, p.height) {
        (Some(w), Some(h)) => crate::domain::media::fit(w, h, crate::domain::media::THUMB_EDGE),
        _ => (400, 300),
    }
}
