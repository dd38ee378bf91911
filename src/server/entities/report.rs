//! `reports`: one field report and where it stands in its lifecycle.
//!
//! `reporter_phone` is never public; the model is never serialised (DTOs decide what leaves).
//!
//! Two columns point at `areas` (district, commune) and two at `users` (reporter, officer):
//! `Related<area::Entity>` follows the district and `Related<user::Entity>` the reporter; the
//! others are reached through the `Linked` types below (`find_also_linked(report::ToOfficer)`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// "PA-2026-000123"
    #[sea_orm(unique)]
    pub code: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub category_id: Option<i64>,
    /// Ticked by the citizen; the operator's `level` is what counts.
    pub citizen_urgent: bool,
    /// normal | urgent
    pub level: String,
    /// lifecycle Status as_str
    pub status: String,
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub district_id: Option<i64>,
    pub commune_id: Option<i64>,
    pub reporter_id: Option<i64>,
    /// Caller's name for on-behalf filings.
    pub reporter_name: Option<String>,
    /// Never public.
    pub reporter_phone: Option<String>,
    pub hide_name: bool,
    /// web | app | hotline | fanpage | walk_in | open311
    pub channel: String,
    pub agency_id: Option<i64>,
    pub officer_id: Option<i64>,
    pub due_at: Option<DateTimeUtc>,
    /// When submitted.
    pub received_at: Option<DateTimeUtc>,
    pub verified_at: Option<DateTimeUtc>,
    pub dispatched_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub result_text: Option<String>,
    pub is_public: bool,
    pub result_public: bool,
    pub like_count: i32,
    pub comment_count: i32,
    pub follow_up_of: Option<i64>,
    pub duplicate_of: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The random token of the form that made this report (a retry finds it again).
    pub idempotency_key: Option<String>,
    /// Placed at its area's centre (filed without a map): the place is approximate.
    pub place_approximate: bool,
    /// The routing rules' suggestion when it was sent; the operator decides.
    pub suggested_agency_id: Option<i64>,
    /// Counts every change; an action names the version it was decided on (version check).
    pub version: i32,
    /// The citizen's own title when the operator published a version without personal
    /// data in `title`. Private.
    pub original_title: Option<String>,
    /// The citizen's own content when `content` is the operator's public version. Private.
    #[sea_orm(column_type = "Text", nullable)]
    pub original_content: Option<String>,
    /// A pending extension request: the date the agency asks for.
    pub extension_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub extension_reason: Option<String>,
    /// When an agency last sent it back to the centre; cleared when dispatched again.
    pub returned_at: Option<DateTimeUtc>,
    /// The assigned officer's order in their field list.
    pub field_position: Option<i32>,
    /// The author's latest "not satisfied" response, waiting in the centre's inbox.
    pub dissatisfied_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub dissatisfied_reason: Option<String>,
    /// The words it is found by, folded (`server::search`); written on every save.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// Working days from the dispatch to the agency's result (the scoreboard's processing
    /// time); set with `resolved_at`, cleared when the centre sends the result back.
    pub processing_days: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Category,
    #[sea_orm(
        belongs_to = "super::agency::Entity",
        from = "Column::AgencyId",
        to = "super::agency::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Agency,
    #[sea_orm(
        belongs_to = "super::area::Entity",
        from = "Column::DistrictId",
        to = "super::area::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    District,
    #[sea_orm(
        belongs_to = "super::area::Entity",
        from = "Column::CommuneId",
        to = "super::area::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Commune,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ReporterId",
        to = "super::user::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Reporter,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::OfficerId",
        to = "super::user::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::FollowUpOf",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    FollowUpOf,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::DuplicateOf",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    DuplicateOf,
    #[sea_orm(has_many = "super::media::Entity")]
    Media,
    #[sea_orm(has_many = "super::report_event::Entity")]
    ReportEvent,
    #[sea_orm(has_many = "super::comment::Entity")]
    Comment,
    #[sea_orm(has_many = "super::rating::Entity")]
    Rating,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::agency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agency.def()
    }
}

/// The district (see the module doc for the commune).
impl Related<super::area::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

/// The reporter (see the module doc for the officer).
impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reporter.def()
    }
}

impl Related<super::media::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Media.def()
    }
}

impl Related<super::report_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportEvent.def()
    }
}

impl Related<super::comment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Comment.def()
    }
}

impl Related<super::rating::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Rating.def()
    }
}

macro_rules! link {
    ($(#[$doc:meta])* $name:ident, $to:ty, $rel:ident) => {
        $(#[$doc])*
        pub struct $name;

        impl Linked for $name {
            type FromEntity = Entity;
            type ToEntity = $to;

            fn link(&self) -> Vec<RelationDef> {
                vec![Relation::$rel.def()]
            }
        }
    };
}

link!(/// `district_id` -> areas
    ToDistrict, super::area::Entity, District);
link!(/// `commune_id` -> areas
    ToCommune, super::area::Entity, Commune);
link!(/// `reporter_id` -> users
    ToReporter, super::user::Entity, Reporter);
link!(/// `officer_id` -> users
    ToOfficer, super::user::Entity, Officer);
link!(/// `follow_up_of` -> the earlier report this one follows up ("lần 2")
    ToFollowUpOf, Entity, FollowUpOf);
link!(/// `duplicate_of` -> the report this one duplicates
    ToDuplicateOf, Entity, DuplicateOf);

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, db: &C, insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        crate::server::search::index(&mut self, db, insert).await?;
        Ok(self)
    }

    async fn after_save<C>(model: Model, db: &C, _insert: bool) -> Result<Model, DbErr>
    where
        C: ConnectionTrait,
    {
        crate::server::search::sync(db, model.id, &model.search_text).await?;
        Ok(model)
    }
}
