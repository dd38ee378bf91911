//! The report state machine.
//!
//! Every status change in PAHT goes through [`transition`]; server functions call it and
//! record the result as an event, the UI asks [`allowed_actions`] which buttons to show.
//! Keeping the rules in one pure function lets one exhaustive test cover every combination.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Generates `ALL`, `as_str`, `parse` and `Display` from one list, so the database spelling,
/// URL spelling and serde spelling of a variant can never drift apart (a test checks serde).
macro_rules! string_enum {
    ($ty:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order (for filters, dropdowns and tests).
            pub const ALL: [$ty; [$($s),+].len()] = [$($ty::$variant),+];

            /// The stable snake_case name used in the database, URLs and JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $s,)+
                }
            }

            /// Inverse of `as_str`; strict, because these names come from our own storage and URLs.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($s => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Where a report stands; see the lifecycle table in DESIGN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Withdrawn,
    Rejected,
    Duplicate,
    Verified,
    Dispatched,
    Processing,
    Resolved,
    Published,
    Closed,
}

string_enum!(Status {
    Draft => "draft",
    Submitted => "submitted",
    Withdrawn => "withdrawn",
    Rejected => "rejected",
    Duplicate => "duplicate",
    Verified => "verified",
    Dispatched => "dispatched",
    Processing => "processing",
    Resolved => "resolved",
    Published => "published",
    Closed => "closed",
});

impl Status {
    /// Final statuses accept no further action, so inboxes and reminders can skip them.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Withdrawn | Status::Rejected | Status::Duplicate | Status::Closed
        )
    }

    /// Only reports the centre has verified may be shown to the public (if marked public);
    /// drafts, unchecked submissions and refused reports never are.
    pub fn is_public_visible(self) -> bool {
        matches!(
            self,
            Status::Verified
                | Status::Dispatched
                | Status::Processing
                | Status::Resolved
                | Status::Published
                | Status::Closed
        )
    }

    /// A deadline runs only while the report waits on the government side; once resolved,
    /// the agency has done its part, so it cannot become overdue any more.
    pub fn counts_for_overdue(self) -> bool {
        matches!(
            self,
            Status::Verified | Status::Dispatched | Status::Processing
        )
    }
}

/// Urgency set by the operator; it shortens the deadline and sorts first in inboxes
/// (hence `Ord`: `Urgent > Normal`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[default]
    Normal,
    Urgent,
}

string_enum!(Level {
    Normal => "normal",
    Urgent => "urgent",
});

/// How a report reached the centre; kept for statistics and for Open311 interoperability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    App,
    Hotline,
    Fanpage,
    WalkIn,
    Email,
    Open311,
}

string_enum!(Channel {
    Web => "web",
    App => "app",
    Hotline => "hotline",
    Fanpage => "fanpage",
    WalkIn => "walk_in",
    Email => "email",
    Open311 => "open311",
});

/// A user's role. `System` is the scheduler (auto-close), so its actions are audited
/// under a distinct name rather than borrowing an operator's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Anonymous,
    Citizen,
    Operator,
    Officer,
    Admin,
    System,
}

string_enum!(Role {
    Anonymous => "anonymous",
    Citizen => "citizen",
    Operator => "operator",
    Officer => "officer",
    Admin => "admin",
    System => "system",
});

/// Who is acting, relative to the report.
///
/// The caller computes the two flags from the session and the report row, so the rules
/// stay pure and testable without a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub is_author: bool,
    pub of_assigned_agency: bool,
}

/// Something a person (or the scheduler) does to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    SaveDraft,
    EditDraft,
    DeleteDraft,
    Submit,
    FileOnBehalf,
    Withdraw,
    Reject,
    MarkDuplicate,
    Verify,
    Dispatch,
    Accept,
    Return,
    Transfer,
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    Resolve,
    SendBack,
    Publish,
    Rate,
    NotSatisfied,
    Close,
}

string_enum!(Action {
    SaveDraft => "save_draft",
    EditDraft => "edit_draft",
    DeleteDraft => "delete_draft",
    Submit => "submit",
    FileOnBehalf => "file_on_behalf",
    Withdraw => "withdraw",
    Reject => "reject",
    MarkDuplicate => "mark_duplicate",
    Verify => "verify",
    Dispatch => "dispatch",
    Accept => "accept",
    Return => "return",
    Transfer => "transfer",
    RequestExtension => "request_extension",
    ApproveExtension => "approve_extension",
    RefuseExtension => "refuse_extension",
    Resolve => "resolve",
    SendBack => "send_back",
    Publish => "publish",
    Rate => "rate",
    NotSatisfied => "not_satisfied",
    Close => "close",
});

/// Why an action was refused. The messages are for logs; user-facing texts live in i18n.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    /// This role may never do this action, whatever the report.
    #[error("this role may never take this action")]
    RoleNotAllowed,
    #[error("only the author of the report may take this action")]
    NotAuthor,
    #[error("only an officer of the assigned agency may take this action")]
    NotAssignedAgency,
    #[error("action `{action}` is not allowed from status `{}`", from_label(.from))]
    WrongStatus {
        from: Option<Status>,
        action: Action,
    },
    /// The time window for rating or declaring "not satisfied" has passed.
    #[error("the time window for this action has passed")]
    WindowClosed,
}

fn from_label(from: &Option<Status>) -> &'static str {
    from.map_or("none (new report)", Status::as_str)
}

/// Who may take an action, before looking at the report's status.
struct Who {
    roles: &'static [Role],
    /// Must be the report's author (only checked for an existing report).
    author: bool,
    /// Must belong to the agency the report is dispatched to.
    agency: bool,
}

fn who(action: Action) -> Who {
    use Action::*;
    const CITIZEN: &[Role] = &[Role::Citizen];
    const OPERATOR: &[Role] = &[Role::Operator];
    const OFFICER: &[Role] = &[Role::Officer];
    const CLOSER: &[Role] = &[Role::Operator, Role::System];
    let (roles, author, agency) = match action {
        SaveDraft | EditDraft | DeleteDraft | Submit | Withdraw | Rate | NotSatisfied => {
            (CITIZEN, true, false)
        }
        FileOnBehalf | Reject | MarkDuplicate | Verify | Dispatch | Transfer | ApproveExtension
        | RefuseExtension | SendBack | Publish => (OPERATOR, false, false),
        Accept | Return | RequestExtension | Resolve => (OFFICER, false, true),
        Close => (CLOSER, false, false),
    };
    Who {
        roles,
        author,
        agency,
    }
}

/// The only place a report status changes.
///
/// `from` is `None` for actions that create a report (SaveDraft, FileOnBehalf, and Submit of a
/// brand-new report without a draft). With `from == None` there is no author yet: the actor
/// becomes the author, so `is_author` is not checked.
///
/// Checks run in the order role, then author/agency, then status, so the refusal names the
/// most fundamental reason (an admin is told "role", not "wrong status").
/// Time windows (rating, not satisfied) need clocks and are checked by the caller with
/// [`may_rate`] and [`may_declare_not_satisfied`], which map to [`Refusal::WindowClosed`].
pub fn transition(from: Option<Status>, actor: Actor, action: Action) -> Result<Status, Refusal> {
    use Action::*;
    use Status::*;

    let who = who(action);
    if !who.roles.contains(&actor.role) {
        return Err(Refusal::RoleNotAllowed);
    }
    if who.author && from.is_some() && !actor.is_author {
        return Err(Refusal::NotAuthor);
    }
    if who.agency && !actor.of_assigned_agency {
        return Err(Refusal::NotAssignedAgency);
    }

    let to = match (action, from) {
        (SaveDraft, None) => Draft,
        // DeleteDraft "results" in Draft; the caller deletes the row.
        (EditDraft | DeleteDraft, Some(Draft)) => Draft,
        (Submit, None | Some(Draft)) => Submitted,
        (FileOnBehalf, None) => Submitted,
        (Withdraw, Some(Submitted)) => Withdrawn,
        (Reject, Some(Submitted)) => Rejected,
        (MarkDuplicate, Some(Submitted)) => Duplicate,
        (Verify, Some(Submitted)) => Verified,
        (Dispatch, Some(Verified)) => Dispatched,
        (Accept, Some(Dispatched)) => Processing,
        (Return, Some(Dispatched | Processing)) => Verified,
        (Transfer, Some(Verified | Dispatched | Processing)) => Dispatched,
        (RequestExtension | ApproveExtension | RefuseExtension, Some(Processing)) => Processing,
        (Resolve, Some(Processing)) => Resolved,
        (SendBack, Some(Resolved)) => Processing,
        (Publish, Some(Resolved)) => Published,
        // NotSatisfied's follow-up report is created by the caller.
        (Rate | NotSatisfied, Some(Published)) => Published,
        (Close, Some(Published)) => Closed,
        _ => return Err(Refusal::WrongStatus { from, action }),
    };
    Ok(to)
}

/// Actions the actor may take now (for the UI's buttons); consistent with [`transition`]
/// by construction, in [`Action::ALL`] order.
pub fn allowed_actions(from: Option<Status>, actor: Actor) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&action| transition(from, actor, action).is_ok())
        .collect()
}

/// A rating may be changed for this many days after the first rating.
pub const RATING_CHANGE_DAYS: i64 = 7;
/// "Not satisfied" (which opens a follow-up report) is possible for this many days after publishing.
pub const NOT_SATISFIED_DAYS: i64 = 30;
/// A published report closes automatically this many days after publishing.
pub const AUTO_CLOSE_DAYS: i64 = 30;

/// `start + days`, or `None` when that is beyond chrono's range (the window then never ends).
fn plus_days(start: DateTime<Utc>, days: i64) -> Option<DateTime<Utc>> {
    start.checked_add_signed(TimeDelta::try_days(days)?)
}

/// Is `now` before the end of the window that opens at `start` and lasts `days`?
/// Windows are half-open, so "not satisfied" and auto-close never overlap or leave a gap.
fn within(start: DateTime<Utc>, days: i64, now: DateTime<Utc>) -> bool {
    plus_days(start, days).is_none_or(|end| now < end)
}

/// May the author rate / change the rating now?
///
/// The first rating is allowed any time while published (the status check is [`transition`]'s).
/// A change is allowed only within [`RATING_CHANGE_DAYS`] of the first rating, so ratings
/// settle and statistics stay stable. A first rating stamped before publishing (imported data)
/// counts from publishing.
pub fn may_rate(
    published_at: DateTime<Utc>,
    first_rated_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match first_rated_at {
        None => true,
        Some(first) => within(first.max(published_at), RATING_CHANGE_DAYS, now),
    }
}

/// The author may declare "not satisfied" within [`NOT_SATISFIED_DAYS`] of publishing.
pub fn may_declare_not_satisfied(published_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    within(published_at, NOT_SATISFIED_DAYS, now)
}

/// Published reports close themselves [`AUTO_CLOSE_DAYS`] after publishing — exactly when
/// the "not satisfied" window ends, so a citizen never loses that chance to the scheduler.
pub fn due_for_auto_close(published_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    !within(published_at, AUTO_CLOSE_DAYS, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ROLES: [Role; 6] = Role::ALL;

    /// Independent statement of DESIGN.md's lifecycle table:
    /// (action, allowed roles, needs author, needs assigned agency, from, to).
    /// `to == None` means "same status as from".
    #[allow(clippy::type_complexity)]
    const TABLE: &[(
        Action,
        &[Role],
        bool,
        bool,
        &[Option<Status>],
        Option<Status>,
    )] = {
        use Action as A;
        use Role as R;
        use Status as S;
        &[
            (
                A::SaveDraft,
                &[R::Citizen],
                true,
                false,
                &[None],
                Some(S::Draft),
            ),
            (
                A::EditDraft,
                &[R::Citizen],
                true,
                false,
                &[Some(S::Draft)],
                None,
            ),
            (
                A::DeleteDraft,
                &[R::Citizen],
                true,
                false,
                &[Some(S::Draft)],
                None,
            ),
            (
                A::Submit,
                &[R::Citizen],
                true,
                false,
                &[None, Some(S::Draft)],
                Some(S::Submitted),
            ),
            (
                A::FileOnBehalf,
                &[R::Operator],
                false,
                false,
                &[None],
                Some(S::Submitted),
            ),
            (
                A::Withdraw,
                &[R::Citizen],
                true,
                false,
                &[Some(S::Submitted)],
                Some(S::Withdrawn),
            ),
            (
                A::Reject,
                &[R::Operator],
                false,
                false,
                &[Some(S::Submitted)],
                Some(S::Rejected),
            ),
            (
                A::MarkDuplicate,
                &[R::Operator],
                false,
                false,
                &[Some(S::Submitted)],
                Some(S::Duplicate),
            ),
            (
                A::Verify,
                &[R::Operator],
                false,
                false,
                &[Some(S::Submitted)],
                Some(S::Verified),
            ),
            (
                A::Dispatch,
                &[R::Operator],
                false,
                false,
                &[Some(S::Verified)],
                Some(S::Dispatched),
            ),
            (
                A::Accept,
                &[R::Officer],
                false,
                true,
                &[Some(S::Dispatched)],
                Some(S::Processing),
            ),
            (
                A::Return,
                &[R::Officer],
                false,
                true,
                &[Some(S::Dispatched), Some(S::Processing)],
                Some(S::Verified),
            ),
            (
                A::Transfer,
                &[R::Operator],
                false,
                false,
                &[Some(S::Verified), Some(S::Dispatched), Some(S::Processing)],
                Some(S::Dispatched),
            ),
            (
                A::RequestExtension,
                &[R::Officer],
                false,
                true,
                &[Some(S::Processing)],
                None,
            ),
            (
                A::ApproveExtension,
                &[R::Operator],
                false,
                false,
                &[Some(S::Processing)],
                None,
            ),
            (
                A::RefuseExtension,
                &[R::Operator],
                false,
                false,
                &[Some(S::Processing)],
                None,
            ),
            (
                A::Resolve,
                &[R::Officer],
                false,
                true,
                &[Some(S::Processing)],
                Some(S::Resolved),
            ),
            (
                A::SendBack,
                &[R::Operator],
                false,
                false,
                &[Some(S::Resolved)],
                Some(S::Processing),
            ),
            (
                A::Publish,
                &[R::Operator],
                false,
                false,
                &[Some(S::Resolved)],
                Some(S::Published),
            ),
            (
                A::Rate,
                &[R::Citizen],
                true,
                false,
                &[Some(S::Published)],
                None,
            ),
            (
                A::NotSatisfied,
                &[R::Citizen],
                true,
                false,
                &[Some(S::Published)],
                None,
            ),
            (
                A::Close,
                &[R::Operator, R::System],
                false,
                false,
                &[Some(S::Published)],
                Some(S::Closed),
            ),
        ]
    };

    fn all_froms() -> Vec<Option<Status>> {
        std::iter::once(None)
            .chain(Status::ALL.into_iter().map(Some))
            .collect()
    }

    fn all_actors() -> Vec<Actor> {
        let mut out = Vec::new();
        for role in ROLES {
            for is_author in [false, true] {
                for of_assigned_agency in [false, true] {
                    out.push(Actor {
                        role,
                        is_author,
                        of_assigned_agency,
                    });
                }
            }
        }
        out
    }

    fn expected(from: Option<Status>, actor: Actor, action: Action) -> Result<Status, Refusal> {
        let row = TABLE
            .iter()
            .find(|row| row.0 == action)
            .expect("every action is in the table");
        let (_, roles, author, agency, froms, to) = *row;
        if !roles.contains(&actor.role) {
            return Err(Refusal::RoleNotAllowed);
        }
        // A report that does not exist yet has no author to compare with.
        if author && from.is_some() && !actor.is_author {
            return Err(Refusal::NotAuthor);
        }
        if agency && !actor.of_assigned_agency {
            return Err(Refusal::NotAssignedAgency);
        }
        if !froms.contains(&from) {
            return Err(Refusal::WrongStatus { from, action });
        }
        Ok(to.or(from).expect("same-status rows never start from None"))
    }

    #[test]
    fn table_covers_every_action_once() {
        for action in Action::ALL {
            assert_eq!(
                TABLE.iter().filter(|r| r.0 == action).count(),
                1,
                "{action}"
            );
        }
        assert_eq!(TABLE.len(), Action::ALL.len());
    }

    #[test]
    fn transition_matches_table_for_every_combination() {
        let mut checked = 0;
        for from in all_froms() {
            for actor in all_actors() {
                for action in Action::ALL {
                    assert_eq!(
                        transition(from, actor, action),
                        expected(from, actor, action),
                        "from={from:?} actor={actor:?} action={action}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 12 * 6 * 2 * 2 * 22);
    }

    #[test]
    fn allowed_actions_agree_with_transition() {
        for from in all_froms() {
            for actor in all_actors() {
                let allowed = allowed_actions(from, actor);
                for action in Action::ALL {
                    assert_eq!(
                        allowed.contains(&action),
                        transition(from, actor, action).is_ok(),
                        "from={from:?} actor={actor:?} action={action}"
                    );
                }
                let mut sorted = allowed.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(sorted, allowed, "in Action::ALL order, no duplicates");
            }
        }
    }

    fn actor(role: Role, is_author: bool, of_assigned_agency: bool) -> Actor {
        Actor {
            role,
            is_author,
            of_assigned_agency,
        }
    }

    #[test]
    fn happy_path_walks_the_whole_lifecycle() {
        let author = actor(Role::Citizen, true, false);
        let op = actor(Role::Operator, false, false);
        let officer = actor(Role::Officer, false, true);
        let sys = actor(Role::System, false, false);
        let mut s = transition(None, author, Action::SaveDraft).unwrap();
        assert_eq!(s, Status::Draft);
        for (who, action, to) in [
            (author, Action::EditDraft, Status::Draft),
            (author, Action::Submit, Status::Submitted),
            (op, Action::Verify, Status::Verified),
            (op, Action::Dispatch, Status::Dispatched),
            (officer, Action::Return, Status::Verified),
            (op, Action::Transfer, Status::Dispatched),
            (officer, Action::Accept, Status::Processing),
            (officer, Action::RequestExtension, Status::Processing),
            (op, Action::ApproveExtension, Status::Processing),
            (op, Action::RefuseExtension, Status::Processing),
            (officer, Action::Resolve, Status::Resolved),
            (op, Action::SendBack, Status::Processing),
            (officer, Action::Resolve, Status::Resolved),
            (op, Action::Publish, Status::Published),
            (author, Action::Rate, Status::Published),
            (author, Action::NotSatisfied, Status::Published),
            (sys, Action::Close, Status::Closed),
        ] {
            s = transition(Some(s), who, action).unwrap();
            assert_eq!(s, to, "{action}");
        }
        assert!(s.is_final());
        assert!(allowed_actions(Some(s), op).is_empty());
    }

    #[test]
    fn refusal_order_is_role_then_ownership_then_status() {
        // Admin: separation of duties, whatever the flags and status.
        let admin = actor(Role::Admin, true, true);
        for from in all_froms() {
            for action in Action::ALL {
                assert_eq!(
                    transition(from, admin, action),
                    Err(Refusal::RoleNotAllowed)
                );
            }
        }
        assert!(allowed_actions(None, actor(Role::Anonymous, true, true)).is_empty());
        // Not the author, and wrong status: ownership is reported first.
        assert_eq!(
            transition(
                Some(Status::Closed),
                actor(Role::Citizen, false, false),
                Action::Withdraw
            ),
            Err(Refusal::NotAuthor)
        );
        assert_eq!(
            transition(
                Some(Status::Closed),
                actor(Role::Officer, true, false),
                Action::Accept
            ),
            Err(Refusal::NotAssignedAgency)
        );
        assert_eq!(
            transition(
                Some(Status::Verified),
                actor(Role::Officer, false, true),
                Action::Accept
            ),
            Err(Refusal::WrongStatus {
                from: Some(Status::Verified),
                action: Action::Accept
            })
        );
    }

    #[test]
    fn creating_actions_ignore_authorship_flag() {
        let stranger = actor(Role::Citizen, false, false);
        assert_eq!(
            transition(None, stranger, Action::SaveDraft),
            Ok(Status::Draft)
        );
        assert_eq!(
            transition(None, stranger, Action::Submit),
            Ok(Status::Submitted)
        );
        assert_eq!(
            transition(Some(Status::Draft), stranger, Action::Submit),
            Err(Refusal::NotAuthor)
        );
        assert_eq!(
            transition(
                None,
                actor(Role::Operator, false, false),
                Action::FileOnBehalf
            ),
            Ok(Status::Submitted)
        );
        assert_eq!(
            allowed_actions(None, stranger),
            vec![Action::SaveDraft, Action::Submit]
        );
    }

    #[test]
    fn allowed_actions_for_typical_screens() {
        let op = actor(Role::Operator, false, false);
        assert_eq!(
            allowed_actions(Some(Status::Submitted), op),
            vec![Action::Reject, Action::MarkDuplicate, Action::Verify]
        );
        assert_eq!(
            allowed_actions(Some(Status::Processing), actor(Role::Officer, false, true)),
            vec![Action::Return, Action::RequestExtension, Action::Resolve]
        );
        assert!(
            allowed_actions(Some(Status::Processing), actor(Role::Officer, false, false))
                .is_empty()
        );
        assert_eq!(
            allowed_actions(Some(Status::Draft), actor(Role::Citizen, true, false)),
            vec![Action::EditDraft, Action::DeleteDraft, Action::Submit]
        );
    }

    #[test]
    fn status_predicates() {
        use Status::*;
        for s in Status::ALL {
            assert_eq!(
                s.is_final(),
                matches!(s, Withdrawn | Rejected | Duplicate | Closed),
                "{s}"
            );
            assert_eq!(
                s.is_public_visible(),
                matches!(
                    s,
                    Verified | Dispatched | Processing | Resolved | Published | Closed
                ),
                "{s}"
            );
            assert_eq!(
                s.counts_for_overdue(),
                matches!(s, Verified | Dispatched | Processing),
                "{s}"
            );
            // A final status accepts no action from anyone.
            if s.is_final() {
                for a in all_actors() {
                    assert!(allowed_actions(Some(s), a).is_empty(), "{s} {a:?}");
                }
            }
        }
    }

    fn check_strings<T>(all: &[T], names: &[&str])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + Serialize + for<'de> Deserialize<'de>,
    {
        assert_eq!(all.len(), names.len());
        for (&v, &name) in all.iter().zip(names) {
            assert_eq!(v.to_string(), name);
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{name}\""), "serde and as_str agree");
            let back: T = serde_json::from_str(&json).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn string_forms_round_trip_and_match_serde() {
        check_strings(
            &Status::ALL,
            &[
                "draft",
                "submitted",
                "withdrawn",
                "rejected",
                "duplicate",
                "verified",
                "dispatched",
                "processing",
                "resolved",
                "published",
                "closed",
            ],
        );
        check_strings(&Level::ALL, &["normal", "urgent"]);
        check_strings(
            &Channel::ALL,
            &[
                "web", "app", "hotline", "fanpage", "walk_in", "email", "open311",
            ],
        );
        check_strings(
            &Role::ALL,
            &[
                "anonymous",
                "citizen",
                "operator",
                "officer",
                "admin",
                "system",
            ],
        );
        for a in Action::ALL {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
        }
        assert_eq!(Action::NotSatisfied.as_str(), "not_satisfied");
        assert_eq!(Action::FileOnBehalf.as_str(), "file_on_behalf");
    }

    #[test]
    fn parse_is_inverse_of_as_str_and_strict() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(Status::parse("Draft"), None);
        assert_eq!(Status::parse(" draft"), None);
        assert_eq!(Status::parse(""), None);
        assert_eq!(Channel::parse("walkin"), None);
        assert_eq!(Action::parse("savedraft"), None);
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Level::parse("high"), None);
    }

    #[test]
    fn all_lists_are_complete_and_distinct() {
        assert_eq!(Status::ALL.len(), 11);
        assert_eq!(Action::ALL.len(), 22);
        let mut s = Status::ALL.to_vec();
        s.dedup();
        assert_eq!(s.len(), 11);
        let mut a = Action::ALL.to_vec();
        a.sort();
        a.dedup();
        assert_eq!(a.len(), 22);
        assert!(Level::Urgent > Level::Normal);
        assert_eq!(Level::default(), Level::Normal);
    }

    #[test]
    fn refusal_messages_and_serde() {
        let r = Refusal::WrongStatus {
            from: Some(Status::Closed),
            action: Action::Rate,
        };
        assert_eq!(
            r.to_string(),
            "action `rate` is not allowed from status `closed`"
        );
        let r2 = Refusal::WrongStatus {
            from: None,
            action: Action::Withdraw,
        };
        assert!(r2.to_string().contains("none"));
        for r in [
            Refusal::RoleNotAllowed,
            Refusal::NotAuthor,
            Refusal::NotAssignedAgency,
            r,
            r2,
            Refusal::WindowClosed,
        ] {
            assert!(!r.to_string().is_empty());
            let json = serde_json::to_string(&r).unwrap();
            let back: Refusal = serde_json::from_str(&json).unwrap();
            assert_eq!(back, r);
        }
    }

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
    }

    #[test]
    fn rating_window() {
        let published = t(1, 0);
        // First rating: any time while published.
        assert!(may_rate(published, None, t(1, 0)));
        assert!(may_rate(published, None, t(31, 23)));
        // Change: within 7 days of the first rating, half-open.
        let first = t(2, 12);
        assert!(may_rate(published, Some(first), t(2, 13)));
        assert!(may_rate(published, Some(first), t(9, 11)));
        assert!(!may_rate(published, Some(first), t(9, 12)));
        assert!(!may_rate(published, Some(first), t(20, 0)));
        // A rating stamped before publishing counts from publishing.
        let early = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
        assert!(may_rate(published, Some(early), t(7, 23)));
        assert!(!may_rate(published, Some(early), t(8, 0)));
    }

    #[test]
    fn not_satisfied_and_auto_close_partition_time() {
        let published = t(1, 8);
        let end = published + TimeDelta::days(30);
        for now in [
            published,
            published + TimeDelta::days(29),
            end - TimeDelta::seconds(1),
            end,
            end + TimeDelta::days(400),
        ] {
            assert_ne!(
                may_declare_not_satisfied(published, now),
                due_for_auto_close(published, now),
                "{now}"
            );
        }
        assert!(may_declare_not_satisfied(
            published,
            end - TimeDelta::seconds(1)
        ));
        assert!(!may_declare_not_satisfied(published, end));
        assert!(due_for_auto_close(published, end));
        assert!(!due_for_auto_close(published, end - TimeDelta::seconds(1)));
    }

    #[test]
    fn windows_near_the_end_of_time_do_not_panic() {
        let max = DateTime::<Utc>::MAX_UTC;
        assert!(may_declare_not_satisfied(max, max));
        assert!(!due_for_auto_close(max, max));
        assert!(may_rate(max, Some(max), max));
    }
}
