//! `reply_templates`: wording an official picks in an action form (a rejection reason, a
//! result), in both languages; admins keep them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reply_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `domain::console::TemplateKind` as_str
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text_vi: String,
    #[sea_orm(column_type = "Text")]
    pub text_en: String,
    pub position: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
