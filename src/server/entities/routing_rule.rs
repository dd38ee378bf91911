//! `routing_rules`: (category?, area?) -> agency; the most specific rule wins.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "routing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// None = any category.
    pub category_id: Option<i64>,
    /// None = any area.
    pub area_id: Option<i64>,
    pub agency_id: i64,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Category,
    #[sea_orm(
        belongs_to = "super::area::Entity",
        from = "Column::AreaId",
        to = "super::area::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Area,
    #[sea_orm(
        belongs_to = "super::agency::Entity",
        from = "Column::AgencyId",
        to = "super::agency::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Agency,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::area::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Area.def()
    }
}

impl Related<super::agency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agency.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The rule as the pure routing module reads it.
impl From<&Model> for crate::domain::routing::RoutingRule {
    fn from(r: &Model) -> Self {
        crate::domain::routing::RoutingRule {
            id: r.id,
            category_id: r.category_id,
            area_id: r.area_id,
            agency_id: r.agency_id,
        }
    }
}
