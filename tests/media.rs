#![cfg(feature = "ssr")]
//! Media on SQLite and PostgreSQL, through HTTP: uploads (photos re-encoded without
//! metadata and upright, videos and files by signature), hostile files refused with their
//! exact status and nothing stored, visibility of media as of its report (404, never 403),
//! caching and byte ranges, attaching to drafts and reports, the orphan sweep, and the S3
//! backend against a local S3-compatible server.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{TimeDelta, Utc};
use paht::domain::filing::FilingForm;
use paht::domain::media::{Format, MediaKind, MediaProblem};
use paht::dto::error::AppError;
use paht::dto::media::Attachment;
use paht::server::auth::flows::Caller;
use paht::server::entities::{media, report, user};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{filing, testing, AppState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use testing::{run, send, Reply};

const CITIZEN: &str = "+84900000005";
const OPERATOR: &str = "+84900000002";

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 20,
        rng_seed: 5,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

/// A second citizen, active, with a session.
async fn other_citizen(state: &AppState) -> String {
    let now = Utc::now();
    user::ActiveModel {
        phone: Set("+84911222333".into()),
        full_name: Set("Trần Thị Bình".into()),
        password_hash: Set("x".into()),
        role: Set("citizen".into()),
        status: Set("active".into()),
        created_at: Set(now),
        updated_at: Set(now),
        is_lead: Set(false),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .expect("a second citizen");
    testing::session_cookie(state, "+84911222333").await
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out.into_inner()
}

async fn upload(
    state: &AppState,
    cookie: Option<&str>,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Reply {
    let mut b = Request::post(format!(
        "/media/upload?kind={kind}&name={}",
        urlencoding::encode(name)
    ))
    .header(header::CONTENT_TYPE, "application/octet-stream")
    .header(header::CONTENT_LENGTH, bytes.len())
    .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    send(state, b.body(Body::from(bytes)).unwrap()).await
}

async fn get(state: &AppState, path: &str, cookie: Option<&str>, extra: &[(&str, &str)]) -> Reply {
    let mut b = Request::get(path);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    send(state, b.body(Body::empty()).unwrap()).await
}

fn attachment(r: &Reply) -> Attachment {
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    serde_json::from_str(&r.body).expect("an attachment")
}

fn refusal(r: &Reply) -> AppError {
    serde_json::from_str(&r.body).unwrap_or_else(|_| panic!("an error: {} {}", r.status, r.body))
}

fn form(media: &str) -> FilingForm {
    FilingForm {
        title: "Cống thoát nước bị tắc".into(),
        content: "Cống trước chợ bị tắc, nước thải tràn ra mặt đường từ sáng nay.".into(),
        district: "QT-DONGHA".into(),
        media: media.into(),
        ..Default::default()
    }
}

async fn subject(state: &AppState, phone: &str) -> paht::account::permission::Subject {
    let u = paht::server::auth::store::user_by_phone(&state.db, phone)
        .await
        .unwrap()
        .unwrap();
    paht::server::auth::SessionUser::from_model(&u).subject()
}

async fn rows(db: &DatabaseConnection) -> u64 {
    media::Entity::find().count(db).await.unwrap()
}

fn spool_is_empty(state: &AppState) -> bool {
    std::fs::read_dir(state.config.data_dir.join("spool"))
        .map(|d| d.count() == 0)
        .unwrap_or(true)
}

/// A JPEG with an EXIF block: orientation `o` and a GPS latitude.
fn with_exif(jpeg: &[u8], o: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // Orientation, SHORT, 1, value.
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&o.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    // GPS IFD pointer, LONG, 1, offset 38.
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef "N".
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn has_marker(jpeg: &[u8], marker: u8) -> bool {
    jpeg.windows(2).any(|w| w == [0xFF, marker])
}

#[test]
fn photos_lose_every_metadata_block_and_stand_upright_for_each_orientation() {
    // 80 × 40, red in the top-left quarter, blue elsewhere.
    let img = image::RgbImage::from_fn(80, 40, |x, y| {
        if x < 40 && y < 20 {
            image::Rgb([255, 0, 0])
        } else {
            image::Rgb([0, 0, 255])
        }
    });
    let mut plain = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 95)
        .encode_image(&img)
        .unwrap();
    let plain = plain.into_inner();
    // Where the red quarter shows once upright: (left, top) of the upright picture.
    let expected = [
        (1, (80, 40), (true, true)),
        (2, (80, 40), (false, true)),
        (3, (80, 40), (false, false)),
        (4, (80, 40), (true, false)),
        (5, (40, 80), (true, true)),
        (6, (40, 80), (false, true)),
        (7, (40, 80), (false, false)),
        (8, (40, 80), (true, false)),
    ];
    let dir = std::env::temp_dir().join(format!("paht-exif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (o, (w, h), (left, top)) in expected {
        let input = with_exif(&plain, o);
        assert!(input.windows(4).any(|w| w == b"Exif"));
        let path = dir.join(format!("o{o}.jpg"));
        std::fs::write(&path, &input).unwrap();
        let done = paht::server::media::photo::process(&path, Format::Jpeg).expect("processed");
        for out in [&done.photo, &done.thumb] {
            assert!(
                !out.windows(4).any(|w| w == b"Exif"),
                "orientation {o}: EXIF left"
            );
            assert!(
                !has_marker(out, 0xE1),
                "orientation {o}: an APP1 block left"
            );
            assert!(
                !has_marker(out, 0xED),
                "orientation {o}: an IPTC block left"
            );
        }
        let back = image::load_from_memory(&done.photo).unwrap().to_rgb8();
        assert_eq!((back.width(), back.height()), (w, h), "orientation {o}");
        let x = if left { w / 4 } else { w * 3 / 4 };
        let y = if top { h / 4 } else { h * 3 / 4 };
        let p = back.get_pixel(x, y);
        assert!(
            p[0] > 200 && p[2] < 60,
            "orientation {o}: red expected at ({x},{y}), got {p:?}"
        );
        let other = back.get_pixel(w - 1 - x, h - 1 - y);
        assert!(
            other[2] > 200,
            "orientation {o}: blue expected opposite, got {other:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn large_photos_shrink_to_2048_with_a_400_thumbnail() {
    let dir = std::env::temp_dir().join(format!("paht-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.jpg");
    std::fs::write(&path, jpeg(3000, 2000)).unwrap();
    let done = paht::server::media::photo::process(&path, Format::Jpeg).unwrap();
    assert_eq!((done.width, done.height), (2048, 1365));
    let thumb = image::load_from_memory(&done.thumb).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (400, 267));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PNG that claims 20,000 × 20,000 pixels (a few bytes: a decompression bomb's header).
fn bomb_png() -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in data {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut v = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        v.extend_from_slice(&body);
        v.extend_from_slice(&crc(&body).to_be_bytes());
        v
    };
    let mut ihdr = 20_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&20_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// A ZIP with the given entry names (stored, empty entries).
fn zip_with(names: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for n in names {
            z.start_file(
                *n,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored),
            )
            .unwrap();
            z.write_all(b"x").unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn hostile_files_are_refused_with_their_status_and_nothing_is_stored() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = testing::session_cookie(&state, CITIZEN).await;
        let good = jpeg(300, 200);
        let mut mp4 = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2".to_vec();
        mp4.resize(4096, 0);
        let cases: Vec<(&str, &str, Vec<u8>, StatusCode, MediaProblem)> = vec![
            (
                "photo",
                "cut.jpg",
                good[..good.len() / 3].to_vec(),
                StatusCode::UNPROCESSABLE_ENTITY,
                MediaProblem::Unreadable,
            ),
            (
                "photo",
                "virus.jpg",
                b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".repeat(8),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::Photo),
            ),
            (
                "photo",
                "empty.jpg",
                Vec::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
                MediaProblem::Empty,
            ),
            (
                "photo",
                "bomb.png",
                bomb_png(),
                StatusCode::UNPROCESSABLE_ENTITY,
                MediaProblem::TooManyPixels,
            ),
            (
                "photo",
                "paper.jpg",
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".repeat(4),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::Photo),
            ),
            (
                "photo",
                "iphone.heic",
                {
                    let mut v = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
                    v.resize(2048, 0);
                    v
                },
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::Heic,
            ),
            (
                "video",
                "clip.mp4",
                good.clone(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::Video),
            ),
            (
                "file",
                "app.docx",
                zip_with(&["AndroidManifest.xml", "classes.dex"]),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::File),
            ),
            (
                "file",
                "setup.doc",
                {
                    let mut v = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
                    v.resize(4096, 0);
                    v
                },
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::File),
            ),
            (
                "file",
                "video.pdf",
                mp4.clone(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MediaProblem::WrongType(MediaKind::File),
            ),
        ];
        for (kind, name, bytes, status, problem) in cases {
            let r = upload(&state, Some(&me), kind, name, bytes).await;
            assert_eq!(r.status, status, "{name}: {}", r.body);
            assert_eq!(refusal(&r), AppError::Media(problem), "{name}");
            assert!(!refusal(&r).message(paht::i18n::Lang::Vi).is_empty());
        }
        // A 150 MB video, by its declared length: refused before a byte is read.
        let r = send(
            &state,
            Request::post("/media/upload?kind=video&name=big.mp4")
                .header(header::CONTENT_LENGTH, 150 * 1024 * 1024)
                .header(header::COOKIE, &me)
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(mp4.clone()))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            refusal(&r),
            AppError::Media(MediaProblem::TooBig(MediaKind::Video))
        );
        // A photo over 20 MB with no declared length: refused when the 20th megabyte passes.
        let chunks =
            (0..21).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![0xFFu8; 1024 * 1024])));
        let r = send(
            &state,
            Request::post("/media/upload?kind=photo&name=huge.jpg")
                .header(header::COOKIE, &me)
                .header("sec-fetch-site", "same-origin")
                .body(Body::from_stream(futures::stream::iter(chunks)))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        // Not logged in: nothing to attach it to.
        let r = upload(&state, None, "photo", "a.jpg", good.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        // An unknown kind.
        let r = upload(&state, Some(&me), "program", "a.exe", good.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(rows(&db).await, 0, "no media row");
        assert!(state.media.keys().await.is_empty(), "no stored object");
        assert!(spool_is_empty(&state), "no spool file left");
    }));
}

#[test]
fn media_is_seen_as_its_report_is_seen_with_caching_and_ranges() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = testing::session_cookie(&state, CITIZEN).await;
        let other = other_citizen(&state).await;
        let operator = testing::session_cookie(&state, OPERATOR).await;

        let photo =
            attachment(&upload(&state, Some(&me), "photo", "ổ gà.jpg", jpeg(1200, 900)).await);
        assert_eq!(photo.kind, MediaKind::Photo);
        assert_eq!((photo.width, photo.height), (Some(1200), Some(900)));
        let mut mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
        mp4.resize(300_000, 7);
        let video = attachment(&upload(&state, Some(&me), "video", "clip.mp4", mp4.clone()).await);
        let docx = attachment(
            &upload(
                &state,
                Some(&me),
                "file",
                "Biên bản.docx",
                zip_with(&["[Content_Types].xml", "word/document.xml"]),
            )
            .await,
        );
        assert_eq!(docx.name.as_deref(), Some("Biên bản.docx"));
        let pdf = attachment(
            &upload(
                &state,
                Some(&me),
                "file",
                "don.pdf",
                b"%PDF-1.7\n%%EOF\n".to_vec(),
            )
            .await,
        );

        // Not attached yet: its owner only.
        let url = photo.url();
        assert_eq!(
            get(&state, &url, Some(&me), &[]).await.status,
            StatusCode::OK
        );
        for who in [None, Some(other.as_str()), Some(operator.as_str())] {
            assert_eq!(
                get(&state, &url, who, &[]).await.status,
                StatusCode::NOT_FOUND
            );
        }

        // Sent: a submitted report is private: its author and the centre, nobody else.
        let ids = [photo.id, video.id, docx.id, pdf.id]
            .map(|i| i.to_string())
            .join(",");
        let who = subject(&state, CITIZEN).await;
        let code = filing::submit(
            &state,
            &Caller::new(Some("192.0.2.1".into())),
            &who,
            None,
            &form(&ids),
            None,
        )
        .await
        .expect("sent with its media");
        let r = report::Entity::find()
            .filter(report::Column::Code.eq(&code))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            media::Entity::find()
                .filter(media::Column::ReportId.eq(r.id))
                .count(&db)
                .await
                .unwrap(),
            4
        );
        let own = get(&state, &url, Some(&me), &[]).await;
        assert_eq!(own.status, StatusCode::OK);
        assert_eq!(own.header("content-type"), Some("image/jpeg"));
        assert!(own.header("cache-control").unwrap().starts_with("private"));
        assert_eq!(
            get(&state, &url, Some(&operator), &[]).await.status,
            StatusCode::OK
        );
        for who in [None, Some(other.as_str())] {
            assert_eq!(
                get(&state, &url, who, &[]).await.status,
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                get(&state, &format!("{url}/thumb"), who, &[]).await.status,
                StatusCode::NOT_FOUND
            );
        }
        // The author's page lists them.
        let page = get(&state, &format!("/reports/{code}"), Some(&me), &[]).await;
        assert!(
            page.body.contains(&format!("/media/{}/thumb", photo.id)),
            "gallery"
        );
        assert!(page.body.contains(&video.url()) && page.body.contains("Biên bản.docx"));

        // Public: everyone, cacheable, with its ETag and byte ranges.
        let mut active: report::ActiveModel = r.clone().into();
        active.status = Set("verified".into());
        active.is_public = Set(true);
        active.update(&db).await.unwrap();
        let public = get(&state, &url, None, &[]).await;
        assert_eq!(public.status, StatusCode::OK);
        assert_eq!(public.header("cache-control"), Some("public, max-age=3600"));
        let etag = public.header("etag").unwrap().to_string();
        let again = get(&state, &url, None, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.bytes.is_empty());
        let thumb = get(&state, &format!("{url}/thumb"), None, &[]).await;
        assert_eq!(thumb.status, StatusCode::OK);
        let t = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((t.width(), t.height()), (400, 300));
        let v = get(&state, &video.url(), None, &[("range", "bytes=100-199")]).await;
        assert_eq!(v.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(v.header("content-range"), Some("bytes 100-199/300000"));
        assert_eq!(v.bytes, mp4[100..200].to_vec());
        let tail = get(&state, &video.url(), None, &[("range", "bytes=-10")]).await;
        assert_eq!(tail.bytes, mp4[mp4.len() - 10..].to_vec());
        let whole = get(&state, &video.url(), None, &[]).await;
        assert_eq!(whole.header("accept-ranges"), Some("bytes"));
        assert_eq!(whole.header("content-type"), Some("video/mp4"));
        assert_eq!(whole.bytes, mp4);
        let beyond = get(&state, &video.url(), None, &[("range", "bytes=400000-")]).await;
        assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(beyond.header("content-range"), Some("bytes */300000"));
        let file = get(&state, &docx.url(), None, &[]).await;
        assert!(file
            .header("content-type")
            .unwrap()
            .contains("wordprocessingml"));
        assert!(file
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;"));
        assert!(file
            .header("content-disposition")
            .unwrap()
            .contains("Bi%C3%AAn%20b%E1%BA%A3n.docx"));
        // Not a number, not there: the same 404.
        for path in [
            "/media/abc",
            "/media/999999",
            "/media/99999999999999999999999",
        ] {
            assert_eq!(
                get(&state, path, None, &[]).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        // Hidden again by the centre: gone for the public.
        let mut hidden: report::ActiveModel = report::Entity::find_by_id(r.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .into();
        hidden.is_public = Set(false);
        hidden.update(&db).await.unwrap();
        assert_eq!(
            get(&state, &url, None, &[]).await.status,
            StatusCode::NOT_FOUND
        );
    }));
}

#[test]
fn attachments_belong_to_their_uploader_and_follow_the_draft() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = testing::session_cookie(&state, CITIZEN).await;
        let other = other_citizen(&state).await;
        let who = subject(&state, CITIZEN).await;
        let caller = Caller::new(Some("192.0.2.7".into()));
        let theirs =
            attachment(&upload(&state, Some(&other), "photo", "x.jpg", jpeg(64, 64)).await);
        let reports_before = report::Entity::find().count(&db).await.unwrap();

        // Someone else's upload in my form: refused on the field, nothing made.
        let e = filing::submit(
            &state,
            &caller,
            &who,
            None,
            &form(&theirs.id.to_string()),
            None,
        )
        .await
        .unwrap_err();
        assert_eq!(e.status_code(), 422);
        assert!(
            matches!(&e, AppError::Form(f) if f.problem("media") == Some(paht::account::form::FieldProblem::Media(MediaProblem::Unknown))),
            "{e:?}"
        );
        assert_eq!(
            report::Entity::find().count(&db).await.unwrap(),
            reports_before
        );
        assert_eq!(
            get(&state, &theirs.url(), Some(&me), &[]).await.status,
            StatusCode::NOT_FOUND
        );

        // Seven photos: one too many.
        let mut mine = Vec::new();
        for i in 0..7 {
            mine.push(
                attachment(
                    &upload(
                        &state,
                        Some(&me),
                        "photo",
                        &format!("{i}.jpg"),
                        jpeg(64, 48),
                    )
                    .await,
                )
                .id,
            );
        }
        let seven = mine
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let e = filing::save_draft(&state, &who, None, &form(&seven), Utc::now())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Form(f) if f.problem("media") == Some(paht::account::form::FieldProblem::Media(MediaProblem::TooMany(MediaKind::Photo)))),
            "{e:?}"
        );
        // The refused form keeps its attachments for the page to show again.
        assert!(matches!(&e, AppError::Form(f) if f.value("media") == Some(seven.as_str())));

        // A draft with two, then one: the removed photo and its objects go.
        let two = format!("{},{}", mine[0], mine[1]);
        let id = filing::save_draft(&state, &who, None, &form(&two), Utc::now())
            .await
            .unwrap();
        let draft = filing::draft(&state, &who, id).await.unwrap();
        assert_eq!(
            draft.media.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![mine[0], mine[1]]
        );
        assert_eq!(draft.form.media, two);
        let keys_before = state.media.keys().await.len();
        filing::save_draft(
            &state,
            &who,
            Some(id),
            &form(&mine[0].to_string()),
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(media::Entity::find_by_id(mine[1])
            .one(&db)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            state.media.keys().await.len(),
            keys_before - 2,
            "photo and thumbnail deleted"
        );
        // Another citizen cannot see my draft's photo.
        assert_eq!(
            get(&state, &format!("/media/{}", mine[0]), Some(&other), &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&state, &format!("/media/{}", mine[0]), Some(&me), &[])
                .await
                .status,
            StatusCode::OK
        );
        // Deleting the draft deletes its media.
        filing::delete_draft(&state, &who, id).await.unwrap();
        assert!(media::Entity::find_by_id(mine[0])
            .one(&db)
            .await
            .unwrap()
            .is_none());
        assert_eq!(state.media.keys().await.len(), keys_before - 4);

        // Removing an upload before sending: mine only.
        let r = send(
            &state,
            testing::form_post("/api/media/remove", &format!("id={}", theirs.id), Some(&me)),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = send(
            &state,
            testing::form_post("/api/media/remove", &format!("id={}", mine[2]), Some(&me)),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(media::Entity::find_by_id(mine[2])
            .one(&db)
            .await
            .unwrap()
            .is_none());

        // The sweep: unattached uploads older than a day go, with their objects.
        let mut old: media::ActiveModel = media::Entity::find_by_id(mine[3])
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .into();
        old.created_at = Set(Utc::now() - TimeDelta::hours(25));
        old.update(&db).await.unwrap();
        let before = state.media.keys().await.len();
        let swept = paht::server::media::sweep_orphans(&state, Utc::now())
            .await
            .unwrap();
        assert_eq!(swept, 1);
        assert!(media::Entity::find_by_id(mine[3])
            .one(&db)
            .await
            .unwrap()
            .is_none());
        assert!(media::Entity::find_by_id(mine[4])
            .one(&db)
            .await
            .unwrap()
            .is_some());
        assert_eq!(state.media.keys().await.len(), before - 2);
    }));
}

#[test]
fn demo_reports_carry_photos_that_the_public_can_open() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let made = paht::server::seed::seed_demo_media(&db, &state.media, Utc::now())
            .await
            .unwrap();
        assert!(made > 0);
        // Eight scenes, each a photo and a thumbnail, shared by the rows.
        assert_eq!(state.media.keys().await.len(), 16);
        let m = media::Entity::find().one(&db).await.unwrap().unwrap();
        let r = report::Entity::find_by_id(m.report_id.unwrap())
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        if r.is_public
            && paht::domain::lifecycle::Status::parse(&r.status)
                .unwrap()
                .is_public_visible()
        {
            let page = get(
                &state,
                &format!("/reports/{}", r.code),
                None,
                &[("host", "paht.example.vn")],
            )
            .await;
            assert!(
                page.body.contains(&format!("/media/{}/thumb", m.id)),
                "the page shows it"
            );
            // A shared link shows the title and the first photo elsewhere.
            assert!(
                page.body
                    .contains(&format!("property=\"og:title\" content=\"{}\"", r.title)),
                "og:title"
            );
            assert!(
                page.body.contains(&format!(
                    "property=\"og:image\" content=\"http://paht.example.vn/media/{}\"",
                    m.id
                )),
                "og:image"
            );
            assert!(
                page.body
                    .contains(&format!("http://paht.example.vn/reports/{}", r.code)),
                "share link"
            );
            let p = get(&state, &format!("/media/{}", m.id), None, &[]).await;
            assert_eq!(p.status, StatusCode::OK);
            assert_eq!(image::load_from_memory(&p.bytes).unwrap().width(), 1280);
        }
    }));
}

/// The S3 backend against the local S3-compatible server `scripts/test` starts
/// (`PAHT_TEST_S3_ENDPOINT`). In CI it must run.
#[test]
fn the_s3_backend_stores_serves_and_deletes() {
    let Some(endpoint) = std::env::var("PAHT_TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
    else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the S3 test: PAHT_TEST_S3_ENDPOINT is not set"
        );
        eprintln!("PAHT_TEST_S3_ENDPOINT not set: S3 test skipped");
        return;
    };
    run(async move {
        let db = testing::sqlite().await;
        seeded(&db.db).await;
        let bucket = format!("paht-test-{}", paht::server::auth::secret::random_hex(4));
        // moto makes a bucket on an unsigned PUT.
        ureq::put(&format!("{endpoint}/{bucket}"))
            .send_empty()
            .expect("bucket made");
        let (state, _) = testing::app_state_with(db.db.clone(), |c| {
            c.media_s3 = Some(paht::server::config::S3Settings {
                bucket: bucket.clone(),
                endpoint: Some(endpoint.clone()),
                region: "us-east-1".into(),
                access_key_id: "test".into(),
                secret_access_key: "test".into(),
            });
        });
        let me = testing::session_cookie(&state, CITIZEN).await;
        let photo = attachment(&upload(&state, Some(&me), "photo", "s3.jpg", jpeg(640, 480)).await);
        let mut mp4 = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2".to_vec();
        // Larger than one multipart part (5 MiB): streamed to S3 in parts.
        mp4.resize(6 * 1024 * 1024 + 123, 3);
        let video = attachment(&upload(&state, Some(&me), "video", "v.mp4", mp4.clone()).await);
        assert_eq!(state.media.keys().await.len(), 3);
        let got = get(&state, &photo.url(), Some(&me), &[]).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(image::load_from_memory(&got.bytes).unwrap().width(), 640);
        let part = get(
            &state,
            &video.url(),
            Some(&me),
            &[("range", "bytes=6291456-")],
        )
        .await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.bytes, mp4[6 * 1024 * 1024..].to_vec());
        for a in [&photo, &video] {
            let r = send(
                &state,
                testing::form_post("/api/media/remove", &format!("id={}", a.id), Some(&me)),
            )
            .await;
            assert_eq!(r.status, StatusCode::OK);
        }
        assert!(state.media.keys().await.is_empty());
        db.cleanup().await;
    });
}
