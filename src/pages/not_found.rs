use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    super::set_status(404);
    let t = use_lang().strings();
    view! {
        <Title text=t.not_found_title/>
        <section class="page-message">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><A href="/">{t.back_to_map}</A></p>
        </section>
    }
}
