//! SeaORM entities, one per table of SCHEMA.md. Server-only: what leaves the server is a DTO
//! (`crate::dto`), never an entity, so none of these derive `Serialize` — in particular
//! `users.password_hash`, session tokens and `reports.reporter_phone` cannot leak by accident.
//!
//! Enumerated values (roles, statuses, kinds, channels…) are stored as the snake_case
//! `as_str()` of the `crate::domain` enums; timestamps are UTC (`DateTimeUtc`).

pub mod agency;
pub mod area;
pub mod audit_log;
pub mod category;
pub mod comment;
pub mod follow;
pub mod holiday;
pub mod like;
pub mod live_event;
pub mod media;
pub mod notification;
pub mod one_time_code;
pub mod rating;
pub mod reminder;
pub mod reply_template;
pub mod report;
pub mod report_event;
pub mod routing_rule;
pub mod session;
pub mod user;

pub mod prelude {
    pub use super::agency::Entity as Agency;
    pub use super::area::Entity as Area;
    pub use super::audit_log::Entity as AuditLog;
    pub use super::category::Entity as Category;
    pub use super::comment::Entity as Comment;
    pub use super::follow::Entity as Follow;
    pub use super::holiday::Entity as Holiday;
    pub use super::like::Entity as Like;
    pub use super::live_event::Entity as LiveEvent;
    pub use super::media::Entity as Media;
    pub use super::notification::Entity as Notification;
    pub use super::one_time_code::Entity as OneTimeCode;
    pub use super::rating::Entity as Rating;
    pub use super::reminder::Entity as Reminder;
    pub use super::reply_template::Entity as ReplyTemplate;
    pub use super::report::Entity as Report;
    pub use super::report_event::Entity as ReportEvent;
    pub use super::routing_rule::Entity as RoutingRule;
    pub use super::session::Entity as Session;
    pub use super::user::Entity as User;
}
