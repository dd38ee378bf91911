//! Every user-facing string, in Vietnamese first and English second.
//!
//! One struct with a field per string means the compiler refuses a translation
//! that is missing: adding a field to `Strings` without filling it in both
//! tables does not build.

use crate::domain::lifecycle::{Action, Channel, Level, Status};
use serde::{Deserialize, Serialize};

pub mod account;
pub mod admin;
pub mod console;
pub mod engagement;
pub mod filing;
pub mod stats;

/// The language of the page, provided once by `App`.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The cookie that remembers the reader's language (a preference, nothing secret).
pub const LANG_COOKIE: &str = "paht_lang";

/// The language in a `Cookie:` header, if one is chosen.
pub fn lang_from_cookies(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
}

/// The reader's language: on the server from the cookie; in the browser from what the
/// server wrote into `<html lang>`, so that hydration renders the very same text.
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(axum::http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(lang_from_cookies)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

#[cfg(test)]
mod cookie_tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_read_among_others() {
        assert_eq!(lang_from_cookies("a=1; paht_lang=en; b=2"), Some(Lang::En));
        assert_eq!(lang_from_cookies("paht_lang=vi"), Some(Lang::Vi));
        assert_eq!(lang_from_cookies("paht_lang=xx"), None);
        assert_eq!(lang_from_cookies("other_paht_lang=en"), None);
        assert_eq!(lang_from_cookies(""), None);
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn account(self) -> &'static account::AccountStrings {
        match self {
            Lang::Vi => &account::VI,
            Lang::En => &account::EN,
        }
    }

    pub fn console(self) -> &'static console::ConsoleStrings {
        match self {
            Lang::Vi => &console::VI,
            Lang::En => &console::EN,
        }
    }

    pub fn engagement(self) -> &'static engagement::EngagementStrings {
        match self {
            Lang::Vi => &engagement::VI,
            Lang::En => &engagement::EN,
        }
    }

    pub fn admin(self) -> &'static admin::AdminStrings {
        match self {
            Lang::Vi => &admin::VI,
            Lang::En => &admin::EN,
        }
    }

    pub fn stats(self) -> &'static stats::StatsStrings {
        match self {
            Lang::Vi => &stats::VI,
            Lang::En => &stats::EN,
        }
    }

    pub fn filing(self) -> &'static filing::FilingStrings {
        match self {
            Lang::Vi => &filing::VI,
            Lang::En => &filing::EN,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

pub struct Strings {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub nav_map: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub footer: &'static str,
    pub map_label: &'static str,
    pub map_no_js: &'static str,
    pub map_loading: &'static str,
    pub map_error: &'static str,
    pub list_title: &'static str,
    pub list_loading: &'static str,
    pub list_empty: &'static str,
    pub list_error: &'static str,
    pub list_count: &'static str,
    pub list_count_more: &'static str,
    pub list_in_view: &'static str,
    pub list_show_all: &'static str,
    pub page_prev: &'static str,
    pub page_next: &'static str,
    pub page_of: &'static str,
    pub filter_search: &'static str,
    pub filter_search_placeholder: &'static str,
    pub filter_category: &'static str,
    pub filter_status: &'static str,
    pub filter_district: &'static str,
    pub filter_urgent: &'static str,
    pub filter_processed: &'static str,
    pub filter_all: &'static str,
    pub filter_apply: &'static str,
    pub filter_clear: &'static str,
    pub level_urgent_badge: &'static str,
    pub overdue_badge: &'static str,
    pub report_code: &'static str,
    pub report_status: &'static str,
    pub report_category: &'static str,
    pub report_level: &'static str,
    pub report_place: &'static str,
    pub report_address: &'static str,
    pub report_area: &'static str,
    pub report_received: &'static str,
    pub report_deadline: &'static str,
    pub report_agency: &'static str,
    pub report_reporter: &'static str,
    pub report_reporter_hidden: &'static str,
    pub report_channel: &'static str,
    pub report_content: &'static str,
    pub report_result: &'static str,
    pub report_result_none: &'static str,
    pub report_timeline: &'static str,
    pub report_likes: &'static str,
    pub report_comments: &'static str,
    pub report_share: &'static str,
    pub report_not_found_title: &'static str,
    pub report_not_found_body: &'static str,
    pub report_follow_up_of: &'static str,
    pub report_duplicate_of: &'static str,
    pub back_to_map: &'static str,
    pub not_assigned: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_generic: &'static str,
    pub error_bad_request: &'static str,
    pub error_form: &'static str,
    pub error_rate_limited: &'static str,
    pub error_unavailable: &'static str,
    pub error_busy: &'static str,
    pub error_conflict: &'static str,
    pub error_unsupported_type: &'static str,
    pub error_sms_budget: &'static str,
    pub uncategorised: &'static str,
    pub open_report: &'static str,
    pub cluster_zoom: &'static str,
    pub err_bad_bbox: &'static str,
    pub err_missing_bbox: &'static str,
    pub err_search_too_long: &'static str,
    pub err_bad_category: &'static str,
    pub err_bad_district: &'static str,
    pub err_bad_status: &'static str,
    pub err_page_too_far: &'static str,
}

pub static VI: Strings = Strings {
    app_name: "Phản ánh hiện trường",
    app_tagline: "Hệ thống tiếp nhận và xử lý phản ánh, kiến nghị của người dân tỉnh Quảng Trị",
    nav_map: "Bản đồ phản ánh",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    switch_language: "English",
    footer: "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Quảng Trị. Thông tin phản ánh được công khai theo quy định.",
    map_label: "Bản đồ các phản ánh đã công khai",
    map_no_js: "Bản đồ cần JavaScript. Danh sách phản ánh bên dưới vẫn dùng được đầy đủ.",
    map_loading: "Đang tải bản đồ…",
    map_error: "Không tải được điểm phản ánh trên bản đồ. Vui lòng thử lại.",
    list_title: "Phản ánh mới nhất",
    list_loading: "Đang tải danh sách phản ánh…",
    list_empty: "Không có phản ánh nào phù hợp. Hãy thu nhỏ bản đồ hoặc bỏ bớt điều kiện lọc.",
    list_error: "Không tải được danh sách phản ánh. Vui lòng thử lại sau.",
    list_count: "phản ánh",
    list_count_more: "Hơn",
    list_in_view: "Đang hiển thị các phản ánh trong vùng bản đồ.",
    list_show_all: "Xem tất cả",
    page_prev: "Trang trước",
    page_next: "Trang sau",
    page_of: "Trang",
    filter_search: "Tìm kiếm",
    filter_search_placeholder: "Mã phản ánh hoặc tiêu đề",
    filter_category: "Lĩnh vực",
    filter_status: "Trạng thái",
    filter_district: "Địa bàn",
    filter_urgent: "Khẩn cấp",
    filter_processed: "Đã xử lý",
    filter_all: "Tất cả",
    filter_apply: "Lọc",
    filter_clear: "Bỏ lọc",
    level_urgent_badge: "Khẩn",
    overdue_badge: "Quá hạn",
    report_code: "Mã phản ánh",
    report_status: "Trạng thái",
    report_category: "Lĩnh vực",
    report_level: "Mức độ",
    report_place: "Vị trí",
    report_address: "Địa chỉ",
    report_area: "Địa bàn",
    report_received: "Ngày tiếp nhận",
    report_deadline: "Hạn xử lý",
    report_agency: "Đơn vị xử lý",
    report_reporter: "Người phản ánh",
    report_reporter_hidden: "Người phản ánh đề nghị giấu tên",
    report_channel: "Kênh tiếp nhận",
    report_content: "Nội dung phản ánh",
    report_result: "Kết quả xử lý",
    report_result_none: "Chưa có kết quả xử lý được công bố.",
    report_timeline: "Quá trình xử lý",
    report_likes: "lượt thích",
    report_comments: "bình luận",
    report_share: "Đường dẫn chia sẻ",
    report_not_found_title: "Không tìm thấy phản ánh",
    report_not_found_body: "Phản ánh không tồn tại hoặc chưa được công khai. Vui lòng kiểm tra lại mã phản ánh.",
    report_follow_up_of: "Phản ánh lần 2 của",
    report_duplicate_of: "Trùng với phản ánh",
    back_to_map: "Quay lại bản đồ",
    not_assigned: "Chưa phân công",
    not_found_title: "Không tìm thấy trang",
    not_found_body: "Đường dẫn không đúng hoặc trang đã bị gỡ bỏ.",
    error_generic: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
    error_bad_request: "Yêu cầu không hợp lệ.",
    error_form: "Vui lòng kiểm tra lại các thông tin được đánh dấu.",
    error_rate_limited: "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {n} phút.",
    error_unavailable: "Hệ thống đang bận. Vui lòng thử lại sau ít phút.",
    error_busy: "Hệ thống đang xử lý nhiều yêu cầu. Vui lòng thử lại sau {n} giây.",
    error_conflict: "Phản ánh đã thay đổi trạng thái nên không thể thực hiện thao tác này. Vui lòng tải lại trang.",
    error_unsupported_type: "Định dạng dữ liệu gửi lên không được hỗ trợ. Vui lòng gửi lại từ biểu mẫu của hệ thống.",
    error_sms_budget: "Hệ thống tạm thời không gửi được tin nhắn mã xác thực. Vui lòng thử lại sau ít phút.",
    uncategorised: "Chưa phân loại",
    open_report: "Xem chi tiết",
    cluster_zoom: "Phóng to để xem",
    err_bad_bbox: "Vùng bản đồ không hợp lệ (bbox).",
    err_missing_bbox: "Thiếu vùng bản đồ (bbox).",
    err_search_too_long: "Từ khóa tìm kiếm dài quá {n} ký tự.",
    err_bad_category: "Lĩnh vực không hợp lệ.",
    err_bad_district: "Địa bàn không hợp lệ.",
    err_bad_status: "Trạng thái không hợp lệ.",
    err_page_too_far: "Chỉ xem được tối đa {n} trang; vui lòng thu hẹp điều kiện lọc.",
};

pub static EN: Strings = Strings {
    app_name: "Field reports",
    app_tagline:
        "Citizens' reports on public problems in Quảng Trị province, and how they were handled",
    nav_map: "Report map",
    skip_to_content: "Skip to main content",
    switch_language: "Tiếng Việt",
    footer:
        "Quảng Trị Smart City Operations Centre. Reports are published as the regulations provide.",
    map_label: "Map of published reports",
    map_no_js: "The map needs JavaScript. The list of reports below works fully without it.",
    map_loading: "Loading the map…",
    map_error: "Could not load the reports on the map. Please try again.",
    list_title: "Latest reports",
    list_loading: "Loading reports…",
    list_empty: "No reports match. Zoom out or remove some filters.",
    list_error: "Could not load the reports. Please try again later.",
    list_count: "reports",
    list_count_more: "More than",
    list_in_view: "Showing reports inside the map view.",
    list_show_all: "Show all",
    page_prev: "Previous page",
    page_next: "Next page",
    page_of: "Page",
    filter_search: "Search",
    filter_search_placeholder: "Report code or title",
    filter_category: "Category",
    filter_status: "Status",
    filter_district: "District",
    filter_urgent: "Urgent",
    filter_processed: "Processed",
    filter_all: "All",
    filter_apply: "Filter",
    filter_clear: "Clear filters",
    level_urgent_badge: "Urgent",
    overdue_badge: "Overdue",
    report_code: "Report code",
    report_status: "Status",
    report_category: "Category",
    report_level: "Level",
    report_place: "Place",
    report_address: "Address",
    report_area: "Area",
    report_received: "Received",
    report_deadline: "Deadline",
    report_agency: "Handling agency",
    report_reporter: "Reported by",
    report_reporter_hidden: "The reporter asked to remain anonymous",
    report_channel: "Channel",
    report_content: "Report",
    report_result: "Result",
    report_result_none: "No result has been published yet.",
    report_timeline: "History",
    report_likes: "likes",
    report_comments: "comments",
    report_share: "Link to share",
    report_not_found_title: "Report not found",
    report_not_found_body:
        "This report does not exist or has not been published. Please check the code.",
    report_follow_up_of: "Follow-up of",
    report_duplicate_of: "Duplicate of",
    back_to_map: "Back to the map",
    not_assigned: "Not assigned",
    not_found_title: "Page not found",
    not_found_body: "The address is wrong or the page was removed.",
    error_generic: "Something went wrong. Please try again later.",
    error_bad_request: "The request is not valid.",
    error_form: "Please check the marked fields.",
    error_rate_limited: "Too many attempts. Please try again in {n} minutes.",
    error_unavailable: "The service is busy. Please try again in a few minutes.",
    error_busy: "The system is handling many requests. Please try again in {n} seconds.",
    error_conflict:
        "The report's status has changed, so this is no longer possible. Please reload the page.",
    error_unsupported_type:
        "This data format is not supported. Please send the form from the system's own page.",
    error_sms_budget:
        "Verification messages cannot be sent right now. Please try again in a few minutes.",
    uncategorised: "Uncategorised",
    open_report: "Open",
    cluster_zoom: "Zoom in to see",
    err_bad_bbox: "The map area is not valid (bbox).",
    err_missing_bbox: "The map area (bbox) is missing.",
    err_search_too_long: "The search text is longer than {n} characters.",
    err_bad_category: "The category is not valid.",
    err_bad_district: "The district is not valid.",
    err_bad_status: "The status is not valid.",
    err_page_too_far: "Only the first {n} pages can be shown; please narrow the filters.",
};

pub use engagement::{comment_status_label, notification_text, satisfaction_label};

pub fn status_label(lang: Lang, s: Status) -> &'static str {
    match (lang, s) {
        (Lang::Vi, Status::Draft) => "Bản nháp",
        (Lang::Vi, Status::Submitted) => "Chờ tiếp nhận",
        (Lang::Vi, Status::Withdrawn) => "Đã rút",
        (Lang::Vi, Status::Rejected) => "Không tiếp nhận",
        (Lang::Vi, Status::Duplicate) => "Trùng phản ánh",
        (Lang::Vi, Status::Verified) => "Đã tiếp nhận",
        (Lang::Vi, Status::Dispatched) => "Đã chuyển xử lý",
        (Lang::Vi, Status::Processing) => "Đang xử lý",
        (Lang::Vi, Status::Resolved) => "Chờ duyệt kết quả",
        (Lang::Vi, Status::Published) => "Đã xử lý",
        (Lang::Vi, Status::Closed) => "Đã đóng",
        (Lang::En, Status::Draft) => "Draft",
        (Lang::En, Status::Submitted) => "Awaiting review",
        (Lang::En, Status::Withdrawn) => "Withdrawn",
        (Lang::En, Status::Rejected) => "Not accepted",
        (Lang::En, Status::Duplicate) => "Duplicate",
        (Lang::En, Status::Verified) => "Accepted",
        (Lang::En, Status::Dispatched) => "Sent to agency",
        (Lang::En, Status::Processing) => "In progress",
        (Lang::En, Status::Resolved) => "Result under review",
        (Lang::En, Status::Published) => "Processed",
        (Lang::En, Status::Closed) => "Closed",
    }
}

pub fn level_label(lang: Lang, l: Level) -> &'static str {
    match (lang, l) {
        (Lang::Vi, Level::Normal) => "Thông thường",
        (Lang::Vi, Level::Urgent) => "Khẩn cấp",
        (Lang::En, Level::Normal) => "Normal",
        (Lang::En, Level::Urgent) => "Urgent",
    }
}

pub fn channel_label(lang: Lang, c: Channel) -> &'static str {
    match (lang, c) {
        (Lang::Vi, Channel::Web) => "Cổng thông tin",
        (Lang::Vi, Channel::App) => "Ứng dụng di động",
        (Lang::Vi, Channel::Hotline) => "Đường dây nóng",
        (Lang::Vi, Channel::Fanpage) => "Trang Facebook",
        (Lang::Vi, Channel::WalkIn) => "Trực tiếp tại Trung tâm",
        (Lang::Vi, Channel::Email) => "Thư điện tử",
        (Lang::Vi, Channel::Open311) => "Hệ thống liên thông (Open311)",
        (Lang::En, Channel::Web) => "Web portal",
        (Lang::En, Channel::App) => "Mobile app",
        (Lang::En, Channel::Hotline) => "Hotline",
        (Lang::En, Channel::Fanpage) => "Facebook page",
        (Lang::En, Channel::WalkIn) => "In person at the centre",
        (Lang::En, Channel::Email) => "Email",
        (Lang::En, Channel::Open311) => "Partner system (Open311)",
    }
}

/// The public timeline's wording for an event.
pub fn action_label(lang: Lang, a: Action) -> &'static str {
    match (lang, a) {
        (Lang::Vi, Action::SaveDraft) => "Lưu bản nháp",
        (Lang::Vi, Action::EditDraft) => "Sửa bản nháp",
        (Lang::Vi, Action::DeleteDraft) => "Xóa bản nháp",
        (Lang::Vi, Action::Submit) => "Gửi phản ánh",
        (Lang::Vi, Action::FileOnBehalf) => "Trung tâm tiếp nhận phản ánh qua kênh hỗ trợ",
        (Lang::Vi, Action::Withdraw) => "Người phản ánh rút phản ánh",
        (Lang::Vi, Action::Reject) => "Không tiếp nhận",
        (Lang::Vi, Action::MarkDuplicate) => "Xác định trùng phản ánh",
        (Lang::Vi, Action::Verify) => "Xác minh, tiếp nhận",
        (Lang::Vi, Action::Dispatch) => "Chuyển đơn vị xử lý",
        (Lang::Vi, Action::Accept) => "Đơn vị nhận xử lý",
        (Lang::Vi, Action::Return) => "Đơn vị trả lại Trung tâm",
        (Lang::Vi, Action::Transfer) => "Chuyển đơn vị xử lý khác",
        (Lang::Vi, Action::RequestExtension) => "Đề nghị gia hạn",
        (Lang::Vi, Action::ApproveExtension) => "Đồng ý gia hạn",
        (Lang::Vi, Action::RefuseExtension) => "Không đồng ý gia hạn",
        (Lang::Vi, Action::Resolve) => "Đơn vị báo cáo kết quả",
        (Lang::Vi, Action::SendBack) => "Yêu cầu xử lý lại",
        (Lang::Vi, Action::Publish) => "Công bố kết quả xử lý",
        (Lang::Vi, Action::Rate) => "Người phản ánh đánh giá",
        (Lang::Vi, Action::NotSatisfied) => "Người phản ánh chưa hài lòng",
        (Lang::Vi, Action::Close) => "Kết thúc phản ánh",
        (Lang::En, Action::SaveDraft) => "Draft saved",
        (Lang::En, Action::EditDraft) => "Draft edited",
        (Lang::En, Action::DeleteDraft) => "Draft deleted",
        (Lang::En, Action::Submit) => "Report submitted",
        (Lang::En, Action::FileOnBehalf) => "Filed by the centre for a caller",
        (Lang::En, Action::Withdraw) => "Withdrawn by the reporter",
        (Lang::En, Action::Reject) => "Not accepted",
        (Lang::En, Action::MarkDuplicate) => "Marked as duplicate",
        (Lang::En, Action::Verify) => "Verified and accepted",
        (Lang::En, Action::Dispatch) => "Sent to the handling agency",
        (Lang::En, Action::Accept) => "Agency took the report",
        (Lang::En, Action::Return) => "Agency returned it to the centre",
        (Lang::En, Action::Transfer) => "Transferred to another agency",
        (Lang::En, Action::RequestExtension) => "Extension requested",
        (Lang::En, Action::ApproveExtension) => "Extension approved",
        (Lang::En, Action::RefuseExtension) => "Extension refused",
        (Lang::En, Action::Resolve) => "Agency reported the result",
        (Lang::En, Action::SendBack) => "Sent back for more work",
        (Lang::En, Action::Publish) => "Result published",
        (Lang::En, Action::Rate) => "Rated by the reporter",
        (Lang::En, Action::NotSatisfied) => "Reporter not satisfied",
        (Lang::En, Action::Close) => "Closed",
    }
}

/// dd/mm/yyyy hh:mm in Việt Nam time, as officials write dates.
pub fn format_datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t + chrono::Duration::seconds(crate::domain::deadline::VN_OFFSET_SECONDS as i64);
    local.format("%d/%m/%Y %H:%M").to_string()
}

pub fn format_date(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t + chrono::Duration::seconds(crate::domain::deadline::VN_OFFSET_SECONDS as i64);
    local.format("%d/%m/%Y").to_string()
}

/// Thousands with a dot, the Vietnamese way (12.345); English uses a comma.
pub fn format_count(lang: Lang, n: u64) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_the_local_separator() {
        assert_eq!(format_count(Lang::Vi, 0), "0");
        assert_eq!(format_count(Lang::Vi, 999), "999");
        assert_eq!(format_count(Lang::Vi, 1000), "1.000");
        assert_eq!(format_count(Lang::En, 1234567), "1,234,567");
    }

    #[test]
    fn dates_are_shown_in_vietnam_time() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-01T18:30:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(format_datetime(t), "02/03/2026 01:30");
        assert_eq!(format_date(t), "02/03/2026");
    }

    #[test]
    fn every_status_has_a_label_in_both_languages() {
        for s in Status::ALL {
            assert!(!status_label(Lang::Vi, s).is_empty());
            assert!(!status_label(Lang::En, s).is_empty());
            assert_ne!(status_label(Lang::Vi, s), status_label(Lang::En, s));
        }
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
    }
}
