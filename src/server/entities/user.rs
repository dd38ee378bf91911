//! `users`: citizens and staff. Holds the password hash, so the model is never serialised.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Normalised "+849xxxxxxxx".
    #[sea_orm(unique)]
    pub phone: String,
    pub full_name: String,
    /// argon2id PHC string. Secret.
    pub password_hash: String,
    /// citizen | operator | officer | admin
    pub role: String,
    pub agency_id: Option<i64>,
    /// pending | active | disabled
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    /// The status before an admin disabled the account (pending or active), restored when
    /// it is enabled again; `None` while not disabled.
    pub disabled_from: Option<String>,
    /// The agency's lead: assigns the agency's reports to its officers.
    pub is_lead: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::agency::Entity",
        from = "Column::AgencyId",
        to = "super::agency::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Agency,
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
    #[sea_orm(has_many = "super::notification::Entity")]
    Notification,
}

impl Related<super::agency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agency.def()
    }
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl Related<super::notification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Notification.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
