//! Pieces shared by several pages.

pub mod form;
pub mod form_memory;
pub mod gallery;
pub mod live;
pub mod map;
pub mod share;
pub mod upload;

use crate::domain::lifecycle::{Level, Status};
use crate::i18n::use_lang;
use crate::i18n::{level_label, status_label};
use leptos::prelude::*;

/// The colour of a status, on the map and in badges. The CSS classes `status-*` use the same values.
pub fn status_color(s: Status) -> &'static str {
    match s {
        Status::Draft | Status::Withdrawn => "#6b7280",
        Status::Submitted => "#0ea5e9",
        Status::Rejected | Status::Duplicate => "#9ca3af",
        Status::Verified => "#2563eb",
        Status::Dispatched => "#7c3aed",
        Status::Processing => "#d97706",
        Status::Resolved => "#0d9488",
        Status::Published => "#16a34a",
        Status::Closed => "#4b5563",
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("badge status status-{}", status.as_str())>{status_label(lang, status)}</span>
    }
}

#[component]
pub fn LevelBadge(level: Level) -> impl IntoView {
    let lang = use_lang();
    (level == Level::Urgent).then(|| {
        view! { <span class="badge urgent" title=level_label(lang, level)>{lang.strings().level_urgent_badge}</span> }
    })
}

#[component]
pub fn OverdueBadge(overdue: bool) -> impl IntoView {
    let t = use_lang().strings();
    overdue.then(|| view! { <span class="badge overdue">{t.overdue_badge}</span> })
}
