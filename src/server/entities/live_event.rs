//! `live_events`: one row per live event, written in the transaction of the change it
//! reports; its id is the stream's event id (`Last-Event-ID` resumes after it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "live_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// report | users | moderation (`domain::live::Topic`)
    pub topic: String,
    pub report_id: Option<i64>,
    pub is_public: bool,
    pub author_id: Option<i64>,
    pub agency_before: Option<i64>,
    pub agency_after: Option<i64>,
    /// For `users`: the ids, comma-separated.
    #[sea_orm(column_type = "Text", nullable)]
    pub user_ids: Option<String>,
    pub report_code: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
