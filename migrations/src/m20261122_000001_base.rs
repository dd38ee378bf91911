//! The whole first schema of PAHT (SCHEMA.md), in one migration so that a fresh database is
//! one atomic step. Foreign keys are declared inside `CREATE TABLE` because SQLite cannot add
//! them afterwards. Ids are BIGINT auto-increment: `big_pk_auto` renders `integer PRIMARY KEY
//! AUTOINCREMENT` on SQLite (the only auto-increment SQLite accepts) and `bigserial`/identity on
//! PostgreSQL.
//!
//! Delete rules, where SCHEMA.md is silent:
//! - what belongs to a report or a user (media, events, comments, likes, ratings,
//!   notifications, sessions) goes with it;
//! - reports keep pointing at their category, agency and areas: deleting those is refused
//!   (deactivate them instead), so history never silently loses its place or owner;
//! - the people around a report (reporter, officer, moderator) become NULL when an account goes;
//! - actors of events and of the audit log are RESTRICT: NULL there means "the system", so
//!   an account that acted can be disabled but not deleted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// DDL is transactional on both backends; a half-created schema is worse than none.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_areas(m).await?;
        create_agencies(m).await?;
        create_categories(m).await?;
        create_users(m).await?;
        create_sessions(m).await?;
        create_routing_rules(m).await?;
        create_reports(m).await?;
        create_media(m).await?;
        create_report_events(m).await?;
        create_comments(m).await?;
        create_likes(m).await?;
        create_ratings(m).await?;
        create_notifications(m).await?;
        create_audit_log(m).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents; indexes go with their tables.
        let tables: [DynIden; 14] = [
            AuditLog::Table.into_iden(),
            Notifications::Table.into_iden(),
            Ratings::Table.into_iden(),
            Likes::Table.into_iden(),
            Comments::Table.into_iden(),
            ReportEvents::Table.into_iden(),
            Media::Table.into_iden(),
            Reports::Table.into_iden(),
            RoutingRules::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Categories::Table.into_iden(),
            Agencies::Table.into_iden(),
            Areas::Table.into_iden(),
        ];
        for t in tables {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// `FOREIGN KEY (from_col) REFERENCES to_table(id) ON DELETE action`, named `fk_<table>_<col>`.
fn fk<T, C, R>(table: T, col: C, to: R, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement
where
    T: IntoIden,
    C: IntoIden,
    R: IntoIden,
{
    let table = table.into_iden();
    let col = col.into_iden();
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to(to, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

/// `CREATE [UNIQUE] INDEX name ON table (cols...)`.
async fn index<T: IntoIden + Clone>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}

macro_rules! cols {
    ($($c:expr),+ $(,)?) => { vec![$($c.into_iden()),+] };
}

use ForeignKeyAction::{Cascade, Restrict, SetNull};

// ---------------------------------------------------------------- areas

#[derive(DeriveIden, Clone, Copy)]
enum Areas {
    Table,
    Id,
    Code,
    Name,
    Kind,
    ParentId,
    Boundary,
    MinLat,
    MinLng,
    MaxLat,
    MaxLng,
    CreatedAt,
}

async fn create_areas(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Areas::Table)
            .col(big_pk_auto(Areas::Id))
            .col(string_uniq(Areas::Code))
            .col(string(Areas::Name))
            .col(string(Areas::Kind))
            .col(big_integer_null(Areas::ParentId))
            .col(text(Areas::Boundary))
            .col(double(Areas::MinLat))
            .col(double(Areas::MinLng))
            .col(double(Areas::MaxLat))
            .col(double(Areas::MaxLng))
            .col(timestamp_with_time_zone(Areas::CreatedAt))
            .foreign_key(&mut fk(
                Areas::Table,
                Areas::ParentId,
                Areas::Table,
                SetNull,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_areas_kind_bbox",
        Areas::Table,
        cols![
            Areas::Kind,
            Areas::MinLat,
            Areas::MaxLat,
            Areas::MinLng,
            Areas::MaxLng
        ],
        false,
    )
    .await?;
    index(
        m,
        "idx_areas_parent",
        Areas::Table,
        cols![Areas::ParentId],
        false,
    )
    .await
}

// ---------------------------------------------------------------- agencies

#[derive(DeriveIden, Clone, Copy)]
enum Agencies {
    Table,
    Id,
    Code,
    Name,
    Kind,
    AreaId,
    Phone,
    Email,
    Active,
    CreatedAt,
}

async fn create_agencies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Agencies::Table)
            .col(big_pk_auto(Agencies::Id))
            .col(string_uniq(Agencies::Code))
            .col(string(Agencies::Name))
            .col(string(Agencies::Kind))
            .col(big_integer_null(Agencies::AreaId))
            .col(string_null(Agencies::Phone))
            .col(string_null(Agencies::Email))
            .col(boolean(Agencies::Active).default(true))
            .col(timestamp_with_time_zone(Agencies::CreatedAt))
            .foreign_key(&mut fk(
                Agencies::Table,
                Agencies::AreaId,
                Areas::Table,
                SetNull,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_agencies_area_kind",
        Agencies::Table,
        cols![Agencies::AreaId, Agencies::Kind],
        false,
    )
    .await
}

// ---------------------------------------------------------------- categories

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Id,
    Code,
    NameVi,
    NameEn,
    DefaultDays,
    UrgentDays,
    Color,
    Icon,
    SortOrder,
    Active,
}

async fn create_categories(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Categories::Table)
            .col(big_pk_auto(Categories::Id))
            .col(string_uniq(Categories::Code))
            .col(string(Categories::NameVi))
            .col(string(Categories::NameEn))
            .col(integer(Categories::DefaultDays))
            .col(integer(Categories::UrgentDays))
            .col(string(Categories::Color))
            .col(string(Categories::Icon))
            .col(integer(Categories::SortOrder).default(0))
            .col(boolean(Categories::Active).default(true))
            .to_owned(),
    )
    .await
}

// ---------------------------------------------------------------- users

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Phone,
    FullName,
    PasswordHash,
    Role,
    AgencyId,
    Status,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

async fn create_users(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Users::Table)
            .col(big_pk_auto(Users::Id))
            .col(string_uniq(Users::Phone))
            .col(string(Users::FullName))
            .col(string(Users::PasswordHash))
            .col(string(Users::Role))
            .col(big_integer_null(Users::AgencyId))
            .col(string(Users::Status))
            .col(timestamp_with_time_zone(Users::CreatedAt))
            .col(timestamp_with_time_zone(Users::UpdatedAt))
            .col(timestamp_with_time_zone_null(Users::LastLoginAt))
            .foreign_key(&mut fk(
                Users::Table,
                Users::AgencyId,
                Agencies::Table,
                SetNull,
            ))
            .to_owned(),
    )
    .await?;
    index(m, "idx_users_role", Users::Table, cols![Users::Role], false).await?;
    index(
        m,
        "idx_users_agency",
        Users::Table,
        cols![Users::AgencyId],
        false,
    )
    .await
}

// ---------------------------------------------------------------- sessions

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

async fn create_sessions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Sessions::Table)
            .col(string(Sessions::Id).primary_key())
            .col(big_integer(Sessions::UserId))
            .col(text(Sessions::Data))
            .col(timestamp_with_time_zone(Sessions::CreatedAt))
            .col(timestamp_with_time_zone(Sessions::LastSeenAt))
            .col(timestamp_with_time_zone(Sessions::ExpiresAt))
            .foreign_key(&mut fk(
                Sessions::Table,
                Sessions::UserId,
                Users::Table,
                Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_sessions_user",
        Sessions::Table,
        cols![Sessions::UserId],
        false,
    )
    .await?;
    index(
        m,
        "idx_sessions_expires",
        Sessions::Table,
        cols![Sessions::ExpiresAt],
        false,
    )
    .await
}

// ---------------------------------------------------------------- routing_rules

#[derive(DeriveIden, Clone, Copy)]
enum RoutingRules {
    Table,
    Id,
    CategoryId,
    AreaId,
    AgencyId,
    Note,
    CreatedAt,
}

async fn create_routing_rules(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // CASCADE everywhere: a rule whose category or area vanished must not turn into a
    // broader rule (NULL = "any"), so it goes too.
    m.create_table(
        Table::create()
            .table(RoutingRules::Table)
            .col(big_pk_auto(RoutingRules::Id))
            .col(big_integer_null(RoutingRules::CategoryId))
            .col(big_integer_null(RoutingRules::AreaId))
            .col(big_integer(RoutingRules::AgencyId))
            .col(string_null(RoutingRules::Note))
            .col(timestamp_with_time_zone(RoutingRules::CreatedAt))
            .foreign_key(&mut fk(
                RoutingRules::Table,
                RoutingRules::CategoryId,
                Categories::Table,
                Cascade,
            ))
            .foreign_key(&mut fk(
                RoutingRules::Table,
                RoutingRules::AreaId,
                Areas::Table,
                Cascade,
            ))
            .foreign_key(&mut fk(
                RoutingRules::Table,
                RoutingRules::AgencyId,
                Agencies::Table,
                Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_routing_rules_category_area",
        RoutingRules::Table,
        cols![RoutingRules::CategoryId, RoutingRules::AreaId],
        false,
    )
    .await
}

// ---------------------------------------------------------------- reports

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    Id,
    Code,
    Title,
    Content,
    CategoryId,
    CitizenUrgent,
    Level,
    Status,
    Lat,
    Lng,
    Address,
    DistrictId,
    CommuneId,
    ReporterId,
    ReporterName,
    ReporterPhone,
    HideName,
    Channel,
    AgencyId,
    OfficerId,
    DueAt,
    ReceivedAt,
    VerifiedAt,
    DispatchedAt,
    ResolvedAt,
    PublishedAt,
    ClosedAt,
    ResultText,
    IsPublic,
    ResultPublic,
    LikeCount,
    CommentCount,
    FollowUpOf,
    DuplicateOf,
    CreatedAt,
    UpdatedAt,
}

async fn create_reports(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Reports as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .col(big_pk_auto(R::Id))
            .col(string_uniq(R::Code))
            .col(string(R::Title))
            .col(text(R::Content))
            .col(big_integer_null(R::CategoryId))
            .col(boolean(R::CitizenUrgent).default(false))
            .col(string(R::Level))
            .col(string(R::Status))
            .col(double(R::Lat))
            .col(double(R::Lng))
            .col(string(R::Address))
            .col(big_integer_null(R::DistrictId))
            .col(big_integer_null(R::CommuneId))
            .col(big_integer_null(R::ReporterId))
            .col(string_null(R::ReporterName))
            .col(string_null(R::ReporterPhone))
            .col(boolean(R::HideName).default(false))
            .col(string(R::Channel))
            .col(big_integer_null(R::AgencyId))
            .col(big_integer_null(R::OfficerId))
            .col(timestamp_with_time_zone_null(R::DueAt))
            .col(timestamp_with_time_zone_null(R::ReceivedAt))
            .col(timestamp_with_time_zone_null(R::VerifiedAt))
            .col(timestamp_with_time_zone_null(R::DispatchedAt))
            .col(timestamp_with_time_zone_null(R::ResolvedAt))
            .col(timestamp_with_time_zone_null(R::PublishedAt))
            .col(timestamp_with_time_zone_null(R::ClosedAt))
            .col(text_null(R::ResultText))
            .col(boolean(R::IsPublic).default(false))
            .col(boolean(R::ResultPublic).default(false))
            .col(integer(R::LikeCount).default(0))
            .col(integer(R::CommentCount).default(0))
            .col(big_integer_null(R::FollowUpOf))
            .col(big_integer_null(R::DuplicateOf))
            .col(timestamp_with_time_zone(R::CreatedAt))
            .col(timestamp_with_time_zone(R::UpdatedAt))
            .foreign_key(&mut fk(
                R::Table,
                R::CategoryId,
                Categories::Table,
                Restrict,
            ))
            .foreign_key(&mut fk(R::Table, R::DistrictId, Areas::Table, Restrict))
            .foreign_key(&mut fk(R::Table, R::CommuneId, Areas::Table, Restrict))
            .foreign_key(&mut fk(R::Table, R::ReporterId, Users::Table, SetNull))
            .foreign_key(&mut fk(R::Table, R::AgencyId, Agencies::Table, Restrict))
            .foreign_key(&mut fk(R::Table, R::OfficerId, Users::Table, SetNull))
            .foreign_key(&mut fk(R::Table, R::FollowUpOf, R::Table, SetNull))
            .foreign_key(&mut fk(R::Table, R::DuplicateOf, R::Table, SetNull))
            .to_owned(),
    )
    .await?;
    let idx: [(&str, Vec<DynIden>); 9] = [
        (
            "idx_reports_public_bbox",
            cols![R::IsPublic, R::Lat, R::Lng],
        ),
        (
            "idx_reports_public_received",
            cols![R::IsPublic, R::ReceivedAt],
        ),
        (
            "idx_reports_public_status_received",
            cols![R::IsPublic, R::Status, R::ReceivedAt],
        ),
        (
            "idx_reports_status_level_received",
            cols![R::Status, R::Level, R::ReceivedAt],
        ),
        (
            "idx_reports_agency_status_due",
            cols![R::AgencyId, R::Status, R::DueAt],
        ),
        (
            "idx_reports_reporter_created",
            cols![R::ReporterId, R::CreatedAt],
        ),
        ("idx_reports_category", cols![R::CategoryId]),
        ("idx_reports_district", cols![R::DistrictId]),
        ("idx_reports_follow_up_of", cols![R::FollowUpOf]),
    ];
    for (name, c) in idx {
        index(m, name, R::Table, c, false).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- media

#[derive(DeriveIden, Clone, Copy)]
enum Media {
    Table,
    Id,
    ReportId,
    Role,
    Kind,
    StorageKey,
    Mime,
    SizeBytes,
    Width,
    Height,
    ThumbnailKey,
    CreatedAt,
}

async fn create_media(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Media::Table)
            .col(big_pk_auto(Media::Id))
            .col(big_integer(Media::ReportId))
            .col(string(Media::Role))
            .col(string(Media::Kind))
            .col(string(Media::StorageKey))
            .col(string(Media::Mime))
            .col(big_integer(Media::SizeBytes))
            .col(integer_null(Media::Width))
            .col(integer_null(Media::Height))
            .col(string_null(Media::ThumbnailKey))
            .col(timestamp_with_time_zone(Media::CreatedAt))
            .foreign_key(&mut fk(
                Media::Table,
                Media::ReportId,
                Reports::Table,
                Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_media_report_role",
        Media::Table,
        cols![Media::ReportId, Media::Role],
        false,
    )
    .await
}

// ---------------------------------------------------------------- report_events

#[derive(DeriveIden, Clone, Copy)]
enum ReportEvents {
    Table,
    Id,
    ReportId,
    ActorId,
    Action,
    FromStatus,
    ToStatus,
    Note,
    IsPublic,
    At,
}

async fn create_report_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReportEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .col(big_pk_auto(E::Id))
            .col(big_integer(E::ReportId))
            .col(big_integer_null(E::ActorId))
            .col(string(E::Action))
            .col(string_null(E::FromStatus))
            .col(string(E::ToStatus))
            .col(text_null(E::Note))
            .col(boolean(E::IsPublic).default(false))
            .col(timestamp_with_time_zone(E::At))
            .foreign_key(&mut fk(E::Table, E::ReportId, Reports::Table, Cascade))
            .foreign_key(&mut fk(E::Table, E::ActorId, Users::Table, Restrict))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_report_events_report_at",
        E::Table,
        cols![E::ReportId, E::At],
        false,
    )
    .await
}

// ---------------------------------------------------------------- comments

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    Id,
    ReportId,
    AuthorId,
    ParentId,
    Body,
    Status,
    ModeratorId,
    LikeCount,
    CreatedAt,
    UpdatedAt,
    ModeratedAt,
}

async fn create_comments(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Comments as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .col(big_pk_auto(C::Id))
            .col(big_integer(C::ReportId))
            .col(big_integer(C::AuthorId))
            .col(big_integer_null(C::ParentId))
            .col(text(C::Body))
            .col(string(C::Status))
            .col(big_integer_null(C::ModeratorId))
            .col(integer(C::LikeCount).default(0))
            .col(timestamp_with_time_zone(C::CreatedAt))
            .col(timestamp_with_time_zone(C::UpdatedAt))
            .col(timestamp_with_time_zone_null(C::ModeratedAt))
            .foreign_key(&mut fk(C::Table, C::ReportId, Reports::Table, Cascade))
            .foreign_key(&mut fk(C::Table, C::AuthorId, Users::Table, Cascade))
            .foreign_key(&mut fk(C::Table, C::ParentId, C::Table, Cascade))
            .foreign_key(&mut fk(C::Table, C::ModeratorId, Users::Table, SetNull))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_comments_report_status_created",
        C::Table,
        cols![C::ReportId, C::Status, C::CreatedAt],
        false,
    )
    .await?;
    index(
        m,
        "idx_comments_status_created",
        C::Table,
        cols![C::Status, C::CreatedAt],
        false,
    )
    .await
}

// ---------------------------------------------------------------- likes

#[derive(DeriveIden, Clone, Copy)]
enum Likes {
    Table,
    Id,
    UserId,
    ReportId,
    CommentId,
    CreatedAt,
}

async fn create_likes(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Likes::Table)
            .col(big_pk_auto(Likes::Id))
            .col(big_integer(Likes::UserId))
            .col(big_integer_null(Likes::ReportId))
            .col(big_integer_null(Likes::CommentId))
            .col(timestamp_with_time_zone(Likes::CreatedAt))
            .foreign_key(&mut fk(Likes::Table, Likes::UserId, Users::Table, Cascade))
            .foreign_key(&mut fk(
                Likes::Table,
                Likes::ReportId,
                Reports::Table,
                Cascade,
            ))
            .foreign_key(&mut fk(
                Likes::Table,
                Likes::CommentId,
                Comments::Table,
                Cascade,
            ))
            .to_owned(),
    )
    .await?;
    // NULLs are distinct on both backends, so a comment like (report_id NULL) never
    // collides with another comment like under the first index.
    index(
        m,
        "uq_likes_user_report",
        Likes::Table,
        cols![Likes::UserId, Likes::ReportId],
        true,
    )
    .await?;
    index(
        m,
        "uq_likes_user_comment",
        Likes::Table,
        cols![Likes::UserId, Likes::CommentId],
        true,
    )
    .await
}

// ---------------------------------------------------------------- ratings

#[derive(DeriveIden, Clone, Copy)]
enum Ratings {
    Table,
    Id,
    ReportId,
    UserId,
    Score,
    Comment,
    CreatedAt,
    UpdatedAt,
}

async fn create_ratings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Ratings::Table)
            .col(big_pk_auto(Ratings::Id))
            .col(big_integer(Ratings::ReportId))
            .col(big_integer(Ratings::UserId))
            .col(integer(Ratings::Score))
            .col(text_null(Ratings::Comment))
            .col(timestamp_with_time_zone(Ratings::CreatedAt))
            .col(timestamp_with_time_zone(Ratings::UpdatedAt))
            .foreign_key(&mut fk(
                Ratings::Table,
                Ratings::ReportId,
                Reports::Table,
                Cascade,
            ))
            .foreign_key(&mut fk(
                Ratings::Table,
                Ratings::UserId,
                Users::Table,
                Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "uq_ratings_report_user",
        Ratings::Table,
        cols![Ratings::ReportId, Ratings::UserId],
        true,
    )
    .await
}

// ---------------------------------------------------------------- notifications

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    ReportId,
    Kind,
    Text,
    ReadAt,
    Deleted,
    CreatedAt,
}

async fn create_notifications(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Notifications as N;
    m.create_table(
        Table::create()
            .table(N::Table)
            .col(big_pk_auto(N::Id))
            .col(big_integer(N::UserId))
            .col(big_integer_null(N::ReportId))
            .col(string(N::Kind))
            .col(text(N::Text))
            .col(timestamp_with_time_zone_null(N::ReadAt))
            .col(boolean(N::Deleted).default(false))
            .col(timestamp_with_time_zone(N::CreatedAt))
            .foreign_key(&mut fk(N::Table, N::UserId, Users::Table, Cascade))
            .foreign_key(&mut fk(N::Table, N::ReportId, Reports::Table, Cascade))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "idx_notifications_user_deleted_created",
        N::Table,
        cols![N::UserId, N::Deleted, N::CreatedAt],
        false,
    )
    .await
}

// ---------------------------------------------------------------- audit_log

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    ObjectType,
    ObjectId,
    Ip,
    Detail,
    At,
}

async fn create_audit_log(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AuditLog as A;
    m.create_table(
        Table::create()
            .table(A::Table)
            .col(big_pk_auto(A::Id))
            .col(big_integer_null(A::ActorId))
            .col(string(A::Action))
            .col(string_null(A::ObjectType))
            .col(string_null(A::ObjectId))
            .col(string_null(A::Ip))
            .col(text_null(A::Detail))
            .col(timestamp_with_time_zone(A::At))
            .foreign_key(&mut fk(A::Table, A::ActorId, Users::Table, Restrict))
            .to_owned(),
    )
    .await?;
    index(m, "idx_audit_log_at", A::Table, cols![A::At], false).await?;
    index(
        m,
        "idx_audit_log_actor_at",
        A::Table,
        cols![A::ActorId, A::At],
        false,
    )
    .await?;
    index(
        m,
        "idx_audit_log_action_at",
        A::Table,
        cols![A::Action, A::At],
        false,
    )
    .await
}
