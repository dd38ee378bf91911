//! The report page's engagement section (likes, follow, rating, "not satisfied", comments
//! and replies), the notifications page and the console's moderation queue. Every control
//! is a plain form, so each works without JavaScript; hydrated, the live stream refetches.

use crate::api::engagement::{
    get_engagement, moderation_queue, my_notifications, unread_notifications, DeleteComment,
    DeleteNotification, DeleteReadNotifications, EditComment, FollowReport, LikeComment,
    LikeReport, ModerateComment, NotSatisfied, OpenNotification, PostComment, RateReport,
};
use crate::api::AppError;
use crate::components::form::{last_error, FormAlert};
use crate::components::live::use_live;
use crate::domain::engagement::{CommentStatus, Satisfaction, COMMENT_MAX, REASON_MAX};
use crate::dto::engagement::{CommentView, Engagement, ModerationItem, NotificationView};
use crate::i18n::{
    comment_status_label, format_datetime, notification_text, satisfaction_label, use_lang,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The actions of the section, created once so a plain post's answer finds its form.
#[derive(Clone, Copy)]
struct Actions {
    comment: ServerAction<PostComment>,
    edit: ServerAction<EditComment>,
    delete: ServerAction<DeleteComment>,
    like: ServerAction<LikeReport>,
    like_comment: ServerAction<LikeComment>,
    follow: ServerAction<FollowReport>,
    rate: ServerAction<RateReport>,
    answer: ServerAction<NotSatisfied>,
}

/// Everything below a report's content: counters and buttons, rating, comments.
#[component]
pub fn EngagementSection(code: String) -> impl IntoView {
    let live = use_live();
    let query = use_query_map();
    let page = move || {
        query.with(|q| {
            q.get("cpage")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0)
        })
    };
    let actions = Actions {
        comment: ServerAction::new(),
        edit: ServerAction::new(),
        delete: ServerAction::new(),
        like: ServerAction::new(),
        like_comment: ServerAction::new(),
        follow: ServerAction::new(),
        rate: ServerAction::new(),
        answer: ServerAction::new(),
    };
    let versions = move || {
        (
            actions.comment.version().get(),
            actions.edit.version().get(),
            actions.delete.version().get(),
            actions.like.version().get(),
            actions.like_comment.version().get(),
            actions.follow.version().get(),
            actions.rate.version().get(),
            actions.answer.version().get(),
        )
    };
    // A comment or reply sent: its form is emptied (without JavaScript the redirect does it),
    // so the same text is not sent twice.
    Effect::new(move |_| {
        if let Some(Ok(())) = actions.comment.value().get() {
            clear_comment_forms();
        }
    });
    let code_key = code.clone();
    let data = Resource::new(
        move || (code_key.clone(), page(), live.report.get(), versions()),
        |(c, p, _, _)| get_engagement(c, Some(p)),
    );
    let t = use_lang().engagement();
    view! {
        <section class="engagement" id="engagement" data-testid="engagement">
            <Transition fallback=move || view! { <p class="loading" role="status">{t.loading}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(e) => view! { <EngagementView e actions/> }.into_any(),
                    Err(AppError::NotFound) => ().into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message(use_lang())}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn clear_comment_forms() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(forms) =
            doc.query_selector_all("#engagement form.comment-form, #engagement .reply-box form")
        {
            for i in 0..forms.length() {
                if let Some(f) = forms
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::HtmlFormElement>().ok())
                {
                    f.reset();
                }
            }
        }
    }
}

#[component]
fn EngagementView(e: Engagement, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let code = e.code.clone();
    let login_href = format!(
        "/login?next={}",
        urlencoding::encode(&format!("/reports/{code}"))
    );
    let bar = e.open.then(|| {
        let code = code.clone();
        let code2 = code.clone();
        view! {
            <div class="engage-bar">
                {if e.may_engage {
                    view! {
                        <ActionForm action=actions.like attr:class="inline-form">
                            <input type="hidden" name="code" value=code.clone()/>
                            <button type="submit" class="button small" class:on=e.liked aria-pressed=e.liked.to_string() data-testid="like-report">
                                {if e.liked { t.unlike } else { t.like }}
                            </button>
                        </ActionForm>
                        <ActionForm action=actions.follow attr:class="inline-form">
                            <input type="hidden" name="code" value=code2.clone()/>
                            <button type="submit" class="button small" class:on=e.following aria-pressed=e.following.to_string() data-testid="follow-report">
                                {if e.following { t.unfollow } else { t.follow }}
                            </button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p class="muted"><a href=login_href.clone()>{t.login}</a>" — "{t.login_to_engage}</p> }.into_any()
                }}
                <span class="counter" data-testid="like-count">{format!("{} {}", e.like_count, t.likes)}</span>
                {e.following.then(|| view! { <span class="muted small">{t.following_note}</span> })}
                <FormAlert error=last_error(actions.like.value())/>
                <FormAlert error=last_error(actions.follow.value())/>
            </div>
        }
    });
    let follow_ups = e.follow_ups.clone();
    let follow_ups = (!follow_ups.is_empty()).then(move || view! {
        <p class="follow-ups" data-testid="follow-ups">
            {t.follow_ups}": "
            {follow_ups.into_iter().map(|c| view! { <A href=format!("/reports/{c}")>{c.clone()}</A>" " }).collect_view()}
        </p>
    });
    view! {
        {bar}
        <RatingBlock e=e.clone() actions/>
        <AnswerBlock e=e.clone() actions/>
        {follow_ups}
        <CommentsBlock e actions/>
    }
    .into_any()
}

#[component]
fn RatingBlock(e: Engagement, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let shown = e.rating.clone().map(|r| {
        view! {
            <p class="rating" data-testid="rating">
                <strong>{t.rating_of_author}": "</strong>
                <span class=format!("satisfaction {}", r.level.as_str())>{satisfaction_label(lang, r.level)}</span>
                {r.comment.clone().map(|c| view! { " — " <q>{c}</q> })}
            </p>
        }
    });
    let rated_comment = e
        .rating
        .as_ref()
        .and_then(|r| r.comment.clone())
        .unwrap_or_default();
    let rate_code = e.code.clone();
    let form = e.may_rate.then(|| {
        let current = e.rating.as_ref().map(|r| r.level);
        view! {
            <details class="rate-box" open=current.is_none() data-testid="rate-box">
                <summary>{t.rating_title}</summary>
                <ActionForm action=actions.rate>
                    <input type="hidden" name="code" value=rate_code/>
                    <fieldset>
                        <legend>{t.rating_title}</legend>
                        {Satisfaction::ALL.into_iter().map(|s| view! {
                            <label class="choice">
                                <input type="radio" name="level" value=s.as_str() checked=current == Some(s) required=true/>
                                " "{satisfaction_label(lang, s)}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <label for="rating-comment">{t.rating_comment}</label>
                    <textarea id="rating-comment" name="comment" rows="2" maxlength=REASON_MAX>
                        {rated_comment}
                    </textarea>
                    <p class="hint">{t.rating_change}</p>
                    <FormAlert error=last_error(actions.rate.value())/>
                    <button type="submit" class="button primary" data-testid="rate-send">{t.rating_send}</button>
                </ActionForm>
            </details>
        }
    });
    let none = (e.rating.is_none() && !e.may_rate && e.open && e.may_answer).then(|| {
        view! {
            <p class="muted">{t.rating_none}</p>
        }
    });
    view! { {shown}{form}{none} }.into_any()
}

#[component]
fn AnswerBlock(e: Engagement, actions: Actions) -> impl IntoView {
    let t = use_lang().engagement();
    let answer = e.answer.clone().map(|a| {
        view! {
            <p class="notice" data-testid="answer"><strong>{t.answer_label}": "</strong>{a}</p>
        }
    });
    let form = e.may_answer.then(|| view! {
        <details class="answer-box" data-testid="answer-box">
            <summary>{t.ns_title}</summary>
            <p class="hint">{t.ns_intro}</p>
            <ActionForm action=actions.answer>
                <input type="hidden" name="code" value=e.code.clone()/>
                <label for="ns-reason">{t.ns_reason}</label>
                <textarea id="ns-reason" name="reason" rows="3" required=true minlength="20" maxlength=REASON_MAX></textarea>
                <fieldset>
                    <label class="choice"><input type="radio" name="way" value="response" checked=true/>" "{t.ns_response}</label>
                    <label class="choice"><input type="radio" name="way" value="follow_up"/>" "{t.ns_follow_up}</label>
                </fieldset>
                <FormAlert error=last_error(actions.answer.value())/>
                <button type="submit" class="button" data-testid="answer-send">{t.ns_response}" / "{t.ns_follow_up}</button>
            </ActionForm>
        </details>
    });
    view! { {answer}{form} }.into_any()
}

#[component]
fn CommentsBlock(e: Engagement, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    if !e.open {
        return view! { <p class="muted">{t.comments_closed}</p> }.into_any();
    }
    let code = e.code.clone();
    let form_code = code.clone();
    let new_form = e.may_engage.then(|| {
        view! {
            <ActionForm action=actions.comment attr:class="comment-form" attr:data-testid="comment-form">
                <input type="hidden" name="code" value=form_code/>
                <label for="comment-body">{t.comment_label}</label>
                <textarea id="comment-body" name="body" rows="3" required=true maxlength=COMMENT_MAX></textarea>
                <p class="hint">{t.comment_note}</p>
                <FormAlert error=last_error(actions.comment.value())/>
                <button type="submit" class="button primary" data-testid="comment-send">{t.comment_send}</button>
            </ActionForm>
        }
    });
    let list = if e.comments.is_empty() {
        view! { <p class="muted" data-testid="comments-empty">{t.comments_empty}</p> }.into_any()
    } else {
        view! {
            <ol class="comments" data-testid="comments">
                {e.comments.iter().map(|c| view! { <CommentItem c=c.clone() code=code.clone() may_engage=e.may_engage actions top=true/> }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let page = e.comment_page;
    let pager = (page > 0 || e.more_comments).then(|| {
        let code = code.clone();
        view! {
            <nav class="pager">
                {(page > 0).then(|| view! { <a href=format!("/reports/{code}?cpage={}#engagement", page - 1)>{t.newer_comments}</a> })}
                {e.more_comments.then(|| view! { <a href=format!("/reports/{code}?cpage={}#engagement", page + 1)>{t.more_comments}</a> })}
            </nav>
        }
    });
    view! {
        <h2>{t.comments_title}" ("{e.comment_count}")"</h2>
        {new_form}
        {list}
        {pager}
    }
    .into_any()
}

#[component]
fn CommentItem(
    c: CommentView,
    code: String,
    may_engage: bool,
    actions: Actions,
    top: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let badge = (c.status != CommentStatus::Approved).then(|| view! {
        <span class=format!("badge comment-{}", c.status.as_str()) data-testid="comment-status">{comment_status_label(lang, c.status)}</span>
    });
    let reason = c
        .reason
        .clone()
        .map(|r| view! { <p class="note"><strong>{t.reason}": "</strong>{r}</p> });
    let approved = c.status == CommentStatus::Approved;
    let (code1, code2, code3, code4, code5) = (
        code.clone(),
        code.clone(),
        code.clone(),
        code.clone(),
        code.clone(),
    );
    let body = c.body.clone();
    let like = (approved && may_engage).then(|| {
        view! {
            <ActionForm action=actions.like_comment attr:class="inline-form">
                <input type="hidden" name="code" value=code1/>
                <input type="hidden" name="id" value=c.id.to_string()/>
                <button type="submit" class="link-button" aria-pressed=c.liked.to_string()>
                    {if c.liked { t.unlike } else { t.like }}
                </button>
            </ActionForm>
        }
    });
    let reply = (approved && may_engage && top).then(|| {
        let field = format!("reply-{}", c.id);
        view! {
            <details class="reply-box">
                <summary class="link-button">{t.reply}</summary>
                <ActionForm action=actions.comment>
                    <input type="hidden" name="code" value=code2/>
                    <input type="hidden" name="parent" value=c.id.to_string()/>
                    <label for=field.clone()>{t.reply_label}</label>
                    <textarea id=field name="body" rows="2" required=true maxlength=COMMENT_MAX></textarea>
                    <button type="submit" class="button small primary" data-testid="reply-send">{t.reply_send}</button>
                </ActionForm>
            </details>
        }
    });
    let own_tools = (c.own && c.status == CommentStatus::Pending).then(|| {
        let field = format!("edit-{}", c.id);
        view! {
            <details class="edit-box">
                <summary class="link-button">{t.edit}</summary>
                <ActionForm action=actions.edit>
                    <input type="hidden" name="code" value=code3/>
                    <input type="hidden" name="id" value=c.id.to_string()/>
                    <label for=field.clone()>{t.comment_label}</label>
                    <textarea id=field name="body" rows="2" required=true maxlength=COMMENT_MAX>{body}</textarea>
                    <button type="submit" class="button small primary">{t.save}</button>
                </ActionForm>
            </details>
            <details class="confirm-box">
                <summary class="link-button danger">{t.delete}</summary>
                <p>{t.delete_comment_question}</p>
                <ActionForm action=actions.delete>
                    <input type="hidden" name="code" value=code4/>
                    <input type="hidden" name="id" value=c.id.to_string()/>
                    <button type="submit" class="button small danger" data-testid="comment-delete">{t.delete}</button>
                </ActionForm>
            </details>
        }
    });
    let replies = (!c.replies.is_empty()).then(|| view! {
        <ol class="replies">
            {c.replies.iter().map(|r| view! { <CommentItem c=r.clone() code=code5.clone() may_engage actions top=false/> }).collect_view()}
        </ol>
    });
    view! {
        <li class="comment" data-testid="comment" data-status=c.status.as_str()>
            <p class="comment-head">
                <strong>{c.author.clone()}</strong>" · "
                <time datetime=c.created_at.to_rfc3339()>{format_datetime(c.created_at)}</time>
                " "{badge}
            </p>
            <p class="comment-body">{c.body.clone()}</p>
            {reason}
            <div class="comment-tools">
                {(c.like_count > 0).then(|| view! { <span class="muted small">{format!("{} {}", c.like_count, t.likes)}</span> })}
                {like}{reply}{own_tools}
            </div>
            {replies}
        </li>
    }
    .into_any()
}

// ------------------------------------------------------------------ header badge

/// The header's notifications link with the unread count (logged-in users only).
#[component]
pub fn NotificationBell() -> impl IntoView {
    let live = use_live();
    let location = leptos_router::hooks::use_location();
    let t = use_lang().engagement();
    let unread = Resource::new(
        move || (location.pathname.get(), live.notifications.get()),
        |_| unread_notifications(),
    );
    // Its own resource, never the header's account: two boundaries awaiting one resource
    // stall server rendering (leptos#4578).
    view! {
        <Transition fallback=|| ()>
            {move || {
                unread.get().map(|n| match n {
                    Ok(Some(n)) => view! {
                        <A href="/me/notifications" attr:class="nav-bell" attr:data-testid="nav-notifications">
                            {t.nav_notifications}
                            {(n > 0).then(|| view! {
                                <span class="badge unread-badge" data-testid="unread-badge" aria-label=format!("{n} {}", t.badge_label)>
                                    {if n > 99 { "99+".to_string() } else { n.to_string() }}
                                </span>
                            })}
                        </A>
                    }.into_any(),
                    _ => ().into_any(),
                })
            }}
        </Transition>
    }
}

// ------------------------------------------------------------------ notifications page

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let live = use_live();
    let query = use_query_map();
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0)
        })
    };
    let open = ServerAction::<OpenNotification>::new();
    let delete = ServerAction::<DeleteNotification>::new();
    let delete_read = ServerAction::<DeleteReadNotifications>::new();
    let list = Resource::new(
        move || {
            (
                page(),
                live.notifications.get(),
                delete.version().get(),
                delete_read.version().get(),
            )
        },
        |(p, _, _, _)| my_notifications(Some(p)),
    );
    view! {
        <Title text=t.notifications_title/>
        <section class="notifications-page" data-testid="notifications-page">
            <h1>{t.notifications_title}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{t.loading}</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) => {
                        let any_read = p.items.iter().any(|n| n.read);
                        let pg = p.page;
                        view! {
                            {if p.items.is_empty() {
                                view! { <p class="muted" data-testid="notifications-empty">{t.notifications_empty}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="notifications" role="list">
                                        {p.items.into_iter().map(|n| view! { <NotificationRow n open delete/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <nav class="pager">
                                {(pg > 0).then(|| view! { <a href=format!("/me/notifications?page={}", pg - 1)>{t.prev}</a> })}
                                {p.more.then(|| view! { <a href=format!("/me/notifications?page={}", pg + 1)>{t.next}</a> })}
                            </nav>
                            {any_read.then(|| view! {
                                <details class="confirm-box">
                                    <summary class="button small danger-outline">{t.delete_read}</summary>
                                    <p>{t.delete_read_question}</p>
                                    <ActionForm action=delete_read>
                                        <button type="submit" class="button small danger" data-testid="delete-read">{t.delete_read}</button>
                                    </ActionForm>
                                </details>
                            })}
                        }.into_any()
                    }
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        match e {
                            AppError::Denied(_) => view! {
                                <section class="page-message" data-testid="login-required">
                                    <p>{lang.account().login_required}</p>
                                    <p><a class="button primary" href="/login?next=%2Fme%2Fnotifications">{lang.account().nav_login}</a></p>
                                </section>
                            }.into_any(),
                            e => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotificationRow(
    n: NotificationView,
    open: ServerAction<OpenNotification>,
    delete: ServerAction<DeleteNotification>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let text = notification_text(lang, &n.kind, n.code.as_deref(), &n.text);
    view! {
        <li class="notification" class:unread=!n.read data-testid="notification" data-read=n.read.to_string()>
            <p>
                {(!n.read).then(|| view! { <span class="badge unread">{t.unread}</span>" " })}
                {text}
            </p>
            <p class="muted small"><time datetime=n.created_at.to_rfc3339()>{format_datetime(n.created_at)}</time></p>
            <div class="row-tools">
                <ActionForm action=open attr:class="inline-form">
                    <input type="hidden" name="id" value=n.id.to_string()/>
                    <button type="submit" class="button small" data-testid="notification-open">{t.open}</button>
                </ActionForm>
                {n.read.then(|| view! {
                    <ActionForm action=delete attr:class="inline-form">
                        <input type="hidden" name="id" value=n.id.to_string()/>
                        <button type="submit" class="button small danger-outline" data-testid="notification-delete">{t.delete}</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
    .into_any()
}

// ------------------------------------------------------------------ moderation

#[component]
pub fn ModerationPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let live = use_live();
    let query = use_query_map();
    let status = move || {
        query.with(|q| {
            q.get("status")
                .and_then(|s| CommentStatus::parse(&s))
                .unwrap_or(CommentStatus::Pending)
        })
    };
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0)
        })
    };
    let decide = ServerAction::<ModerateComment>::new();
    let list = Resource::new(
        move || {
            (
                status(),
                page(),
                live.moderation.get(),
                decide.version().get(),
            )
        },
        |(s, p, _, _)| moderation_queue(Some(s.as_str().to_string()), Some(p)),
    );
    view! {
        <Title text=t.moderation_title/>
        <section class="moderation-page" data-testid="moderation-page">
            <p class="crumbs"><A href="/console">{lang.console().title}</A></p>
            <h1>{t.moderation_title}</h1>
            <nav class="console-tabs" aria-label=t.moderation_title data-testid="moderation-tabs">
                {CommentStatus::ALL.into_iter().map(|s| view! {
                    <a href=format!("/console/comments?status={}", s.as_str())
                        class="console-tab" class:current=move || status() == s
                        aria-current=move || (status() == s).then_some("page")>
                        {comment_status_label(lang, s)}
                    </a>
                }).collect_view()}
            </nav>
            <FormAlert error=last_error(decide.value())/>
            <Transition fallback=move || view! { <p class="loading" role="status">{t.loading}</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) => {
                        let pg = p.page;
                        let s = p.status;
                        view! {
                            {if p.items.is_empty() {
                                view! { <p class="muted" data-testid="queue-empty">{t.queue_empty}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="moderation" role="list">
                                        {p.items.into_iter().map(|item| view! { <ModerationRow item decide/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <nav class="pager">
                                {(pg > 0).then(|| view! { <a href=format!("/console/comments?status={}&page={}", s.as_str(), pg - 1)>{t.prev}</a> })}
                                {p.more.then(|| view! { <a href=format!("/console/comments?status={}&page={}", s.as_str(), pg + 1)>{t.next}</a> })}
                            </nav>
                        }.into_any()
                    }
                    Err(e) => {
                        crate::pages::set_status(e.status_code());
                        view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ModerationRow(item: ModerationItem, decide: ServerAction<ModerateComment>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.engagement();
    let field = format!("reason-{}", item.id);
    let decisions: Vec<(&str, &str)> = match item.status {
        CommentStatus::Pending => vec![("approve", t.approve), ("reject", t.reject)],
        CommentStatus::Approved => vec![("hide", t.hide)],
        _ => vec![],
    };
    view! {
        <li class="moderation-item" data-testid="moderation-item">
            <p class="muted small">
                {t.on_report}" "<A href=format!("/reports/{}", item.code)>{item.code.clone()}</A>" — "{item.report_title.clone()}
            </p>
            {item.parent_body.clone().map(|p| view! { <p class="muted small">{t.in_reply_to}" "<q>{p}</q></p> })}
            <p class="comment-head"><strong>{item.author.clone()}</strong>" · "{format_datetime(item.created_at)}</p>
            <p class="comment-body">{item.body.clone()}</p>
            {item.reason.clone().map(|r| view! { <p class="note"><strong>{t.reason}": "</strong>{r}</p> })}
            {(!decisions.is_empty()).then(|| view! {
                <div class="row-tools">
                    {decisions.into_iter().map(|(d, label)| {
                        let field = format!("{field}-{d}");
                        let needs = d != "approve";
                        view! {
                            <ActionForm action=decide attr:class="inline-form moderation-form">
                                <input type="hidden" name="id" value=item.id.to_string()/>
                                <input type="hidden" name="decision" value=d/>
                                <input type="hidden" name="status" value=item.status.as_str()/>
                                {needs.then(|| view! {
                                    <label for=field.clone() class="sr-only">{t.moderation_reason}</label>
                                    <input id=field.clone() name="reason" required=true minlength="5" maxlength=REASON_MAX placeholder=t.moderation_reason/>
                                })}
                                <button type="submit" class=if needs { "button small danger-outline" } else { "button small primary" } data-testid=format!("moderate-{d}")>{label}</button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
            })}
        </li>
    }
    .into_any()
}
