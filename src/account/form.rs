//! What the account forms say back: one problem per field, in the user's language, and the
//! non-secret values the user typed, so a refused form comes back filled in even without
//! JavaScript (the plain form post is redirected back with the error in the URL).

use serde::{Deserialize, Serialize};

use super::otp::{self, MalformedCode, ResendRefusal};
use super::password_policy::{NameProblem, PasswordProblem};
use super::phone::PhoneError;
use crate::i18n::Lang;

/// Why one field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    Phone(PhoneError),
    Password(PasswordProblem),
    Name(NameProblem),
    /// The confirmation differs from the new password.
    ConfirmationDiffers,
    /// One account per number. Says no more than that.
    PhoneTaken,
    /// Login: phone or password wrong. Never says which.
    WrongCredentials,
    /// Right password, account not activated yet.
    NotActivated,
    /// Right password, account disabled.
    Disabled,
    WrongOldPassword,
    /// The new password equals the old one.
    SameAsOld,
    MalformedCode,
    /// The code is wrong, expired, used up or was never sent — one answer for all, so the
    /// answer never tells whether the number has an account or a code waiting.
    CodeRefused,
    Resend(ResendRefusal),
    UnknownRole,
    /// An officer must belong to an agency; others must not.
    AgencyRequired,
    UnknownAgency,
    /// The change would leave no active administrator.
    LastAdmin,
    /// A report form's field (filing).
    Filing(crate::domain::filing::FilingProblem),
    /// A report form's attachments.
    Media(crate::domain::media::MediaProblem),
    /// An action form of the console.
    Console(crate::domain::console::ConsoleProblem),
    Engagement(crate::domain::engagement::Problem),
    /// A reference-data form of the administration.
    Admin(crate::domain::admin::AdminProblem),
}

impl FieldProblem {
    pub fn message(self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let pick = |v: &str, e: &str| if vi { v.to_string() } else { e.to_string() };
        match self {
            FieldProblem::Required => pick("Vui lòng nhập thông tin này.", "Please fill in this field."),
            FieldProblem::Phone(p) => pick(p.vi(), p.en()),
            FieldProblem::Password(p) => pick(p.vi(), p.en()),
            FieldProblem::Name(p) => pick(p.vi(), p.en()),
            FieldProblem::ConfirmationDiffers => pick(
                "Mật khẩu xác nhận không khớp với mật khẩu mới.",
                "The confirmation does not match the new password.",
            ),
            FieldProblem::PhoneTaken => pick(
                "Số điện thoại này đã được đăng ký. Vui lòng đăng nhập, hoặc dùng chức năng \
                 “Quên mật khẩu” nếu bạn không nhớ mật khẩu.",
                "This phone number is already registered. Please log in, or use “Forgotten \
                 password” if you do not remember your password.",
            ),
            FieldProblem::WrongCredentials => pick(
                "Số điện thoại hoặc mật khẩu không đúng.",
                "The phone number or the password is not correct.",
            ),
            FieldProblem::NotActivated => pick(
                "Tài khoản chưa được kích hoạt. Vui lòng nhập mã xác thực đã gửi đến số điện \
                 thoại của bạn.",
                "The account is not activated yet. Please enter the code sent to your phone.",
            ),
            FieldProblem::Disabled => pick(
                "Tài khoản đã bị khoá. Vui lòng liên hệ quản trị viên để được hỗ trợ.",
                "The account has been disabled. Please contact the administrator for help.",
            ),
            FieldProblem::WrongOldPassword => pick(
                "Mật khẩu hiện tại không đúng.",
                "The current password is not correct.",
            ),
            FieldProblem::SameAsOld => pick(
                "Mật khẩu mới phải khác mật khẩu hiện tại.",
                "The new password must differ from the current one.",
            ),
            FieldProblem::MalformedCode => pick(MalformedCode.vi(), MalformedCode.en()),
            FieldProblem::CodeRefused => {
                if vi {
                    format!(
                        "Mã xác thực không đúng hoặc đã hết hạn. Mỗi mã chỉ có hiệu lực trong \
                         {} phút và được nhập tối đa {} lần. Vui lòng kiểm tra lại hoặc yêu cầu \
                         gửi mã mới.",
                        otp::VALID_FOR_MINUTES,
                        otp::MAX_TRIES
                    )
                } else {
                    format!(
                        "The verification code is wrong or has expired. Each code is valid for \
                         {} minutes and may be entered at most {} times. Please check it or ask \
                         for a new code.",
                        otp::VALID_FOR_MINUTES,
                        otp::MAX_TRIES
                    )
                }
            }
            FieldProblem::Filing(p) => {
                if vi {
                    p.vi()
                } else {
                    p.en()
                }
            }
            FieldProblem::Console(p) => {
                if vi {
                    p.vi()
                } else {
                    p.en()
                }
            }
            FieldProblem::Admin(p) => {
                if vi {
                    p.vi()
                } else {
                    p.en()
                }
            }
            FieldProblem::Engagement(p) => {
                if vi {
                    p.vi()
                } else {
                    p.en()
                }
            }
            FieldProblem::Media(p) => {
                if vi {
                    p.vi()
                } else {
                    p.en()
                }
            }
            FieldProblem::LastAdmin => pick(
                "Không thể thực hiện: hệ thống phải luôn có ít nhất một quản trị viên đang hoạt động.",
                "Not possible: the system must always keep at least one active administrator.",
            ),
            FieldProblem::Resend(r) => {
                if vi {
                    r.vi()
                } else {
                    r.en()
                }
            }
            FieldProblem::UnknownRole => pick("Vai trò không hợp lệ.", "Unknown role."),
            FieldProblem::AgencyRequired => pick(
                "Cán bộ đơn vị phải thuộc một đơn vị xử lý; các vai trò khác không gắn với đơn vị.",
                "An agency officer must belong to an agency; other roles have none.",
            ),
            FieldProblem::UnknownAgency => pick("Đơn vị không tồn tại.", "No such agency."),
        }
    }
}

/// A refused form: problems by field name, and the values to put back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormError {
    pub problems: Vec<(String, FieldProblem)>,
    /// Non-secret values as typed (never passwords or codes).
    pub values: Vec<(String, String)>,
}

impl FormError {
    pub fn new() -> FormError {
        FormError::default()
    }

    pub fn one(field: &str, problem: FieldProblem) -> FormError {
        FormError::new().with(field, problem)
    }

    pub fn with(mut self, field: &str, problem: FieldProblem) -> FormError {
        self.add(field, problem);
        self
    }

    /// Records a problem; only the first one per field is kept (the most basic).
    pub fn add(&mut self, field: &str, problem: FieldProblem) {
        if self.problem(field).is_none() {
            self.problems.push((field.to_string(), problem));
        }
    }

    pub fn keep(mut self, field: &str, value: &str) -> FormError {
        self.values.push((field.to_string(), value.to_string()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn problem(&self, field: &str) -> Option<FieldProblem> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, p)| *p)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// The code's problem, if it cannot be a code at all (checked before any lookup).
pub fn code_problem(code: &str) -> Option<FieldProblem> {
    match otp::parse_code(code) {
        Ok(_) => None,
        Err(_) => Some(FieldProblem::MalformedCode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_problem_of_a_field_wins_and_values_come_back() {
        let e = FormError::one("phone", FieldProblem::Required)
            .with("phone", FieldProblem::PhoneTaken)
            .with("password", FieldProblem::ConfirmationDiffers)
            .keep("phone", "0912");
        assert_eq!(e.problem("phone"), Some(FieldProblem::Required));
        assert_eq!(
            e.problem("password"),
            Some(FieldProblem::ConfirmationDiffers)
        );
        assert_eq!(e.problem("full_name"), None);
        assert_eq!(e.value("phone"), Some("0912"));
    }

    #[test]
    fn every_message_reads_in_both_languages() {
        let all = [
            FieldProblem::Required,
            FieldProblem::ConfirmationDiffers,
            FieldProblem::PhoneTaken,
            FieldProblem::WrongCredentials,
            FieldProblem::NotActivated,
            FieldProblem::Disabled,
            FieldProblem::WrongOldPassword,
            FieldProblem::SameAsOld,
            FieldProblem::MalformedCode,
            FieldProblem::CodeRefused,
            FieldProblem::LastAdmin,
            FieldProblem::UnknownRole,
            FieldProblem::AgencyRequired,
            FieldProblem::UnknownAgency,
        ];
        for p in all {
            let (vi, en) = (p.message(Lang::Vi), p.message(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty() && vi != en, "{p:?}");
        }
        // Login never tells which of phone and password was wrong.
        let m = FieldProblem::WrongCredentials.message(Lang::Vi);
        assert!(m.contains("hoặc"));
    }
}
