//! Who may do what: the one permission function every server function calls.
//!
//! [`may`] answers "may this subject do this on this object?" from plain data the caller
//! has already loaded (the session's user, the report row), so the whole access policy is
//! one pure function that a single table test covers, and the UI can ask it too to decide
//! which links to show.
//!
//! It covers *seeing and owning*. *Where a report may go next* is
//! [`crate::domain::lifecycle::transition`]'s job: a server function that changes a status
//! calls `may(…, Permission::ActOnReport, …)` first (logged in, not disabled, the report is
//! within reach) and then `transition` with [`Subject::actor_for`], which decides the rest.
//!
//! Principles, from DESIGN.md and the accounts issue:
//! - public things (verified public reports, categories, areas, agencies) are for everyone,
//!   logged in or not, and are all a disabled account may still see;
//! - drafts are seen by their author only, not even by the operations centre;
//! - an officer reaches only reports dispatched to their own agency;
//! - an admin manages users and reference data and reads the audit log, but does not act on
//!   reports (separation of duties: who grants roles cannot also handle the cases);
//! - the scheduler (`Role::System`) never calls server functions, so it gets no permissions.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::lifecycle::{Actor, Role, Status};

/// Who is asking: built by the server from the session (or [`Subject::anonymous`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub user_id: Option<i64>,
    /// `Role::Anonymous` when not logged in.
    pub role: Role,
    /// The agency an officer belongs to; ignored for other roles.
    pub agency_id: Option<i64>,
    /// `false` for disabled accounts (and for accounts not yet activated, which should
    /// not have a session anyway).
    pub active: bool,
    /// An officer who leads their agency: assigns its reports to its officers.
    #[serde(default)]
    pub is_lead: bool,
}

impl Subject {
    /// A visitor without a session.
    pub const ANONYMOUS: Subject = Subject {
        user_id: None,
        role: Role::Anonymous,
        agency_id: None,
        active: true,
        is_lead: false,
    };

    pub fn anonymous() -> Subject {
        Subject::ANONYMOUS
    }

    /// The user's id if this is a logged-in person. A half-filled subject (an id with the
    /// anonymous role, or a role without an id) counts as not logged in, so a bug in
    /// session loading fails closed.
    pub fn logged_in_id(&self) -> Option<i64> {
        match self.role {
            Role::Anonymous => None,
            _ => self.user_id,
        }
    }

    /// The lifecycle actor for `object`, with the author and agency flags computed here so
    /// that every server function computes them the same way. Objects other than reports
    /// give an actor without either flag.
    pub fn actor_for(&self, object: &Object) -> Actor {
        let me = self.logged_in_id();
        let role = if me.is_some() {
            self.role
        } else {
            Role::Anonymous
        };
        let (is_author, of_assigned_agency) = match *object {
            Object::Report {
                reporter_id,
                agency_id,
                ..
            } => (
                me.is_some() && reporter_id == me,
                role == Role::Officer && self.agency_id.is_some() && agency_id == self.agency_id,
            ),
            _ => (false, false),
        };
        Actor {
            role,
            is_author,
            of_assigned_agency,
        }
    }
}

/// What the action is about, with just the fields the decision needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Object {
    /// Nothing in particular: lists, inboxes, creating something new.
    None,
    /// The subject's own account (profile, password).
    OwnAccount,
    /// Someone's account, as seen by the user administration.
    User {
        id: i64,
    },
    Report {
        /// `None` for reports filed on behalf of a caller without an account.
        reporter_id: Option<i64>,
        /// The agency the report is currently dispatched to.
        agency_id: Option<i64>,
        /// The operator's "public" choice; it counts only once the status is publicly
        /// visible ([`Status::is_public_visible`]).
        is_public: bool,
        status: Status,
    },
    Comment {
        author_id: i64,
        /// Whether the report it belongs to is public (and publicly visible).
        report_public: bool,
    },
    Notification {
        user_id: i64,
    },
    AuditLog,
    Agency,
    Category,
    Area,
    RoutingRule,
}

impl Object {
    /// Seen by everyone, including visitors and disabled accounts.
    pub fn is_public(&self) -> bool {
        match *self {
            Object::None | Object::Agency | Object::Category | Object::Area => true,
            Object::Report {
                is_public, status, ..
            } => is_public && status.is_public_visible(),
            _ => false,
        }
    }
}

/// Everything a server function may ask about. Report status changes are one permission,
/// [`Permission::ActOnReport`]; the lifecycle decides which change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    // Anyone.
    /// Public lists, map, search, reference data (None, Agency, Category, Area) and public
    /// reports.
    ViewPublic,
    /// Open one report (Report): public ones for all; private ones for their reporter, the
    /// centre and the assigned agency.
    ViewReport,

    // Every logged-in person, about their own things.
    ViewOwnAccount,
    EditOwnAccount,
    ChangeOwnPassword,
    /// The own notification list (None).
    ViewNotifications,
    /// Open one notification (Notification, own only).
    ReadNotification,
    DeleteNotification,

    // Citizens.
    FileReport,
    ViewOwnReports,
    EditOwnDraft,
    DeleteOwnDraft,
    /// Comment on a public report (Report) or reply to a comment on one (Comment).
    Comment,
    /// Like a public report (Report) or a comment on one (Comment).
    Like,
    DeleteOwnComment,

    // Work on reports.
    /// Gate before `lifecycle::transition`: the report is the citizen's own, or the
    /// operator's (any but a draft), or the officer's agency's.
    ActOnReport,
    /// The reporter's name and phone, never public: the reporter, the centre and the
    /// assigned agency (to call back).
    ViewReporterContact,
    /// Internal timeline entries, hidden from the public.
    ViewInternalTimeline,
    AddInternalNote,

    // The operations centre.
    /// The centre's inbox (operator) or the agency's inbox (officer).
    ViewInbox,
    FileOnBehalf,
    /// Change category, level or public flag outside a transition.
    ClassifyReport,
    /// The moderation queue (None) or one comment (Comment).
    ModerateComments,
    ViewDashboard,

    // Administration.
    ListUsers,
    ViewUser,
    /// Role and agency.
    ChangeUserRole,
    DisableUser,
    EnableUser,
    /// Activate by hand an account whose SMS code never arrived.
    ActivateUser,
    ReadAuditLog,
    ManageAgencies,
    ManageCategories,
    ManageAreas,
    ManageRoutingRules,

    // Within an agency.
    /// An officer takes an unassigned report of their agency.
    TakeReport,
    /// The agency's lead assigns or reassigns a report of the agency to one of its officers.
    AssignReport,
    /// Follow a public report ("theo dõi"): told when its status changes.
    Follow,
    /// Administration: the public holidays the deadlines skip.
    ManageHolidays,
    /// Administration: the reply templates of the console's action forms.
    ManageTemplates,
}

impl Permission {
    /// Every permission, in declaration order.
    pub const ALL: [Permission; 40] = [
        Permission::ViewPublic,
        Permission::ViewReport,
        Permission::ViewOwnAccount,
        Permission::EditOwnAccount,
        Permission::ChangeOwnPassword,
        Permission::ViewNotifications,
        Permission::ReadNotification,
        Permission::DeleteNotification,
        Permission::FileReport,
        Permission::ViewOwnReports,
        Permission::EditOwnDraft,
        Permission::DeleteOwnDraft,
        Permission::Comment,
        Permission::Like,
        Permission::DeleteOwnComment,
        Permission::ActOnReport,
        Permission::ViewReporterContact,
        Permission::ViewInternalTimeline,
        Permission::AddInternalNote,
        Permission::ViewInbox,
        Permission::FileOnBehalf,
        Permission::ClassifyReport,
        Permission::ModerateComments,
        Permission::ViewDashboard,
        Permission::ListUsers,
        Permission::ViewUser,
        Permission::ChangeUserRole,
        Permission::DisableUser,
        Permission::EnableUser,
        Permission::ActivateUser,
        Permission::ReadAuditLog,
        Permission::ManageAgencies,
        Permission::ManageCategories,
        Permission::ManageAreas,
        Permission::ManageRoutingRules,
        Permission::TakeReport,
        Permission::AssignReport,
        Permission::Follow,
        Permission::ManageHolidays,
        Permission::ManageTemplates,
    ];

    /// Does this permission make sense for this kind of object? Asking about the wrong
    /// kind is a bug in the caller, refused as [`Denied::WrongObject`] rather than guessed.
    pub fn fits(self, object: &Object) -> bool {
        use Object as O;
        use Permission as P;
        match self {
            P::ViewPublic => matches!(
                object,
                O::None | O::Agency | O::Category | O::Area | O::Report { .. }
            ),
            P::ViewReport
            | P::EditOwnDraft
            | P::DeleteOwnDraft
            | P::ActOnReport
            | P::ViewReporterContact
            | P::ViewInternalTimeline
            | P::AddInternalNote
            | P::ClassifyReport
            | P::TakeReport
            | P::AssignReport => matches!(object, O::Report { .. }),
            P::ViewOwnAccount | P::EditOwnAccount | P::ChangeOwnPassword => {
                matches!(object, O::OwnAccount)
            }
            P::ViewNotifications
            | P::FileReport
            | P::ViewOwnReports
            | P::ViewInbox
            | P::FileOnBehalf
            | P::ViewDashboard
            | P::ListUsers => matches!(object, O::None),
            P::ReadNotification | P::DeleteNotification => {
                matches!(object, O::Notification { .. })
            }
            P::Comment | P::Like => matches!(object, O::Report { .. } | O::Comment { .. }),
            P::Follow => matches!(object, O::Report { .. }),
            P::DeleteOwnComment => matches!(object, O::Comment { .. }),
            P::ModerateComments => matches!(object, O::None | O::Comment { .. }),
            P::ViewUser | P::ChangeUserRole | P::DisableUser | P::EnableUser | P::ActivateUser => {
                matches!(object, O::User { .. })
            }
            P::ReadAuditLog => matches!(object, O::AuditLog),
            P::ManageAgencies => matches!(object, O::None | O::Agency),
            P::ManageCategories => matches!(object, O::None | O::Category),
            P::ManageAreas => matches!(object, O::None | O::Area),
            P::ManageRoutingRules => matches!(object, O::None | O::RoutingRule),
            P::ManageHolidays | P::ManageTemplates => matches!(object, O::None),
        }
    }
}

/// Why [`may`] said no. Checked in this order: the object kind, public visibility, login,
/// disabled, role, then ownership/agency/publicness — so the reason given is the most
/// fundamental one ("log in" before "not yours").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Denied {
    NotLoggedIn,
    Disabled,
    WrongRole,
    /// Someone else's draft, notification, comment, account or report.
    NotOwner,
    /// A report not dispatched to the officer's agency.
    NotOwnAgency,
    /// An officer account not bound to any agency (an administration mistake).
    NoAgency,
    /// Not public, and the subject has no other way to it.
    NotPublic,
    /// Admins may not change their own role or disable themselves, so the last admin
    /// cannot lock everyone out by accident.
    NotOnSelf,
    /// The permission was asked about the wrong kind of object: a bug, log it.
    WrongObject,
    /// Only the agency's lead may do this.
    NotLead,
}

impl Denied {
    /// The HTTP status for the response: 401 invites logging in, 403 does not, and a
    /// mismatched object is the server's fault. Handlers that do not want to confirm a
    /// report exists may answer 404 for `NotPublic` / `NotOwner` / `NotOwnAgency` instead.
    pub fn http_status(self) -> u16 {
        match self {
            Denied::NotLoggedIn => 401,
            Denied::WrongObject => 500,
            _ => 403,
        }
    }

    /// The message in Vietnamese.
    pub fn vi(self) -> &'static str {
        match self {
            Denied::NotLoggedIn => "Vui lòng đăng nhập để sử dụng chức năng này.",
            Denied::Disabled => {
                "Tài khoản của bạn đã bị khoá. Vui lòng liên hệ quản trị viên để được hỗ trợ."
            }
            Denied::WrongRole => "Bạn không có quyền thực hiện chức năng này.",
            Denied::NotOwner => "Bạn chỉ được thực hiện thao tác này với nội dung của chính mình.",
            Denied::NotOwnAgency => "Phản ánh này không thuộc đơn vị của bạn xử lý.",
            Denied::NoAgency => {
                "Tài khoản của bạn chưa được gắn với đơn vị xử lý nào. \
                 Vui lòng liên hệ quản trị viên."
            }
            Denied::NotPublic => "Phản ánh này không được công khai.",
            Denied::NotOnSelf => {
                "Bạn không thể tự thay đổi vai trò hoặc khoá tài khoản của chính mình."
            }
            Denied::WrongObject => "Yêu cầu không hợp lệ. Vui lòng thử lại sau.",
            Denied::NotLead => "Chỉ lãnh đạo đơn vị mới được phân công cán bộ xử lý.",
        }
    }

    /// The message in English.
    pub fn en(self) -> &'static str {
        match self {
            Denied::NotLoggedIn => "Please log in to use this function.",
            Denied::Disabled => {
                "Your account has been disabled. Please contact the administrator for help."
            }
            Denied::WrongRole => "You do not have permission to use this function.",
            Denied::NotOwner => "You can do this only with your own content.",
            Denied::NotOwnAgency => "This report is not assigned to your agency.",
            Denied::NoAgency => {
                "Your account is not linked to any agency. Please contact the administrator."
            }
            Denied::NotPublic => "This report is not public.",
            Denied::NotOnSelf => "You cannot change your own role or disable your own account.",
            Denied::WrongObject => "The request is not valid. Please try again later.",
            Denied::NotLead => "Only the agency's lead may assign officers.",
        }
    }
}

/// Log-friendly English text.
impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl std::error::Error for Denied {}

/// May `subject` do `permission` on `object`? The one access check of PAHT.
pub fn may(subject: &Subject, permission: Permission, object: &Object) -> Result<(), Denied> {
    use Permission as P;

    if !permission.fits(object) {
        return Err(Denied::WrongObject);
    }
    if matches!(permission, P::ViewPublic | P::ViewReport) && object.is_public() {
        return Ok(());
    }
    if permission == P::ViewPublic {
        return Err(Denied::NotPublic);
    }
    let Some(me) = subject.logged_in_id() else {
        return Err(Denied::NotLoggedIn);
    };
    if !subject.active {
        return Err(Denied::Disabled);
    }

    const PEOPLE: &[Role] = &[Role::Citizen, Role::Operator, Role::Officer, Role::Admin];
    const CITIZEN: &[Role] = &[Role::Citizen];
    const OPERATOR: &[Role] = &[Role::Operator];
    const STAFF: &[Role] = &[Role::Operator, Role::Officer];
    const ADMIN: &[Role] = &[Role::Admin];
    let role = |allowed: &[Role]| {
        if allowed.contains(&subject.role) {
            Ok(())
        } else {
            Err(Denied::WrongRole)
        }
    };

    match permission {
        P::ViewPublic => Err(Denied::NotPublic), // handled above; kept for exhaustiveness
        P::ViewReport => view_private_report(subject, me, object),

        P::ViewOwnAccount | P::EditOwnAccount | P::ChangeOwnPassword | P::ViewNotifications => {
            role(PEOPLE)
        }
        P::ReadNotification | P::DeleteNotification => {
            role(PEOPLE)?;
            owner(matches!(*object, Object::Notification { user_id } if user_id == me))
        }

        P::FileReport | P::ViewOwnReports => role(CITIZEN),
        P::EditOwnDraft | P::DeleteOwnDraft => {
            role(CITIZEN)?;
            owner(is_reporter(object, me))
        }
        P::Comment | P::Like | P::Follow => {
            role(CITIZEN)?;
            let public = match *object {
                Object::Comment { report_public, .. } => report_public,
                _ => object.is_public(),
            };
            if public {
                Ok(())
            } else {
                Err(Denied::NotPublic)
            }
        }
        P::DeleteOwnComment => {
            role(CITIZEN)?;
            owner(matches!(*object, Object::Comment { author_id, .. } if author_id == me))
        }

        P::ActOnReport | P::ViewReporterContact => {
            role(&[Role::Citizen, Role::Operator, Role::Officer])?;
            if subject.role == Role::Citizen {
                owner(is_reporter(object, me))
            } else {
                staff_reach(subject, object)
            }
        }
        P::ViewInternalTimeline | P::AddInternalNote => {
            role(STAFF)?;
            staff_reach(subject, object)
        }

        P::ViewInbox => {
            role(STAFF)?;
            if subject.role == Role::Officer && subject.agency_id.is_none() {
                Err(Denied::NoAgency)
            } else {
                Ok(())
            }
        }
        P::ClassifyReport => {
            role(OPERATOR)?;
            staff_reach(subject, object)
        }
        P::FileOnBehalf | P::ModerateComments => role(OPERATOR),
        // The centre sees the province; an officer their own agency's figures (the server
        // limits the figures to `agency_id`), so one without an agency sees nothing.
        P::ViewDashboard => {
            role(STAFF)?;
            if subject.role == Role::Officer && subject.agency_id.is_none() {
                Err(Denied::NoAgency)
            } else {
                Ok(())
            }
        }

        P::ChangeUserRole | P::DisableUser => {
            role(ADMIN)?;
            match *object {
                Object::User { id } if id == me => Err(Denied::NotOnSelf),
                _ => Ok(()),
            }
        }
        P::ListUsers
        | P::ViewUser
        | P::EnableUser
        | P::ActivateUser
        | P::ReadAuditLog
        | P::ManageAgencies
        | P::ManageCategories
        | P::ManageAreas
        | P::ManageRoutingRules
        | P::ManageHolidays
        | P::ManageTemplates => role(ADMIN),

        P::TakeReport => {
            role(&[Role::Officer])?;
            staff_reach(subject, object)
        }
        P::AssignReport => {
            role(&[Role::Officer])?;
            if !subject.is_lead {
                return Err(Denied::NotLead);
            }
            staff_reach(subject, object)
        }
    }
}

fn owner(is_own: bool) -> Result<(), Denied> {
    if is_own {
        Ok(())
    } else {
        Err(Denied::NotOwner)
    }
}

fn is_reporter(object: &Object, me: i64) -> bool {
    matches!(*object, Object::Report { reporter_id: Some(r), .. } if r == me)
}

/// A report that is not public: the reporter sees it whatever their role; then drafts stay
/// with their author; staff see what they can reach; everyone else is told it is not public.
fn view_private_report(subject: &Subject, me: i64, object: &Object) -> Result<(), Denied> {
    if is_reporter(object, me) {
        return Ok(());
    }
    match subject.role {
        Role::Operator | Role::Officer => staff_reach(subject, object),
        _ => Err(Denied::NotPublic),
    }
}

/// Which reports staff can reach: the centre every report but drafts, an officer those
/// dispatched to their agency.
fn staff_reach(subject: &Subject, object: &Object) -> Result<(), Denied> {
    let Object::Report {
        agency_id, status, ..
    } = *object
    else {
        return Err(Denied::WrongObject);
    };
    if status == Status::Draft {
        return Err(Denied::NotOwner);
    }
    match subject.role {
        Role::Operator => Ok(()),
        Role::Officer => match subject.agency_id {
            None => Err(Denied::NoAgency),
            Some(mine) if agency_id == Some(mine) => Ok(()),
            Some(_) => Err(Denied::NotOwnAgency),
        },
        _ => Err(Denied::WrongRole),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lifecycle::{transition, Action};

    const MY_AGENCY: i64 = 10;
    const OTHER_AGENCY: i64 = 20;
    const SOMEONE_ELSE: i64 = 99;

    fn subject(role: Role, user_id: Option<i64>) -> Subject {
        Subject {
            user_id,
            role,
            agency_id: (role == Role::Officer).then_some(MY_AGENCY),
            active: true,
            is_lead: false,
        }
    }

    /// The six kinds of subject, in the column order of [`EXPECTED`].
    fn subjects() -> [Subject; 6] {
        [
            Subject::anonymous(),
            subject(Role::Citizen, Some(1)),
            subject(Role::Operator, Some(2)),
            subject(Role::Officer, Some(3)),
            subject(Role::Admin, Some(4)),
            subject(Role::System, Some(5)),
        ]
    }

    /// Ownership situations, in the character order of [`EXPECTED`]'s strings.
    #[derive(Clone, Copy, Debug)]
    enum Situation {
        /// The subject's own: reporter, author, addressee, the user themself. Not public.
        Own,
        /// Someone else's, not dispatched to any agency, not public.
        Others,
        /// Someone else's, dispatched to the subject's agency (if an officer), not public.
        OwnAgency,
        /// Someone else's, dispatched to another agency, not public.
        OtherAgency,
        /// Someone else's, public and published.
        Public,
    }
    const SITUATIONS: [Situation; 5] = [
        Situation::Own,
        Situation::Others,
        Situation::OwnAgency,
        Situation::OtherAgency,
        Situation::Public,
    ];

    fn report(me: Option<i64>, situation: Situation) -> Object {
        let (reporter_id, agency_id, is_public, status) = match situation {
            Situation::Own => (me, None, false, Status::Verified),
            Situation::Others => (Some(SOMEONE_ELSE), None, false, Status::Verified),
            Situation::OwnAgency => (
                Some(SOMEONE_ELSE),
                Some(MY_AGENCY),
                false,
                Status::Processing,
            ),
            Situation::OtherAgency => (
                Some(SOMEONE_ELSE),
                Some(OTHER_AGENCY),
                false,
                Status::Processing,
            ),
            Situation::Public => (
                Some(SOMEONE_ELSE),
                Some(OTHER_AGENCY),
                true,
                Status::Published,
            ),
        };
        Object::Report {
            reporter_id,
            agency_id,
            is_public,
            status,
        }
    }

    /// The object a permission is naturally asked about, in a situation.
    fn object_for(permission: Permission, me: Option<i64>, situation: Situation) -> Object {
        use Permission as P;
        let owner_id = match situation {
            Situation::Own => me.unwrap_or(SOMEONE_ELSE + 1),
            _ => SOMEONE_ELSE,
        };
        match permission {
            P::ViewPublic
            | P::ViewReport
            | P::EditOwnDraft
            | P::DeleteOwnDraft
            | P::Comment
            | P::Like
            | P::Follow
            | P::ActOnReport
            | P::ViewReporterContact
            | P::ViewInternalTimeline
            | P::AddInternalNote
            | P::ClassifyReport
            | P::TakeReport
            | P::AssignReport => report(me, situation),
            P::ViewOwnAccount | P::EditOwnAccount | P::ChangeOwnPassword => Object::OwnAccount,
            P::ReadNotification | P::DeleteNotification => {
                Object::Notification { user_id: owner_id }
            }
            P::DeleteOwnComment | P::ModerateComments => Object::Comment {
                author_id: owner_id,
                report_public: true,
            },
            P::ViewUser | P::ChangeUserRole | P::DisableUser | P::EnableUser | P::ActivateUser => {
                Object::User { id: owner_id }
            }
            P::ReadAuditLog => Object::AuditLog,
            P::ManageAgencies => Object::Agency,
            P::ManageCategories => Object::Category,
            P::ManageAreas => Object::Area,
            P::ManageRoutingRules => Object::RoutingRule,
            P::ManageHolidays | P::ManageTemplates => Object::None,
            P::ViewNotifications
            | P::FileReport
            | P::ViewOwnReports
            | P::ViewInbox
            | P::FileOnBehalf
            | P::ViewDashboard
            | P::ListUsers => Object::None,
        }
    }

    /// Written from DESIGN.md's table of people, independently of `may`.
    /// Columns: anonymous, citizen, operator, officer (agency 10), admin, system.
    /// Each string: own, other's, own agency, other agency, public.
    /// Y allowed; L not logged in; R wrong role; O not owner; A not own agency;
    /// P not public; S not on self.
    #[rustfmt::skip]
    const EXPECTED: &[(Permission, [&str; 6])] = {
        use Permission as P;
        &[
            //                           anon     citizen  operator officer  admin    system
            (P::ViewPublic,            ["PPPPY", "PPPPY", "PPPPY", "PPPPY", "PPPPY", "PPPPY"]),
            (P::ViewReport,            ["LLLLY", "YPPPY", "YYYYY", "YAYAY", "YPPPY", "YPPPY"]),
            (P::ViewOwnAccount,        ["LLLLL", "YYYYY", "YYYYY", "YYYYY", "YYYYY", "RRRRR"]),
            (P::EditOwnAccount,        ["LLLLL", "YYYYY", "YYYYY", "YYYYY", "YYYYY", "RRRRR"]),
            (P::ChangeOwnPassword,     ["LLLLL", "YYYYY", "YYYYY", "YYYYY", "YYYYY", "RRRRR"]),
            (P::ViewNotifications,     ["LLLLL", "YYYYY", "YYYYY", "YYYYY", "YYYYY", "RRRRR"]),
            (P::ReadNotification,      ["LLLLL", "YOOOO", "YOOOO", "YOOOO", "YOOOO", "RRRRR"]),
            (P::DeleteNotification,    ["LLLLL", "YOOOO", "YOOOO", "YOOOO", "YOOOO", "RRRRR"]),
            (P::FileReport,            ["LLLLL", "YYYYY", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::ViewOwnReports,        ["LLLLL", "YYYYY", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::EditOwnDraft,          ["LLLLL", "YOOOO", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::DeleteOwnDraft,        ["LLLLL", "YOOOO", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::Comment,               ["LLLLL", "PPPPY", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::Like,                  ["LLLLL", "PPPPY", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::DeleteOwnComment,      ["LLLLL", "YOOOO", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
            (P::ActOnReport,           ["LLLLL", "YOOOO", "YYYYY", "AAYAA", "RRRRR", "RRRRR"]),
            (P::ViewReporterContact,   ["LLLLL", "YOOOO", "YYYYY", "AAYAA", "RRRRR", "RRRRR"]),
            (P::ViewInternalTimeline,  ["LLLLL", "RRRRR", "YYYYY", "AAYAA", "RRRRR", "RRRRR"]),
            (P::AddInternalNote,       ["LLLLL", "RRRRR", "YYYYY", "AAYAA", "RRRRR", "RRRRR"]),
            (P::ViewInbox,             ["LLLLL", "RRRRR", "YYYYY", "YYYYY", "RRRRR", "RRRRR"]),
            (P::FileOnBehalf,          ["LLLLL", "RRRRR", "YYYYY", "RRRRR", "RRRRR", "RRRRR"]),
            (P::ClassifyReport,        ["LLLLL", "RRRRR", "YYYYY", "RRRRR", "RRRRR", "RRRRR"]),
            (P::ModerateComments,      ["LLLLL", "RRRRR", "YYYYY", "RRRRR", "RRRRR", "RRRRR"]),
            (P::ViewDashboard,         ["LLLLL", "RRRRR", "YYYYY", "YYYYY", "RRRRR", "RRRRR"]),
            (P::ListUsers,             ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ViewUser,              ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ChangeUserRole,        ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "SYYYY", "RRRRR"]),
            (P::DisableUser,           ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "SYYYY", "RRRRR"]),
            (P::EnableUser,            ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ActivateUser,          ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ReadAuditLog,          ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageAgencies,        ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageCategories,      ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageAreas,           ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageRoutingRules,    ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageHolidays,        ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::ManageTemplates,       ["LLLLL", "RRRRR", "RRRRR", "RRRRR", "YYYYY", "RRRRR"]),
            (P::TakeReport,            ["LLLLL", "RRRRR", "RRRRR", "AAYAA", "RRRRR", "RRRRR"]),
            // The table's officer is not the lead; `a_lead_assigns_within_the_agency_only`.
            (P::AssignReport,          ["LLLLL", "RRRRR", "RRRRR", "NNNNN", "RRRRR", "RRRRR"]),
            (P::Follow,                ["LLLLL", "PPPPY", "RRRRR", "RRRRR", "RRRRR", "RRRRR"]),
        ]
    };

    fn decode(c: char) -> Result<(), Denied> {
        match c {
            'Y' => Ok(()),
            'L' => Err(Denied::NotLoggedIn),
            'R' => Err(Denied::WrongRole),
            'O' => Err(Denied::NotOwner),
            'A' => Err(Denied::NotOwnAgency),
            'P' => Err(Denied::NotPublic),
            'S' => Err(Denied::NotOnSelf),
            'N' => Err(Denied::NotLead),
            _ => panic!("unknown code {c:?} in EXPECTED"),
        }
    }

    #[test]
    fn expected_table_lists_every_permission_once() {
        for p in Permission::ALL {
            assert_eq!(EXPECTED.iter().filter(|row| row.0 == p).count(), 1, "{p:?}");
        }
        assert_eq!(EXPECTED.len(), Permission::ALL.len());
        for (p, cells) in EXPECTED {
            for cell in cells {
                assert_eq!(cell.chars().count(), SITUATIONS.len(), "{p:?}");
            }
        }
    }

    #[test]
    fn role_by_permission_by_ownership_matches_the_table() {
        let mut checked = 0;
        for (permission, cells) in EXPECTED {
            for (subject, cell) in subjects().iter().zip(cells) {
                for (situation, code) in SITUATIONS.iter().zip(cell.chars()) {
                    let object = object_for(*permission, subject.user_id, *situation);
                    assert_eq!(
                        may(subject, *permission, &object),
                        decode(code),
                        "{:?} {permission:?} {situation:?} {object:?}",
                        subject.role
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, Permission::ALL.len() * 6 * 5);
    }

    #[test]
    fn disabled_accounts_see_public_things_only() {
        for mut s in subjects().into_iter().skip(1) {
            s.active = false;
            for (permission, _) in EXPECTED {
                for situation in SITUATIONS {
                    let object = object_for(*permission, s.user_id, situation);
                    let got = may(&s, *permission, &object);
                    let public_view =
                        matches!(permission, Permission::ViewPublic | Permission::ViewReport)
                            && matches!(situation, Situation::Public);
                    let expected = if public_view {
                        Ok(())
                    } else if *permission == Permission::ViewPublic {
                        Err(Denied::NotPublic)
                    } else {
                        Err(Denied::Disabled)
                    };
                    assert_eq!(got, expected, "{:?} {permission:?} {situation:?}", s.role);
                }
            }
        }
        // Public reference data too.
        let mut s = subject(Role::Citizen, Some(1));
        s.active = false;
        for o in [Object::None, Object::Agency, Object::Category, Object::Area] {
            assert_eq!(may(&s, Permission::ViewPublic, &o), Ok(()));
        }
    }

    #[test]
    fn drafts_are_for_their_author_only() {
        let draft = |reporter, is_public| Object::Report {
            reporter_id: Some(reporter),
            agency_id: Some(MY_AGENCY),
            is_public,
            status: Status::Draft,
        };
        let author = subject(Role::Citizen, Some(1));
        for p in [
            Permission::ViewReport,
            Permission::EditOwnDraft,
            Permission::DeleteOwnDraft,
            Permission::ActOnReport,
        ] {
            assert_eq!(may(&author, p, &draft(1, false)), Ok(()), "{p:?}");
        }
        let op = subject(Role::Operator, Some(2));
        let officer = subject(Role::Officer, Some(3));
        for s in [op, officer] {
            for p in [
                Permission::ViewReport,
                Permission::ActOnReport,
                Permission::ViewReporterContact,
                Permission::ViewInternalTimeline,
            ] {
                assert_eq!(
                    may(&s, p, &draft(1, true)),
                    Err(Denied::NotOwner),
                    "{:?} {p:?}",
                    s.role
                );
            }
        }
        assert_eq!(
            may(&op, Permission::ClassifyReport, &draft(1, false)),
            Err(Denied::NotOwner)
        );
        // A "public" flag on a draft shows nothing to anyone else.
        let stranger = subject(Role::Citizen, Some(7));
        assert_eq!(
            may(&stranger, Permission::ViewReport, &draft(1, true)),
            Err(Denied::NotPublic)
        );
        assert_eq!(
            may(
                &Subject::anonymous(),
                Permission::ViewReport,
                &draft(1, true)
            ),
            Err(Denied::NotLoggedIn)
        );
    }

    #[test]
    fn public_flag_counts_only_in_publicly_visible_statuses() {
        let stranger = subject(Role::Citizen, Some(7));
        for status in Status::ALL {
            let o = Object::Report {
                reporter_id: Some(1),
                agency_id: None,
                is_public: true,
                status,
            };
            let expected = if status.is_public_visible() {
                Ok(())
            } else {
                Err(Denied::NotPublic)
            };
            assert_eq!(
                may(&stranger, Permission::ViewReport, &o),
                expected,
                "{status}"
            );
            assert_eq!(
                may(&stranger, Permission::Comment, &o),
                expected,
                "{status}"
            );
            assert_eq!(may(&stranger, Permission::Like, &o), expected, "{status}");
            let anon = may(&Subject::anonymous(), Permission::ViewReport, &o);
            assert_eq!(anon.is_ok(), status.is_public_visible(), "{status}");
            // Never public when the operator kept it private.
            let private = Object::Report {
                reporter_id: Some(1),
                agency_id: None,
                is_public: false,
                status,
            };
            assert_eq!(
                may(&stranger, Permission::ViewReport, &private),
                Err(Denied::NotPublic)
            );
        }
    }

    #[test]
    fn replies_and_likes_on_comments_follow_the_report() {
        let c = subject(Role::Citizen, Some(1));
        let on_public = Object::Comment {
            author_id: 9,
            report_public: true,
        };
        let on_private = Object::Comment {
            author_id: 9,
            report_public: false,
        };
        for p in [Permission::Comment, Permission::Like] {
            assert_eq!(may(&c, p, &on_public), Ok(()));
            assert_eq!(may(&c, p, &on_private), Err(Denied::NotPublic));
            assert_eq!(
                may(&subject(Role::Operator, Some(2)), p, &on_public),
                Err(Denied::WrongRole)
            );
        }
        assert_eq!(
            may(
                &subject(Role::Operator, Some(2)),
                Permission::ModerateComments,
                &Object::None
            ),
            Ok(())
        );
    }

    #[test]
    fn officer_without_agency_is_told_so() {
        let lost = Subject {
            agency_id: None,
            ..subject(Role::Officer, Some(3))
        };
        assert_eq!(
            may(&lost, Permission::ViewInbox, &Object::None),
            Err(Denied::NoAgency)
        );
        let o = report(Some(3), Situation::OwnAgency);
        assert_eq!(
            may(&lost, Permission::ActOnReport, &o),
            Err(Denied::NoAgency)
        );
        assert_eq!(
            may(&lost, Permission::ViewReport, &o),
            Err(Denied::NoAgency)
        );
        // An undispatched report does not "match" a missing agency.
        let undispatched = report(Some(3), Situation::Others);
        assert_eq!(
            may(&lost, Permission::ActOnReport, &undispatched),
            Err(Denied::NoAgency)
        );
        assert!(!lost.actor_for(&undispatched).of_assigned_agency);
    }

    #[test]
    fn half_filled_subjects_fail_closed() {
        let ghost = Subject {
            user_id: Some(1),
            role: Role::Anonymous,
            agency_id: None,
            active: true,
            is_lead: false,
        };
        let nameless = Subject {
            user_id: None,
            role: Role::Admin,
            agency_id: None,
            active: true,
            is_lead: false,
        };
        for s in [ghost, nameless] {
            for p in Permission::ALL {
                for situation in SITUATIONS {
                    let o = object_for(p, Some(1), situation);
                    let r = may(&s, p, &o);
                    assert!(
                        r.is_err() || matches!(p, Permission::ViewPublic | Permission::ViewReport),
                        "{s:?} {p:?} {o:?}"
                    );
                    if r.is_err() && !matches!(p, Permission::ViewPublic) {
                        assert_eq!(r, Err(Denied::NotLoggedIn), "{s:?} {p:?}");
                    }
                }
            }
            assert_eq!(s.logged_in_id(), None);
            assert_eq!(
                s.actor_for(&report(Some(1), Situation::Own)).role,
                Role::Anonymous
            );
        }
    }

    fn all_object_kinds() -> [Object; 11] {
        [
            Object::None,
            Object::OwnAccount,
            Object::User { id: 1 },
            report(Some(1), Situation::Public),
            Object::Comment {
                author_id: 1,
                report_public: true,
            },
            Object::Notification { user_id: 1 },
            Object::AuditLog,
            Object::Agency,
            Object::Category,
            Object::Area,
            Object::RoutingRule,
        ]
    }

    #[test]
    fn wrong_object_kinds_are_refused_first() {
        let admin = subject(Role::Admin, Some(4));
        let mut fitting = 0;
        for p in Permission::ALL {
            for o in all_object_kinds() {
                let natural = object_for(p, Some(1), Situation::Others);
                let same_kind = std::mem::discriminant(&o) == std::mem::discriminant(&natural);
                if same_kind {
                    assert!(p.fits(&o), "{p:?} {o:?}");
                }
                if p.fits(&o) {
                    fitting += 1;
                } else {
                    for s in subjects() {
                        assert_eq!(may(&s, p, &o), Err(Denied::WrongObject), "{p:?} {o:?}");
                    }
                }
            }
        }
        // 40 natural kinds (ManageHolidays' and ManageTemplates' are None), plus the extras: ViewPublic on
        // None/Agency/Category/Area, Comment and Like on Comment, ModerateComments and the
        // four Manage* of a row kind on None.
        assert_eq!(fitting, 40 + 4 + 2 + 1 + 4);
        assert_eq!(
            may(&admin, Permission::ManageCategories, &Object::None),
            Ok(())
        );
        assert_eq!(
            may(&admin, Permission::ManageCategories, &Object::Agency),
            Err(Denied::WrongObject)
        );
    }

    #[test]
    fn admin_cannot_lock_themself_out_but_may_do_the_rest_to_themself() {
        let admin = subject(Role::Admin, Some(4));
        let me = Object::User { id: 4 };
        assert_eq!(
            may(&admin, Permission::ChangeUserRole, &me),
            Err(Denied::NotOnSelf)
        );
        assert_eq!(
            may(&admin, Permission::DisableUser, &me),
            Err(Denied::NotOnSelf)
        );
        for p in [
            Permission::ViewUser,
            Permission::EnableUser,
            Permission::ActivateUser,
        ] {
            assert_eq!(may(&admin, p, &me), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn actor_for_agrees_with_the_lifecycle() {
        let author = subject(Role::Citizen, Some(1));
        let own = Object::Report {
            reporter_id: Some(1),
            agency_id: None,
            is_public: false,
            status: Status::Submitted,
        };
        let a = author.actor_for(&own);
        assert_eq!(
            (a.role, a.is_author, a.of_assigned_agency),
            (Role::Citizen, true, false)
        );
        assert_eq!(
            transition(Some(Status::Submitted), a, Action::Withdraw),
            Ok(Status::Withdrawn)
        );
        let stranger = subject(Role::Citizen, Some(7)).actor_for(&own);
        assert!(!stranger.is_author);

        let officer = subject(Role::Officer, Some(3));
        let dispatched = report(Some(SOMEONE_ELSE), Situation::OwnAgency);
        let a = officer.actor_for(&dispatched);
        assert!(a.of_assigned_agency && !a.is_author);
        assert_eq!(
            transition(Some(Status::Processing), a, Action::Resolve),
            Ok(Status::Resolved)
        );
        let elsewhere = officer.actor_for(&report(Some(SOMEONE_ELSE), Situation::OtherAgency));
        assert!(!elsewhere.of_assigned_agency);

        // Only officers are "of the assigned agency", whatever agency_id says.
        let odd_operator = Subject {
            agency_id: Some(MY_AGENCY),
            ..subject(Role::Operator, Some(2))
        };
        assert!(!odd_operator.actor_for(&dispatched).of_assigned_agency);
        // Reports filed on behalf have no reporter: nobody is their author.
        let on_behalf = Object::Report {
            reporter_id: None,
            agency_id: None,
            is_public: false,
            status: Status::Submitted,
        };
        assert!(!Subject::anonymous().actor_for(&on_behalf).is_author);
        assert!(!author.actor_for(&Object::None).is_author);

        // `may` and the lifecycle agree that an admin does not act on reports.
        let admin = subject(Role::Admin, Some(4));
        assert_eq!(
            may(&admin, Permission::ActOnReport, &own),
            Err(Denied::WrongRole)
        );
    }

    #[test]
    fn a_lead_assigns_within_the_agency_only() {
        let lead = Subject {
            is_lead: true,
            ..subject(Role::Officer, Some(3))
        };
        let cells: String = SITUATIONS
            .iter()
            .map(
                |&s| match may(&lead, Permission::AssignReport, &report(Some(3), s)) {
                    Ok(()) => 'Y',
                    Err(Denied::NotOwnAgency) => 'A',
                    Err(other) => panic!("{other:?}"),
                },
            )
            .collect();
        assert_eq!(cells, "AAYAA");
        // A lead flag on someone who is not an officer gives nothing.
        let odd = Subject {
            is_lead: true,
            ..subject(Role::Operator, Some(2))
        };
        assert_eq!(
            may(
                &odd,
                Permission::AssignReport,
                &report(Some(2), Situation::OwnAgency)
            ),
            Err(Denied::WrongRole)
        );
    }

    #[test]
    fn permission_list_is_complete_and_serialises_snake_case() {
        // Adding a variant without listing it in ALL breaks this match.
        fn index(p: Permission) -> usize {
            use Permission as P;
            match p {
                P::ViewPublic => 0,
                P::ViewReport => 1,
                P::ViewOwnAccount => 2,
                P::EditOwnAccount => 3,
                P::ChangeOwnPassword => 4,
                P::ViewNotifications => 5,
                P::ReadNotification => 6,
                P::DeleteNotification => 7,
                P::FileReport => 8,
                P::ViewOwnReports => 9,
                P::EditOwnDraft => 10,
                P::DeleteOwnDraft => 11,
                P::Comment => 12,
                P::Like => 13,
                P::DeleteOwnComment => 14,
                P::ActOnReport => 15,
                P::ViewReporterContact => 16,
                P::ViewInternalTimeline => 17,
                P::AddInternalNote => 18,
                P::ViewInbox => 19,
                P::FileOnBehalf => 20,
                P::ClassifyReport => 21,
                P::ModerateComments => 22,
                P::ViewDashboard => 23,
                P::ListUsers => 24,
                P::ViewUser => 25,
                P::ChangeUserRole => 26,
                P::DisableUser => 27,
                P::EnableUser => 28,
                P::ActivateUser => 29,
                P::ReadAuditLog => 30,
                P::ManageAgencies => 31,
                P::ManageCategories => 32,
                P::ManageAreas => 33,
                P::ManageRoutingRules => 34,
                P::TakeReport => 35,
                P::AssignReport => 36,
                P::Follow => 37,
                P::ManageHolidays => 38,
                P::ManageTemplates => 39,
            }
        }
        for (i, p) in Permission::ALL.into_iter().enumerate() {
            assert_eq!(index(p), i, "{p:?}");
        }
        assert_eq!(
            serde_json::to_string(&Permission::ViewReporterContact).unwrap(),
            "\"view_reporter_contact\""
        );
        let s = subject(Role::Officer, Some(3));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Subject>(&json).unwrap(), s);
    }

    #[test]
    fn denied_messages_and_status_codes() {
        let all = [
            Denied::NotLoggedIn,
            Denied::Disabled,
            Denied::WrongRole,
            Denied::NotOwner,
            Denied::NotOwnAgency,
            Denied::NoAgency,
            Denied::NotPublic,
            Denied::NotOnSelf,
            Denied::WrongObject,
            Denied::NotLead,
        ];
        for d in all {
            assert!(d.vi().ends_with('.') && d.en().ends_with('.'), "{d:?}");
            assert!(!d.vi().contains("  ") && !d.en().contains("  "), "{d:?}");
            assert_ne!(d.vi(), d.en());
            assert_eq!(d.to_string(), d.en());
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<Denied>(&json).unwrap(), d);
        }
        assert_eq!(Denied::NotLoggedIn.http_status(), 401);
        assert_eq!(Denied::WrongObject.http_status(), 500);
        assert_eq!(Denied::NotOwner.http_status(), 403);
    }
}
