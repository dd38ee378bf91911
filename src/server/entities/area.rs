//! `areas`: province, districts and communes with their GeoJSON boundary and bounding box.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "areas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// province | district | commune
    pub kind: String,
    pub parent_id: Option<i64>,
    /// GeoJSON geometry (Polygon or MultiPolygon).
    #[sea_orm(column_type = "Text")]
    pub boundary: String,
    pub min_lat: f64,
    pub min_lng: f64,
    pub max_lat: f64,
    pub max_lng: f64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Parent,
    #[sea_orm(has_many = "super::agency::Entity")]
    Agency,
    #[sea_orm(has_many = "super::routing_rule::Entity")]
    RoutingRule,
}

impl Related<super::agency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Agency.def()
    }
}

impl Related<super::routing_rule::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoutingRule.def()
    }
}

/// The enclosing area (commune -> district -> province).
pub struct ToParent;

impl Linked for ToParent {
    type FromEntity = Entity;
    type ToEntity = Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::Parent.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
