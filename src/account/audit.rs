//! The kinds of audit-log rows: what happened to an account or by whom. Stored as the
//! snake_case name; the admin page filters by it and shows the label.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    Register,
    Activate,
    /// An admin activated the account by hand.
    ActivateByAdmin,
    CodeSent,
    LoginSucceeded,
    LoginFailed,
    Logout,
    LogoutEverywhere,
    NameChanged,
    PasswordChanged,
    PasswordReset,
    RoleChanged,
    Disabled,
    Enabled,
    /// A citizen sent a report (the object is the report).
    ReportSubmitted,
    /// The author withdrew their report.
    ReportWithdrawn,
    /// An official moved a report through the lifecycle (the detail names the action).
    ReportActed,
    /// An official wrote an internal note.
    ReportNoted,
    /// An officer was assigned (or took the report).
    ReportAssigned,
    /// An operator changed category or level outside a transition (bulk).
    ReportClassified,
    /// An operator filed a report for a caller.
    ReportFiledOnBehalf,
    /// An operator approved, rejected or hid a comment.
    CommentModerated,
    CategoryCreated,
    CategoryChanged,
    AgencyCreated,
    AgencyChanged,
    AgencyDeactivated,
    AgencyActivated,
    HolidayAdded,
    HolidayRemoved,
    RuleAdded,
    RuleRemoved,
    TemplateCreated,
    TemplateChanged,
}

impl AuditAction {
    pub const ALL: [AuditAction; 34] = [
        AuditAction::Register,
        AuditAction::Activate,
        AuditAction::ActivateByAdmin,
        AuditAction::CodeSent,
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::LogoutEverywhere,
        AuditAction::NameChanged,
        AuditAction::PasswordChanged,
        AuditAction::PasswordReset,
        AuditAction::RoleChanged,
        AuditAction::Disabled,
        AuditAction::Enabled,
        AuditAction::ReportSubmitted,
        AuditAction::ReportWithdrawn,
        AuditAction::ReportActed,
        AuditAction::ReportNoted,
        AuditAction::ReportAssigned,
        AuditAction::ReportClassified,
        AuditAction::ReportFiledOnBehalf,
        AuditAction::CommentModerated,
        AuditAction::CategoryCreated,
        AuditAction::CategoryChanged,
        AuditAction::AgencyCreated,
        AuditAction::AgencyChanged,
        AuditAction::AgencyDeactivated,
        AuditAction::AgencyActivated,
        AuditAction::HolidayAdded,
        AuditAction::HolidayRemoved,
        AuditAction::RuleAdded,
        AuditAction::RuleRemoved,
        AuditAction::TemplateCreated,
        AuditAction::TemplateChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Register => "register",
            AuditAction::Activate => "activate",
            AuditAction::ActivateByAdmin => "activate_by_admin",
            AuditAction::CodeSent => "code_sent",
            AuditAction::LoginSucceeded => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::LogoutEverywhere => "logout_everywhere",
            AuditAction::NameChanged => "name_changed",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::RoleChanged => "role_changed",
            AuditAction::Disabled => "user_disabled",
            AuditAction::Enabled => "user_enabled",
            AuditAction::ReportSubmitted => "report_submitted",
            AuditAction::ReportWithdrawn => "report_withdrawn",
            AuditAction::ReportActed => "report_action",
            AuditAction::ReportNoted => "report_note",
            AuditAction::ReportAssigned => "report_assigned",
            AuditAction::ReportClassified => "report_classified",
            AuditAction::ReportFiledOnBehalf => "report_on_behalf",
            AuditAction::CommentModerated => "comment_moderated",
            AuditAction::CategoryCreated => "category_created",
            AuditAction::CategoryChanged => "category_changed",
            AuditAction::AgencyCreated => "agency_created",
            AuditAction::AgencyChanged => "agency_changed",
            AuditAction::AgencyDeactivated => "agency_deactivated",
            AuditAction::AgencyActivated => "agency_activated",
            AuditAction::HolidayAdded => "holiday_added",
            AuditAction::HolidayRemoved => "holiday_removed",
            AuditAction::RuleAdded => "routing_rule_added",
            AuditAction::RuleRemoved => "routing_rule_removed",
            AuditAction::TemplateCreated => "template_created",
            AuditAction::TemplateChanged => "template_changed",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            AuditAction::Register => ("Đăng ký tài khoản", "Registration"),
            AuditAction::Activate => ("Kích hoạt tài khoản", "Activation"),
            AuditAction::ActivateByAdmin => ("Quản trị viên kích hoạt", "Activated by admin"),
            AuditAction::CodeSent => ("Gửi mã xác thực", "Code sent"),
            AuditAction::LoginSucceeded => ("Đăng nhập", "Login"),
            AuditAction::LoginFailed => ("Đăng nhập thất bại", "Failed login"),
            AuditAction::Logout => ("Đăng xuất", "Logout"),
            AuditAction::LogoutEverywhere => ("Đăng xuất khỏi mọi thiết bị", "Logout everywhere"),
            AuditAction::NameChanged => ("Đổi họ tên", "Name changed"),
            AuditAction::PasswordChanged => ("Đổi mật khẩu", "Password changed"),
            AuditAction::PasswordReset => ("Đặt lại mật khẩu", "Password reset"),
            AuditAction::RoleChanged => ("Đổi vai trò", "Role changed"),
            AuditAction::Disabled => ("Khoá tài khoản", "Account disabled"),
            AuditAction::Enabled => ("Mở khoá tài khoản", "Account enabled"),
            AuditAction::ReportSubmitted => ("Gửi phản ánh", "Report sent"),
            AuditAction::ReportWithdrawn => ("Rút phản ánh", "Report withdrawn"),
            AuditAction::ReportActed => ("Xử lý phản ánh", "Report action"),
            AuditAction::ReportNoted => ("Ghi chú nội bộ", "Internal note"),
            AuditAction::ReportAssigned => ("Phân công cán bộ", "Officer assigned"),
            AuditAction::ReportClassified => ("Phân loại phản ánh", "Report classified"),
            AuditAction::ReportFiledOnBehalf => ("Tiếp nhận thay người dân", "Filed on behalf"),
            AuditAction::CommentModerated => ("Kiểm duyệt bình luận", "Comment moderated"),
            AuditAction::CategoryCreated => ("Thêm lĩnh vực", "Category created"),
            AuditAction::CategoryChanged => ("Sửa lĩnh vực", "Category changed"),
            AuditAction::AgencyCreated => ("Thêm đơn vị xử lý", "Agency created"),
            AuditAction::AgencyChanged => ("Sửa đơn vị xử lý", "Agency changed"),
            AuditAction::AgencyDeactivated => ("Ngừng hoạt động đơn vị", "Agency deactivated"),
            AuditAction::AgencyActivated => ("Kích hoạt lại đơn vị", "Agency reactivated"),
            AuditAction::HolidayAdded => ("Thêm ngày nghỉ lễ", "Holiday added"),
            AuditAction::HolidayRemoved => ("Xoá ngày nghỉ lễ", "Holiday removed"),
            AuditAction::RuleAdded => ("Thêm quy tắc chuyển xử lý", "Routing rule added"),
            AuditAction::RuleRemoved => ("Xoá quy tắc chuyển xử lý", "Routing rule removed"),
            AuditAction::TemplateCreated => ("Thêm mẫu trả lời", "Reply template created"),
            AuditAction::TemplateChanged => ("Sửa mẫu trả lời", "Reply template changed"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert!(seen.insert(a.as_str()));
            assert_ne!(a.label(Lang::Vi), a.label(Lang::En));
        }
        assert_eq!(AuditAction::parse("drop table"), None);
    }
}
