//! `agencies`: who fixes things — district committees, departments, police, utilities.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// district_committee | department | police | utility | other
    pub kind: String,
    pub area_id: Option<i64>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    /// The agency this one belongs to, if any (checked by the server, never a cycle).
    pub parent_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::area::Entity",
        from = "Column::AreaId",
        to = "super::area::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Area,
    #[sea_orm(has_many = "super::user::Entity")]
    User,
    #[sea_orm(has_many = "super::report::Entity")]
    Report,
    #[sea_orm(has_many = "super::routing_rule::Entity")]
    RoutingRule,
}

impl Related<super::area::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Area.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Report.def()
    }
}

impl Related<super::routing_rule::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoutingRule.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
