//! `categories`: what a report is about, with its default deadlines in working days.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Working days to resolve a normal report.
    pub default_days: i32,
    /// Working days to resolve an urgent report.
    pub urgent_days: i32,
    /// "#rrggbb"
    pub color: String,
    pub icon: String,
    pub sort_order: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::report::Entity")]
    Report,
    #[sea_orm(has_many = "super::routing_rule::Entity")]
    RoutingRule,
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
