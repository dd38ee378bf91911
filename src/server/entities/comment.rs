//! `comments`: citizens' comments and replies on public reports, shown after moderation.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub author_id: i64,
    /// The comment this one replies to.
    pub parent_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// pending | approved | rejected | hidden (`domain::engagement::CommentStatus`)
    pub status: String,
    /// Why an operator rejected or hid it; told to its author.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub moderator_id: Option<i64>,
    pub like_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub moderated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::report::Entity",
        from = "Column::ReportId",
        to = "super::report::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Report,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AuthorId",
        to = "super::user::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Author,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ModeratorId",
        to = "super::user::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Moderator,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Parent,
}

impl Related<super::report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Report.def()
    }
}

/// The author (the moderator is reached with `ToModerator`).
impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

/// `moderator_id` -> users
pub struct ToModerator;

impl Linked for ToModerator {
    type FromEntity = Entity;
    type ToEntity = super::user::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::Moderator.def()]
    }
}

/// `parent_id` -> the comment replied to
pub struct ToParent;

impl Linked for ToParent {
    type FromEntity = Entity;
    type ToEntity = Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::Parent.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
