//! The rules of the officials' console: which reports each inbox tab holds, what an action
//! form must say before the action is taken, and how a deadline reads.
//!
//! Pure, like the rest of `domain`: the server turns a [`TabQuery`] into SQL and a checked
//! [`Step`] into one transaction; the browser shows the same problems the server refuses.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::deadline::{close_of_business, local_date, WorkCalendar};
use super::lifecycle::{Action, Level, Role, Status};

/// Reasons, notes and the like: long enough to say something, short enough to read.
pub const REASON_MIN: usize = 5;
pub const REASON_MAX: usize = 1_000;
/// A result tells the citizen what was done.
pub const RESULT_MIN: usize = 10;
pub const RESULT_MAX: usize = 5_000;
pub const NOTE_MAX: usize = 2_000;
pub const PUBLIC_TITLE_MAX: usize = super::filing::TITLE_MAX;
pub const PUBLIC_CONTENT_MAX: usize = super::filing::CONTENT_MAX;
/// A bulk action takes at most this many reports at once.
pub const BULK_MAX: usize = 100;
/// Inbox pages.
pub const INBOX_PAGE_SIZE: u64 = 25;
/// Tab counts stop here ("999+"): counting further costs every page load and tells an
/// operator nothing more.
pub const TAB_COUNT_CAP: u64 = 999;

/// A tab's count as shown: exact up to [`TAB_COUNT_CAP`], then "999+".
pub fn count_label(n: u64) -> String {
    if n > TAB_COUNT_CAP {
        format!("{TAB_COUNT_CAP}+")
    } else {
        n.to_string()
    }
}
/// A report is "due soon" within this many working days of its deadline.
pub const DUE_SOON_WORKING_DAYS: u32 = 1;
/// A deadline set by hand or asked for lies at most this far ahead.
pub const MAX_DEADLINE_DAYS: i64 = 366;

/// One tab of the console's inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// Operator: sent by citizens (or filed on behalf), not yet checked.
    New,
    /// Operator: verified, waiting for an agency.
    ToDispatch,
    /// Operator: sent back by an agency ("not ours").
    Returned,
    /// Operator: results waiting for approval.
    ToApprove,
    /// Operator: extension requests waiting for a decision.
    Extensions,
    /// Operator: published results their authors answered "not satisfied" (seeds: the
    /// citizen's response to a result), until the report is closed.
    Answers,
    /// Both: past the deadline and still waiting on the government side.
    Overdue,
    /// Both: due within [`DUE_SOON_WORKING_DAYS`].
    DueSoon,
    /// Officer: the reports assigned to me.
    Mine,
    /// Officer: my agency's reports nobody holds yet.
    Unassigned,
    /// Officer: everything dispatched to my agency and still open.
    Agency,
}

impl Tab {
    pub const OPERATOR: [Tab; 8] = [
        Tab::New,
        Tab::ToDispatch,
        Tab::Returned,
        Tab::ToApprove,
        Tab::Extensions,
        Tab::Answers,
        Tab::Overdue,
        Tab::DueSoon,
    ];
    pub const OFFICER: [Tab; 5] = [
        Tab::Mine,
        Tab::Unassigned,
        Tab::Agency,
        Tab::Overdue,
        Tab::DueSoon,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::New => "new",
            Tab::ToDispatch => "to_dispatch",
            Tab::Returned => "returned",
            Tab::ToApprove => "to_approve",
            Tab::Extensions => "extensions",
            Tab::Answers => "answers",
            Tab::Overdue => "overdue",
            Tab::DueSoon => "due_soon",
            Tab::Mine => "mine",
            Tab::Unassigned => "unassigned",
            Tab::Agency => "agency",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::OPERATOR
            .into_iter()
            .chain(Tab::OFFICER)
            .find(|t| t.as_str() == s)
    }

    /// The tabs a role works in (none for everyone else).
    pub fn for_role(role: Role) -> &'static [Tab] {
        match role {
            Role::Operator => &Tab::OPERATOR,
            Role::Officer => &Tab::OFFICER,
            _ => &[],
        }
    }

    /// The first tab a role sees.
    pub fn default_for(role: Role) -> Tab {
        match role {
            Role::Officer => Tab::Mine,
            _ => Tab::New,
        }
    }
}

/// Which deadline a tab looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFilter {
    Any,
    /// `due_at < now`
    Overdue,
    /// `now <= due_at <= until`
    Soon {
        until: DateTime<Utc>,
    },
}

/// Who holds the report within the agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Any,
    Me,
    Nobody,
}

/// How a tab orders its reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Urgent first, then the oldest (`level DESC, received_at ASC`).
    UrgentThenOldest,
    /// The nearest deadline first (`due_at ASC`): the most overdue on top.
    Deadline,
}

/// What a tab holds, for the server to write as one indexed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabQuery {
    pub statuses: &'static [Status],
    /// Only reports of the viewer's agency (officers' tabs).
    pub own_agency: bool,
    /// `Some(true)`: returned by an agency; `Some(false)`: never returned (or dispatched since).
    pub returned: Option<bool>,
    /// Only reports with a pending extension request.
    pub extension_pending: bool,
    /// Only reports whose author answered "not satisfied".
    pub answered: bool,
    pub due: DueFilter,
    pub holder: Holder,
    pub order: Order,
}

/// Reports still waiting on the government side (the deadline runs).
pub const OPEN: &[Status] = &[Status::Verified, Status::Dispatched, Status::Processing];
const AT_AGENCY: &[Status] = &[Status::Dispatched, Status::Processing];

/// The end of the "due soon" window that starts at `now`.
pub fn due_soon_until(calendar: &WorkCalendar, now: DateTime<Utc>) -> DateTime<Utc> {
    calendar.add_working_days(now, DUE_SOON_WORKING_DAYS)
}

/// What `tab` holds for a viewer of `role` at `now`; `None` when the role has no such tab
/// (an officer asking for the operators' "new" tab).
pub fn tab_query(
    tab: Tab,
    role: Role,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> Option<TabQuery> {
    if !Tab::for_role(role).contains(&tab) {
        return None;
    }
    let officer = role == Role::Officer;
    let base = TabQuery {
        statuses: &[],
        own_agency: officer,
        returned: None,
        extension_pending: false,
        answered: false,
        due: DueFilter::Any,
        holder: Holder::Any,
        order: Order::UrgentThenOldest,
    };
    let q = match tab {
        Tab::New => TabQuery {
            statuses: &[Status::Submitted],
            ..base
        },
        Tab::ToDispatch => TabQuery {
            statuses: &[Status::Verified],
            returned: Some(false),
            ..base
        },
        Tab::Returned => TabQuery {
            statuses: &[Status::Verified],
            returned: Some(true),
            ..base
        },
        Tab::ToApprove => TabQuery {
            statuses: &[Status::Resolved],
            ..base
        },
        Tab::Extensions => TabQuery {
            statuses: &[Status::Processing],
            extension_pending: true,
            ..base
        },
        Tab::Answers => TabQuery {
            statuses: &[Status::Published],
            answered: true,
            ..base
        },
        Tab::Overdue => TabQuery {
            statuses: if officer { AT_AGENCY } else { OPEN },
            due: DueFilter::Overdue,
            order: Order::Deadline,
            ..base
        },
        Tab::DueSoon => TabQuery {
            statuses: if officer { AT_AGENCY } else { OPEN },
            due: DueFilter::Soon {
                until: due_soon_until(calendar, now),
            },
            order: Order::Deadline,
            ..base
        },
        Tab::Mine => TabQuery {
            statuses: AT_AGENCY,
            holder: Holder::Me,
            order: Order::Deadline,
            ..base
        },
        Tab::Unassigned => TabQuery {
            statuses: AT_AGENCY,
            holder: Holder::Nobody,
            ..base
        },
        Tab::Agency => TabQuery {
            statuses: &[Status::Dispatched, Status::Processing, Status::Resolved],
            ..base
        },
    };
    Some(q)
}

/// How a deadline reads in a list or on the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueState {
    /// No deadline, or the deadline no longer runs (resolved, published, refused…).
    None,
    /// Late by this many working days (at least 1: late today counts as one).
    OverdueBy(i64),
    /// Less than a day left: hours (at least 1).
    DueInHours(i64),
    /// This many working days left.
    DueInDays(i64),
}

impl DueState {
    pub fn of(
        status: Status,
        due_at: Option<DateTime<Utc>>,
        calendar: &WorkCalendar,
        now: DateTime<Utc>,
    ) -> DueState {
        let Some(due) = due_at.filter(|_| status.counts_for_overdue()) else {
            return DueState::None;
        };
        if now > due {
            return DueState::OverdueBy(calendar.working_days_between(due, now).max(1));
        }
        let hours = due.signed_duration_since(now).num_hours();
        if hours < 24 {
            DueState::DueInHours(hours.max(1))
        } else {
            DueState::DueInDays(calendar.working_days_between(now, due).max(1))
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, DueState::OverdueBy(_))
    }

    /// Overdue or within [`DUE_SOON_WORKING_DAYS`]: highlighted.
    pub fn is_pressing(self) -> bool {
        match self {
            DueState::OverdueBy(_) | DueState::DueInHours(_) => true,
            DueState::DueInDays(d) => d <= i64::from(DUE_SOON_WORKING_DAYS),
            DueState::None => false,
        }
    }

    pub fn vi(self) -> String {
        match self {
            DueState::None => String::new(),
            DueState::OverdueBy(n) => format!("Quá hạn {n} ngày làm việc"),
            DueState::DueInHours(n) => format!("Còn {n} giờ"),
            DueState::DueInDays(n) => format!("Còn {n} ngày làm việc"),
        }
    }

    pub fn en(self) -> String {
        match self {
            DueState::None => String::new(),
            DueState::OverdueBy(1) => "Overdue by 1 working day".into(),
            DueState::OverdueBy(n) => format!("Overdue by {n} working days"),
            DueState::DueInHours(1) => "Due in 1 hour".into(),
            DueState::DueInHours(n) => format!("Due in {n} hours"),
            DueState::DueInDays(1) => "Due in 1 working day".into(),
            DueState::DueInDays(n) => format!("Due in {n} working days"),
        }
    }
}

/// An action form as posted: every field raw, nothing trusted. One struct for every action,
/// so one plain HTML form (without JavaScript) and one server function serve them all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    /// `Action::as_str`, or "note" / "assign" / "take".
    pub action: String,
    /// Verify / bulk: category code.
    pub category: String,
    /// "normal" | "urgent" (empty: unchanged).
    pub level: String,
    /// Verify: show to the public.
    pub public: bool,
    pub public_title: String,
    pub public_content: String,
    /// Reject, return, send back, refuse extension, request extension, deadline change.
    pub reason: String,
    /// Mark duplicate: the other report's code.
    pub duplicate_of: String,
    /// Dispatch / transfer: agency id.
    pub agency: String,
    /// Dispatch: a deadline other than the computed one ("YYYY-MM-DD"), with `reason`.
    /// Request extension: the date asked for.
    pub due: String,
    /// Transfer: keep the current deadline (else it is computed again).
    pub keep_deadline: bool,
    /// Resolve: the result; internal note: the note.
    pub text: String,
    /// Resolve: result attachments' ids ("12,15").
    pub media: String,
    /// Assign: the officer's user id.
    pub officer: String,
}

/// What is asked besides the status change: the action and its checked details.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Verify {
        category: String,
        level: Level,
        public: bool,
        public_title: Option<String>,
        public_content: Option<String>,
    },
    Reject {
        reason: String,
    },
    MarkDuplicate {
        of: String,
    },
    Dispatch {
        agency_id: i64,
        level: Option<Level>,
        /// A deadline other than the computed one: the date and why.
        due: Option<(NaiveDate, String)>,
    },
    Transfer {
        agency_id: i64,
        keep_deadline: bool,
    },
    Accept,
    Return {
        reason: String,
    },
    RequestExtension {
        until: NaiveDate,
        reason: String,
    },
    ApproveExtension,
    RefuseExtension {
        reason: String,
    },
    Resolve {
        result: String,
        media: String,
    },
    SendBack {
        reason: String,
    },
    Publish,
    Close,
}

impl Step {
    pub fn action(&self) -> Action {
        match self {
            Step::Verify { .. } => Action::Verify,
            Step::Reject { .. } => Action::Reject,
            Step::MarkDuplicate { .. } => Action::MarkDuplicate,
            Step::Dispatch { .. } => Action::Dispatch,
            Step::Transfer { .. } => Action::Transfer,
            Step::Accept => Action::Accept,
            Step::Return { .. } => Action::Return,
            Step::RequestExtension { .. } => Action::RequestExtension,
            Step::ApproveExtension => Action::ApproveExtension,
            Step::RefuseExtension { .. } => Action::RefuseExtension,
            Step::Resolve { .. } => Action::Resolve,
            Step::SendBack { .. } => Action::SendBack,
            Step::Publish => Action::Publish,
            Step::Close => Action::Close,
        }
    }
}

/// Why one field of an action form was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsoleProblem {
    Required,
    TooShort(usize),
    TooLong(usize),
    /// Not a date (YYYY-MM-DD).
    BadDate,
    /// A deadline today or earlier, or more than a year ahead.
    DateOutOfRange,
    /// A choice that is not one of ours (category, level, agency, officer, code).
    UnknownChoice,
    /// A report cannot be a duplicate of itself.
    SameReport,
    /// The extension must end after the current deadline.
    NotLater,
    /// An action the console does not know.
    UnknownAction,
}

impl ConsoleProblem {
    pub fn vi(self) -> String {
        match self {
            ConsoleProblem::Required => "Vui lòng nhập thông tin này.".into(),
            ConsoleProblem::TooShort(n) => format!("Vui lòng nhập ít nhất {n} ký tự."),
            ConsoleProblem::TooLong(n) => format!("Không được dài quá {n} ký tự."),
            ConsoleProblem::BadDate => "Ngày không hợp lệ (định dạng NNNN-TT-NN).".into(),
            ConsoleProblem::DateOutOfRange => {
                "Hạn xử lý phải sau hôm nay và trong vòng một năm.".into()
            }
            ConsoleProblem::UnknownChoice => "Lựa chọn không hợp lệ.".into(),
            ConsoleProblem::SameReport => "Phản ánh không thể trùng với chính nó.".into(),
            ConsoleProblem::NotLater => "Ngày gia hạn phải sau hạn xử lý hiện tại.".into(),
            ConsoleProblem::UnknownAction => "Thao tác không hợp lệ.".into(),
        }
    }

    pub fn en(self) -> String {
        match self {
            ConsoleProblem::Required => "Please fill in this field.".into(),
            ConsoleProblem::TooShort(n) => format!("Please enter at least {n} characters."),
            ConsoleProblem::TooLong(n) => format!("At most {n} characters."),
            ConsoleProblem::BadDate => "Not a valid date (YYYY-MM-DD).".into(),
            ConsoleProblem::DateOutOfRange => {
                "The deadline must be after today and within a year.".into()
            }
            ConsoleProblem::UnknownChoice => "Not a valid choice.".into(),
            ConsoleProblem::SameReport => "A report cannot duplicate itself.".into(),
            ConsoleProblem::NotLater => {
                "The new date must be later than the current deadline.".into()
            }
            ConsoleProblem::UnknownAction => "Unknown action.".into(),
        }
    }
}

pub type Problems = Vec<(&'static str, ConsoleProblem)>;

/// Trims and checks the length of a free text. Lengths count characters, and the raw
/// length is capped first so a hostile megabyte costs nothing.
pub fn text_field(raw: &str, min: usize, max: usize) -> Result<Option<String>, ConsoleProblem> {
    if raw.len() > max * 4 + 64 {
        return Err(ConsoleProblem::TooLong(max));
    }
    let t = raw.trim();
    let n = t.chars().count();
    if n == 0 {
        return if min == 0 {
            Ok(None)
        } else {
            Err(ConsoleProblem::Required)
        };
    }
    if n < min {
        return Err(ConsoleProblem::TooShort(min));
    }
    if n > max {
        return Err(ConsoleProblem::TooLong(max));
    }
    Ok(Some(t.to_string()))
}

fn required(raw: &str, min: usize, max: usize) -> Result<String, ConsoleProblem> {
    text_field(raw, min, max)?.ok_or(ConsoleProblem::Required)
}

/// A positive id typed or chosen in a form.
pub fn id_field(raw: &str) -> Result<i64, ConsoleProblem> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ConsoleProblem::Required);
    }
    if t.len() > 19 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConsoleProblem::UnknownChoice);
    }
    t.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or(ConsoleProblem::UnknownChoice)
}

/// A date for a deadline: after today (Việt Nam) and within [`MAX_DEADLINE_DAYS`].
pub fn deadline_date(raw: &str, now: DateTime<Utc>) -> Result<NaiveDate, ConsoleProblem> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ConsoleProblem::Required);
    }
    if t.len() > 10 {
        return Err(ConsoleProblem::BadDate);
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| ConsoleProblem::BadDate)?;
    let today = local_date(now);
    let days = (d - today).num_days();
    if !(1..=MAX_DEADLINE_DAYS).contains(&days) {
        return Err(ConsoleProblem::DateOutOfRange);
    }
    Ok(d)
}

/// The deadline instant of a date chosen by hand: the close of business that day.
pub fn due_on(d: NaiveDate) -> DateTime<Utc> {
    close_of_business(d)
}

fn level_field(raw: &str) -> Result<Option<Level>, ConsoleProblem> {
    match raw.trim() {
        "" => Ok(None),
        s => Level::parse(s)
            .map(Some)
            .ok_or(ConsoleProblem::UnknownChoice),
    }
}

/// Checks an action form for `action` and says what is asked, or every problem by field.
/// Refers to nothing in the database: the server still checks that the category, agency,
/// officer or other report exist and may be used.
pub fn check_step(
    form: &ActionForm,
    own_code: &str,
    current_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Step, Problems> {
    let action = Action::parse(form.action.trim())
        .ok_or_else(|| vec![("action", ConsoleProblem::UnknownAction)])?;
    let mut problems: Problems = Vec::new();
    fn take(
        problems: &mut Problems,
        field: &'static str,
        r: Result<String, ConsoleProblem>,
    ) -> String {
        r.unwrap_or_else(|p| {
            problems.push((field, p));
            String::new()
        })
    }
    let step = match action {
        Action::Verify => {
            let category = take(
                &mut problems,
                "category",
                required(&form.category, 1, 64).map_err(|_| ConsoleProblem::Required),
            );
            let level = match level_field(&form.level) {
                Ok(l) => l.unwrap_or_default(),
                Err(p) => {
                    problems.push(("level", p));
                    Level::Normal
                }
            };
            let public_title = match text_field(&form.public_title, 0, PUBLIC_TITLE_MAX) {
                Ok(v) => v,
                Err(p) => {
                    problems.push(("public_title", p));
                    None
                }
            };
            let public_content = match text_field(&form.public_content, 0, PUBLIC_CONTENT_MAX) {
                Ok(v) => v,
                Err(p) => {
                    problems.push(("public_content", p));
                    None
                }
            };
            Step::Verify {
                category,
                level,
                public: form.public,
                public_title,
                public_content,
            }
        }
        Action::Reject => Step::Reject {
            reason: take(
                &mut problems,
                "reason",
                required(&form.reason, REASON_MIN, REASON_MAX),
            ),
        },
        Action::Return => Step::Return {
            reason: take(
                &mut problems,
                "reason",
                required(&form.reason, REASON_MIN, REASON_MAX),
            ),
        },
        Action::SendBack => Step::SendBack {
            reason: take(
                &mut problems,
                "reason",
                required(&form.reason, REASON_MIN, REASON_MAX),
            ),
        },
        Action::RefuseExtension => Step::RefuseExtension {
            reason: take(
                &mut problems,
                "reason",
                required(&form.reason, REASON_MIN, REASON_MAX),
            ),
        },
        Action::MarkDuplicate => {
            let of = take(
                &mut problems,
                "duplicate_of",
                required(&form.duplicate_of, 1, 40),
            )
            .to_uppercase();
            if !of.is_empty() && of == own_code.to_uppercase() {
                problems.push(("duplicate_of", ConsoleProblem::SameReport));
            }
            Step::MarkDuplicate { of }
        }
        Action::Dispatch => {
            let agency_id = id_field(&form.agency).unwrap_or_else(|p| {
                problems.push(("agency", p));
                0
            });
            let level = level_field(&form.level).unwrap_or_else(|p| {
                problems.push(("level", p));
                None
            });
            let due = if form.due.trim().is_empty() {
                None
            } else {
                match deadline_date(&form.due, now) {
                    Ok(d) => {
                        let reason = take(
                            &mut problems,
                            "reason",
                            required(&form.reason, REASON_MIN, REASON_MAX),
                        );
                        Some((d, reason))
                    }
                    Err(p) => {
                        problems.push(("due", p));
                        None
                    }
                }
            };
            Step::Dispatch {
                agency_id,
                level,
                due,
            }
        }
        Action::Transfer => Step::Transfer {
            agency_id: id_field(&form.agency).unwrap_or_else(|p| {
                problems.push(("agency", p));
                0
            }),
            keep_deadline: form.keep_deadline,
        },
        Action::Accept => Step::Accept,
        Action::ApproveExtension => Step::ApproveExtension,
        Action::Publish => Step::Publish,
        Action::Close => Step::Close,
        Action::RequestExtension => {
            let until = match deadline_date(&form.due, now) {
                Ok(d) => {
                    if current_due.is_some_and(|due| due_on(d) <= due) {
                        problems.push(("due", ConsoleProblem::NotLater));
                    }
                    Some(d)
                }
                Err(p) => {
                    problems.push(("due", p));
                    None
                }
            };
            let reason = take(
                &mut problems,
                "reason",
                required(&form.reason, REASON_MIN, REASON_MAX),
            );
            Step::RequestExtension {
                until: until.unwrap_or_default(),
                reason,
            }
        }
        Action::Resolve => Step::Resolve {
            result: take(
                &mut problems,
                "text",
                required(&form.text, RESULT_MIN, RESULT_MAX),
            ),
            media: form.media.chars().take(200).collect(),
        },
        // Actions of citizens and of filing are not console actions.
        Action::SaveDraft
        | Action::EditDraft
        | Action::DeleteDraft
        | Action::Submit
        | Action::FileOnBehalf
        | Action::Withdraw
        | Action::Rate
        | Action::NotSatisfied => return Err(vec![("action", ConsoleProblem::UnknownAction)]),
    };
    if problems.is_empty() {
        Ok(step)
    } else {
        Err(problems)
    }
}

/// Actions that end a report's way or cannot be undone: the form asks before sending.
pub fn needs_confirmation(action: Action) -> bool {
    matches!(
        action,
        Action::Reject | Action::MarkDuplicate | Action::Close | Action::Publish
    )
}

/// Whether the event of an action shows on the public timeline. Internal steps (returns,
/// extension talk, send-backs) stay between the centre and the agencies.
pub fn event_is_public(action: Action) -> bool {
    !matches!(
        action,
        Action::Return
            | Action::RequestExtension
            | Action::ApproveExtension
            | Action::RefuseExtension
            | Action::SendBack
            | Action::Withdraw
    )
}

/// Whether the author is told of an action (seeds 2.3.3: sent, refused, duplicate,
/// dispatched, result published, closed).
pub fn notifies_author(action: Action) -> bool {
    matches!(
        action,
        Action::Submit
            | Action::FileOnBehalf
            | Action::Reject
            | Action::MarkDuplicate
            | Action::Verify
            | Action::Dispatch
            | Action::Transfer
            | Action::Accept
            | Action::Publish
            | Action::Close
    )
}

/// Kinds of reply templates, each offered in the form of its action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    Reject,
    Return,
    SendBack,
    Result,
    Refuse,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 5] = [
        TemplateKind::Reject,
        TemplateKind::Return,
        TemplateKind::SendBack,
        TemplateKind::Result,
        TemplateKind::Refuse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Reject => "reject",
            TemplateKind::Return => "return",
            TemplateKind::SendBack => "send_back",
            TemplateKind::Result => "result",
            TemplateKind::Refuse => "refuse",
        }
    }

    pub fn parse(s: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The template kind offered in an action's form.
    pub fn for_action(action: Action) -> Option<TemplateKind> {
        match action {
            Action::Reject => Some(TemplateKind::Reject),
            Action::Return => Some(TemplateKind::Return),
            Action::SendBack => Some(TemplateKind::SendBack),
            Action::Resolve => Some(TemplateKind::Result),
            Action::RefuseExtension => Some(TemplateKind::Refuse),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        // Tuesday 1 December 2026, 10:00 in Việt Nam.
        Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::vietnam_default()
    }

    #[test]
    fn every_tab_has_a_name_that_parses_back_and_belongs_to_a_role() {
        for tab in Tab::OPERATOR.into_iter().chain(Tab::OFFICER) {
            assert_eq!(Tab::parse(tab.as_str()), Some(tab));
        }
        assert_eq!(Tab::parse("everything"), None);
        assert_eq!(Tab::default_for(Role::Operator), Tab::New);
        assert_eq!(Tab::default_for(Role::Officer), Tab::Mine);
    }

    #[test]
    fn tabs_are_only_for_their_roles() {
        for role in Role::ALL {
            for tab in Tab::OPERATOR.into_iter().chain(Tab::OFFICER) {
                let q = tab_query(tab, role, &cal(), now());
                assert_eq!(
                    q.is_some(),
                    Tab::for_role(role).contains(&tab),
                    "{role:?} {tab:?}"
                );
            }
        }
        for role in [Role::Anonymous, Role::Citizen, Role::Admin, Role::System] {
            assert!(Tab::for_role(role).is_empty());
        }
    }

    #[test]
    fn each_tab_holds_the_statuses_of_the_lifecycle_table() {
        let q = |tab, role| tab_query(tab, role, &cal(), now()).unwrap();
        assert_eq!(q(Tab::New, Role::Operator).statuses, &[Status::Submitted]);
        let d = q(Tab::ToDispatch, Role::Operator);
        assert_eq!(
            (d.statuses, d.returned),
            (&[Status::Verified][..], Some(false))
        );
        let r = q(Tab::Returned, Role::Operator);
        assert_eq!(
            (r.statuses, r.returned),
            (&[Status::Verified][..], Some(true))
        );
        assert_eq!(
            q(Tab::ToApprove, Role::Operator).statuses,
            &[Status::Resolved]
        );
        assert!(q(Tab::Extensions, Role::Operator).extension_pending);
        let answers = q(Tab::Answers, Role::Operator);
        assert!(answers.answered && answers.statuses == [Status::Published]);
        assert!(tab_query(Tab::Answers, Role::Officer, &cal(), now()).is_none());
        // Overdue means counts_for_overdue and past due_at, for the centre…
        let o = q(Tab::Overdue, Role::Operator);
        assert_eq!(o.due, DueFilter::Overdue);
        assert!(o.statuses.iter().all(|s| s.counts_for_overdue()));
        assert_eq!(
            o.statuses.len(),
            Status::ALL
                .iter()
                .filter(|s| s.counts_for_overdue())
                .count()
        );
        assert!(!o.own_agency);
        // …and for an agency only what lies with it.
        let oo = q(Tab::Overdue, Role::Officer);
        assert!(oo.own_agency);
        assert_eq!(oo.statuses, AT_AGENCY);
        let m = q(Tab::Mine, Role::Officer);
        assert_eq!((m.holder, m.own_agency), (Holder::Me, true));
        assert_eq!(q(Tab::Unassigned, Role::Officer).holder, Holder::Nobody);
        assert!(q(Tab::Agency, Role::Officer)
            .statuses
            .contains(&Status::Resolved));
        assert_eq!(q(Tab::New, Role::Operator).order, Order::UrgentThenOldest);
        assert_eq!(o.order, Order::Deadline);
    }

    #[test]
    fn due_soon_is_one_working_day_and_skips_the_weekend() {
        // Friday 4 December 2026, 10:00 VN → Monday 7 December 17:00 VN.
        let friday = Utc.with_ymd_and_hms(2026, 12, 4, 3, 0, 0).unwrap();
        let until = due_soon_until(&cal(), friday);
        assert_eq!(until, Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap());
        match tab_query(Tab::DueSoon, Role::Operator, &cal(), friday)
            .unwrap()
            .due
        {
            DueFilter::Soon { until: u } => assert_eq!(u, until),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deadlines_read_as_overdue_by_days_or_due_in_hours_or_days() {
        let n = now();
        let c = cal();
        let s = Status::Processing;
        assert_eq!(DueState::of(s, None, &c, n), DueState::None);
        // A resolved report is no longer late, whatever its deadline.
        assert_eq!(
            DueState::of(Status::Resolved, Some(n - TimeDelta::days(9)), &c, n),
            DueState::None
        );
        assert_eq!(
            DueState::of(s, Some(n - TimeDelta::hours(1)), &c, n),
            DueState::OverdueBy(1)
        );
        // Due Friday 27 November 17:00 VN; now Tuesday 1 December: Mon + Tue late.
        let friday = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
        assert_eq!(DueState::of(s, Some(friday), &c, n), DueState::OverdueBy(2));
        assert_eq!(
            DueState::of(s, Some(n + TimeDelta::hours(5)), &c, n),
            DueState::DueInHours(5)
        );
        assert_eq!(
            DueState::of(s, Some(n + TimeDelta::minutes(10)), &c, n),
            DueState::DueInHours(1)
        );
        let in3 = c.add_working_days(n, 3);
        assert_eq!(DueState::of(s, Some(in3), &c, n), DueState::DueInDays(3));
        assert!(DueState::OverdueBy(2).is_pressing());
        assert!(DueState::DueInDays(1).is_pressing());
        assert!(!DueState::DueInDays(2).is_pressing());
        assert_eq!(DueState::OverdueBy(2).vi(), "Quá hạn 2 ngày làm việc");
        assert_eq!(DueState::DueInHours(1).en(), "Due in 1 hour");
        assert_eq!(DueState::DueInDays(3).en(), "Due in 3 working days");
    }

    fn form(action: &str) -> ActionForm {
        ActionForm {
            action: action.into(),
            ..Default::default()
        }
    }

    #[test]
    fn reasons_are_required_trimmed_and_bounded() {
        for action in ["reject", "return", "send_back", "refuse_extension"] {
            let e = check_step(&form(action), "PA-2026-000001", None, now()).unwrap_err();
            assert_eq!(e, vec![("reason", ConsoleProblem::Required)], "{action}");
            let mut f = form(action);
            f.reason = "  abc ".into();
            assert_eq!(
                check_step(&f, "X", None, now()).unwrap_err(),
                vec![("reason", ConsoleProblem::TooShort(REASON_MIN))]
            );
            f.reason = "đ".repeat(REASON_MAX + 1);
            assert_eq!(
                check_step(&f, "X", None, now()).unwrap_err(),
                vec![("reason", ConsoleProblem::TooLong(REASON_MAX))]
            );
            // A hostile megabyte is refused by its raw length.
            f.reason = "x".repeat(1_000_000);
            assert_eq!(
                check_step(&f, "X", None, now()).unwrap_err(),
                vec![("reason", ConsoleProblem::TooLong(REASON_MAX))]
            );
            f.reason = "  Không thuộc phạm vi tiếp nhận  ".into();
            let step = check_step(&f, "X", None, now()).unwrap();
            assert_eq!(step.action().as_str(), action);
        }
    }

    #[test]
    fn verify_needs_a_category_and_keeps_the_public_version() {
        let mut f = form("verify");
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap_err(),
            vec![("category", ConsoleProblem::Required)]
        );
        f.category = "moi_truong".into();
        f.level = "urgent".into();
        f.public = true;
        f.public_title = "  Rác thải tại chợ  ".into();
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap(),
            Step::Verify {
                category: "moi_truong".into(),
                level: Level::Urgent,
                public: true,
                public_title: Some("Rác thải tại chợ".into()),
                public_content: None,
            }
        );
        f.level = "very".into();
        f.public_title = "t".repeat(PUBLIC_TITLE_MAX + 1);
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap_err(),
            vec![
                ("level", ConsoleProblem::UnknownChoice),
                ("public_title", ConsoleProblem::TooLong(PUBLIC_TITLE_MAX))
            ]
        );
    }

    #[test]
    fn dispatch_needs_an_agency_and_a_changed_deadline_needs_a_reason() {
        let mut f = form("dispatch");
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap_err(),
            vec![("agency", ConsoleProblem::Required)]
        );
        f.agency = "12; DROP".into();
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap_err(),
            vec![("agency", ConsoleProblem::UnknownChoice)]
        );
        f.agency = "12".into();
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap(),
            Step::Dispatch {
                agency_id: 12,
                level: None,
                due: None
            }
        );
        f.due = "2026-12-10".into();
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap_err(),
            vec![("reason", ConsoleProblem::Required)]
        );
        f.reason = "Cần khảo sát hiện trường".into();
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(
            check_step(&f, "X", None, now()).unwrap(),
            Step::Dispatch {
                agency_id: 12,
                level: None,
                due: Some((d, "Cần khảo sát hiện trường".into()))
            }
        );
        for (bad, p) in [
            ("2026-12-01", ConsoleProblem::DateOutOfRange),
            ("2026-11-30", ConsoleProblem::DateOutOfRange),
            ("2028-12-01", ConsoleProblem::DateOutOfRange),
            ("10/12/2026", ConsoleProblem::BadDate),
            ("2026-02-30", ConsoleProblem::BadDate),
        ] {
            f.due = bad.into();
            assert_eq!(
                check_step(&f, "X", None, now()).unwrap_err(),
                vec![("due", p)],
                "{bad}"
            );
        }
    }

    #[test]
    fn an_extension_ends_later_than_the_deadline_it_extends() {
        let mut f = form("request_extension");
        f.reason = "Chờ kinh phí sửa chữa".into();
        f.due = "2026-12-08".into();
        let due = due_on(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap());
        assert_eq!(
            check_step(&f, "X", Some(due), now()).unwrap_err(),
            vec![("due", ConsoleProblem::NotLater)]
        );
        f.due = "2026-12-15".into();
        assert!(matches!(
            check_step(&f, "X", Some(due), now()).unwrap(),
            Step::RequestExtension { .. }
        ));
    }

    #[test]
    fn a_duplicate_points_at_another_report_and_results_say_something() {
        let mut f = form("mark_duplicate");
        f.duplicate_of = "pa-2026-000001".into();
        assert_eq!(
            check_step(&f, "PA-2026-000001", None, now()).unwrap_err(),
            vec![("duplicate_of", ConsoleProblem::SameReport)]
        );
        f.duplicate_of = "PA-2026-000002".into();
        assert_eq!(
            check_step(&f, "PA-2026-000001", None, now()).unwrap(),
            Step::MarkDuplicate {
                of: "PA-2026-000002".into()
            }
        );
        let mut r = form("resolve");
        r.text = "Đã xong".into();
        assert_eq!(
            check_step(&r, "X", None, now()).unwrap_err(),
            vec![("text", ConsoleProblem::TooShort(RESULT_MIN))]
        );
    }

    #[test]
    fn citizens_actions_and_unknown_words_are_not_console_actions() {
        for a in [
            "submit",
            "withdraw",
            "rate",
            "file_on_behalf",
            "explode",
            "",
        ] {
            assert_eq!(
                check_step(&form(a), "X", None, now()).unwrap_err(),
                vec![("action", ConsoleProblem::UnknownAction)],
                "{a}"
            );
        }
        for a in ["accept", "approve_extension", "publish", "close"] {
            assert_eq!(
                check_step(&form(a), "X", None, now())
                    .unwrap()
                    .action()
                    .as_str(),
                a
            );
        }
    }

    #[test]
    fn counts_stop_at_the_cap() {
        assert_eq!(count_label(0), "0");
        assert_eq!(count_label(999), "999");
        assert_eq!(count_label(1000), "999+");
    }

    #[test]
    fn problems_read_in_both_languages() {
        let all = [
            ConsoleProblem::Required,
            ConsoleProblem::TooShort(5),
            ConsoleProblem::TooLong(9),
            ConsoleProblem::BadDate,
            ConsoleProblem::DateOutOfRange,
            ConsoleProblem::UnknownChoice,
            ConsoleProblem::SameReport,
            ConsoleProblem::NotLater,
            ConsoleProblem::UnknownAction,
        ];
        for p in all {
            assert!(!p.vi().is_empty() && p.vi() != p.en());
        }
        assert!(ConsoleProblem::TooShort(5).vi().contains('5'));
    }

    #[test]
    fn final_actions_ask_first_and_internal_steps_stay_internal() {
        assert!(needs_confirmation(Action::Reject));
        assert!(needs_confirmation(Action::Close));
        assert!(!needs_confirmation(Action::Accept));
        assert!(event_is_public(Action::Dispatch));
        assert!(!event_is_public(Action::Return));
        assert!(notifies_author(Action::Publish));
        assert!(!notifies_author(Action::RequestExtension));
        for k in TemplateKind::ALL {
            assert_eq!(TemplateKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            TemplateKind::for_action(Action::Resolve),
            Some(TemplateKind::Result)
        );
    }
}
