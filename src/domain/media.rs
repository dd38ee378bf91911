//! The rules of media: what a file is (from its first bytes, never its name or the
//! browser's word), what each kind may weigh, how many a report may carry, and the
//! sentence a citizen reads when one is refused. Pure: the server's media module applies
//! them to the bytes as they arrive.

use serde::{Deserialize, Serialize};

pub const MIB: u64 = 1024 * 1024;
/// A photo as it comes off a phone (the stored copy is re-encoded, far smaller).
pub const PHOTO_MAX_BYTES: u64 = 20 * MIB;
pub const VIDEO_MAX_BYTES: u64 = 100 * MIB;
pub const FILE_MAX_BYTES: u64 = 10 * MIB;
pub const MAX_PHOTOS: usize = 6;
pub const MAX_VIDEOS: usize = 1;
pub const MAX_FILES: usize = 3;
/// A photo with more pixels than this is refused before it is decoded (a 20,000 × 20,000
/// PNG of a few kilobytes would take 1.6 GB to decode).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The stored photo's long edge, and its thumbnail's.
pub const LONG_EDGE: u32 = 2048;
pub const THUMB_EDGE: u32 = 400;
/// How many bytes `sniff` needs to decide.
pub const SNIFF_BYTES: usize = 64;
/// A file's name as shown on its download link, at most.
pub const FILE_NAME_MAX: usize = 120;

/// What the citizen attaches it as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MediaKind {
    Photo,
    Video,
    File,
}

impl MediaKind {
    pub const ALL: [MediaKind; 3] = [MediaKind::Photo, MediaKind::Video, MediaKind::File];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Video => "video",
            MediaKind::File => "file",
        }
    }

    pub fn parse(s: &str) -> Option<MediaKind> {
        MediaKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::Photo => PHOTO_MAX_BYTES,
            MediaKind::Video => VIDEO_MAX_BYTES,
            MediaKind::File => FILE_MAX_BYTES,
        }
    }

    pub fn max_count(self) -> usize {
        match self {
            MediaKind::Photo => MAX_PHOTOS,
            MediaKind::Video => MAX_VIDEOS,
            MediaKind::File => MAX_FILES,
        }
    }
}

/// A format recognised by its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    /// HEIC/HEIF (an ISO-BMFF `ftyp` of the HEIF brands).
    Heic,
    Mp4,
    Mov,
    Webm,
    Pdf,
    /// The old Office container (OLE2 compound file): DOC (also XLS, PPT: told apart later).
    Ole,
    /// A ZIP archive: DOCX and XLSX are ZIPs; which one is told by its entries.
    Zip,
}

impl Format {
    /// The kind a file of this format may be attached as.
    pub fn kind(self) -> MediaKind {
        match self {
            Format::Jpeg | Format::Png | Format::Webp | Format::Heic => MediaKind::Photo,
            Format::Mp4 | Format::Mov | Format::Webm => MediaKind::Video,
            Format::Pdf | Format::Ole | Format::Zip => MediaKind::File,
        }
    }

    /// The content type it is served with (photos are served as re-encoded JPEG).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg | Format::Png | Format::Webp | Format::Heic => "image/jpeg",
            Format::Mp4 => "video/mp4",
            Format::Mov => "video/quicktime",
            Format::Webm => "video/webm",
            Format::Pdf => "application/pdf",
            Format::Ole => "application/msword",
            Format::Zip => "application/zip",
        }
    }
}

/// The format of a file from its first bytes (at least `SNIFF_BYTES` when it has them).
pub fn sniff(head: &[u8]) -> Option<Format> {
    let at = |i: usize, sig: &[u8]| head.len() >= i + sig.len() && &head[i..i + sig.len()] == sig;
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some(Format::Webp);
    }
    if at(0, b"%PDF-") {
        return Some(Format::Pdf);
    }
    if at(0, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Ole);
    }
    if at(0, b"PK\x03\x04") {
        return Some(Format::Zip);
    }
    if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        // EBML; WebM says so in its DocType near the start (Matroska says "matroska").
        return head
            .windows(4)
            .take(SNIFF_BYTES)
            .any(|w| w == b"webm")
            .then_some(Format::Webm);
    }
    if at(4, b"ftyp") {
        let brand = head.get(8..12)?;
        return match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                Some(Format::Heic)
            }
            b"qt  " => Some(Format::Mov),
            b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1"
            | b"M4V " | b"MSNV" | b"dash" | b"3gp4" | b"3gp5" | b"3gp6" | b"3g2a" => {
                Some(Format::Mp4)
            }
            _ => None,
        };
    }
    // Old QuickTime files may open with another atom before (or without) `ftyp`.
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free") {
        return Some(Format::Mov);
    }
    None
}

/// Which Office document a ZIP is, from its entries' names: DOCX has `word/`, XLSX `xl/`;
/// both have `[Content_Types].xml`. Anything else (a plain ZIP, an APK, a JAR) is refused.
pub fn office_of<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let (mut types, mut word, mut xl) = (false, false, false);
    for n in names {
        types |= n == "[Content_Types].xml";
        word |= n.starts_with("word/");
        xl |= n.starts_with("xl/");
    }
    match (types, word, xl) {
        (true, true, false) => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        (true, false, true) => {
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        _ => None,
    }
}

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaProblem {
    /// 0 bytes.
    Empty,
    TooBig(MediaKind),
    /// Not a type this kind takes (a PDF offered as a photo, an executable named `.jpg`).
    WrongType(MediaKind),
    /// The signature says photo, but it does not decode (truncated, damaged).
    Unreadable,
    /// More pixels than `MAX_PIXELS`.
    TooManyPixels,
    /// An iPhone photo in HEIC: this server cannot decode HEIC yet.
    Heic,
    /// More of this kind than a report may carry.
    TooMany(MediaKind),
    /// An attachment id that is not one of the citizen's uploads.
    Unknown,
    /// The connection stalled or broke before the file arrived whole.
    Interrupted,
}

fn kind_vi(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Photo => "ảnh",
        MediaKind::Video => "video",
        MediaKind::File => "tệp đính kèm",
    }
}

fn kind_en(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Photo => "photo",
        MediaKind::Video => "video",
        MediaKind::File => "attached file",
    }
}

fn accepted_vi(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Photo => "JPEG, PNG hoặc WebP",
        MediaKind::Video => "MP4, MOV hoặc WebM",
        MediaKind::File => "PDF, DOC, DOCX hoặc XLSX",
    }
}

fn accepted_en(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Photo => "JPEG, PNG or WebP",
        MediaKind::Video => "MP4, MOV or WebM",
        MediaKind::File => "PDF, DOC, DOCX or XLSX",
    }
}

impl MediaProblem {
    pub fn vi(self) -> String {
        match self {
            MediaProblem::Empty => "Tệp trống (0 byte). Vui lòng chọn tệp khác.".into(),
            MediaProblem::TooBig(k) => format!(
                "Mỗi {} không được lớn hơn {} MB.",
                kind_vi(k),
                k.max_bytes() / MIB
            ),
            MediaProblem::WrongType(k) => format!(
                "Tệp này không phải {} hợp lệ. Chỉ nhận {}.",
                kind_vi(k),
                accepted_vi(k)
            ),
            MediaProblem::Unreadable => {
                "Không đọc được ảnh: tệp bị hỏng hoặc chưa tải lên đầy đủ. Vui lòng chọn lại ảnh."
                    .into()
            }
            MediaProblem::TooManyPixels => format!(
                "Ảnh có độ phân giải quá lớn (tối đa {} triệu điểm ảnh). Vui lòng chọn ảnh nhỏ hơn.",
                MAX_PIXELS / 1_000_000
            ),
            MediaProblem::Heic => {
                "Chưa hỗ trợ ảnh định dạng HEIC. Trên iPhone, vui lòng chọn ảnh từ thư viện \
                 (ảnh sẽ được chuyển sang JPEG) hoặc đặt Camera → Định dạng → Tương thích nhất."
                    .into()
            }
            MediaProblem::TooMany(k) => format!(
                "Mỗi phản ánh chỉ được đính kèm tối đa {} {}.",
                k.max_count(),
                kind_vi(k)
            ),
            MediaProblem::Unknown => {
                "Tệp đính kèm không còn tồn tại. Vui lòng tải lên lại.".into()
            }
            MediaProblem::Interrupted => {
                "Kết nối bị gián đoạn, tệp chưa được tải lên. Vui lòng thử lại.".into()
            }
        }
    }

    pub fn en(self) -> String {
        match self {
            MediaProblem::Empty => "The file is empty (0 bytes). Please choose another.".into(),
            MediaProblem::TooBig(k) => format!(
                "Each {} must not be larger than {} MB.",
                kind_en(k),
                k.max_bytes() / MIB
            ),
            MediaProblem::WrongType(k) => format!(
                "This is not a valid {}. Only {} are accepted.",
                kind_en(k),
                accepted_en(k)
            ),
            MediaProblem::Unreadable => {
                "The photo cannot be read: the file is damaged or incomplete. Please choose it again."
                    .into()
            }
            MediaProblem::TooManyPixels => format!(
                "The photo's resolution is too high (at most {} megapixels). Please choose a smaller one.",
                MAX_PIXELS / 1_000_000
            ),
            MediaProblem::Heic => "HEIC photos are not supported yet. On an iPhone, pick the photo \
                                   from the library (it is converted to JPEG) or set Camera → \
                                   Formats → Most Compatible."
                .into(),
            MediaProblem::TooMany(k) => format!(
                "A report may carry at most {} {}(s).",
                k.max_count(),
                kind_en(k)
            ),
            MediaProblem::Unknown => "An attachment no longer exists. Please upload it again.".into(),
            MediaProblem::Interrupted => {
                "The connection broke before the file arrived. Please try again.".into()
            }
        }
    }
}

/// Accepts a file offered as `kind` whose first bytes are `head`: its format, or why not.
/// (Photos are decoded later; that may still refuse them as `Unreadable`.)
pub fn accept(kind: MediaKind, head: &[u8]) -> Result<Format, MediaProblem> {
    if head.is_empty() {
        return Err(MediaProblem::Empty);
    }
    match sniff(head) {
        Some(Format::Heic) if kind == MediaKind::Photo => Err(MediaProblem::Heic),
        Some(f) if f.kind() == kind => Ok(f),
        _ => Err(MediaProblem::WrongType(kind)),
    }
}

/// The long edge scaled to at most `edge`, keeping the ratio (never enlarged, never 0).
pub fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |v: u32| ((v as u64 * edge as u64 + long as u64 / 2) / long as u64).max(1) as u32;
    (scale(width), scale(height))
}

/// A file's name made safe to show and to put in a `Content-Disposition` header: the last
/// path segment, control and quote characters removed, at most `FILE_NAME_MAX` characters;
/// `None` when nothing is left.
pub fn display_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';'))
        .take(FILE_NAME_MAX)
        .collect();
    let clean = clean.trim().to_string();
    (!clean.is_empty()).then_some(clean)
}

/// The attachment ids of a form field ("12,15,18"): at most one report's worth, digits only.
pub fn parse_ids(raw: &str) -> Result<Vec<i64>, MediaProblem> {
    let most = MAX_PHOTOS + MAX_VIDEOS + MAX_FILES;
    if crate::account::longer_than(raw, most * 20) {
        return Err(MediaProblem::Unknown);
    }
    let mut ids = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = (part.len() <= 19)
            .then(|| part.parse::<i64>().ok())
            .flatten()
            .filter(|id| *id > 0)
            .ok_or(MediaProblem::Unknown)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > most {
        return Err(MediaProblem::Unknown);
    }
    Ok(ids)
}

/// The first kind over its limit among `kinds` (one entry per attachment).
pub fn over_limit(kinds: &[MediaKind]) -> Option<MediaKind> {
    MediaKind::ALL
        .into_iter()
        .find(|k| kinds.iter().filter(|x| *x == k).count() > k.max_count())
}

/// A byte range of a `Range` header (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within a file of
/// `size` bytes: `Some(Ok(start..end))` (end exclusive), `Some(Err(()))` when it cannot be
/// satisfied (416), `None` when the header is absent or not one range we serve (then the
/// whole file, as RFC 9110 allows).
pub fn byte_range(header: Option<&str>, size: u64) -> Option<Result<std::ops::Range<u64>, ()>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let num = |s: &str| {
        (s.len() <= 19)
            .then(|| s.trim().parse::<u64>().ok())
            .flatten()
    };
    let range = match (a.trim(), b.trim()) {
        ("", "") => return None,
        ("", n) => {
            let n = num(n)?;
            if n == 0 || size == 0 {
                return Some(Err(()));
            }
            size.saturating_sub(n)..size
        }
        (a, "") => num(a)?..size,
        (a, b) => {
            let (a, b) = (num(a)?, num(b)?);
            if b < a {
                return None;
            }
            a..(b.saturating_add(1)).min(size)
        }
    };
    if range.start >= size {
        return Some(Err(()));
    }
    Some(Ok(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padded(b: &[u8]) -> Vec<u8> {
        let mut v = b.to_vec();
        v.resize(SNIFF_BYTES, 0);
        v
    }

    #[test]
    fn formats_are_known_by_their_first_bytes() {
        assert_eq!(
            sniff(&padded(&[0xFF, 0xD8, 0xFF, 0xE0])),
            Some(Format::Jpeg)
        );
        assert_eq!(sniff(&padded(b"\x89PNG\r\n\x1a\n")), Some(Format::Png));
        assert_eq!(sniff(&padded(b"RIFF\0\0\0\0WEBPVP8 ")), Some(Format::Webp));
        assert_eq!(sniff(&padded(b"\0\0\0\x18ftypheic")), Some(Format::Heic));
        assert_eq!(sniff(&padded(b"\0\0\0\x18ftypmif1")), Some(Format::Heic));
        assert_eq!(sniff(&padded(b"\0\0\0\x18ftypisom")), Some(Format::Mp4));
        assert_eq!(sniff(&padded(b"\0\0\0\x18ftypmp42")), Some(Format::Mp4));
        assert_eq!(sniff(&padded(b"\0\0\0\x14ftypqt  ")), Some(Format::Mov));
        assert_eq!(sniff(&padded(b"\0\0\0\x08wide\0\0")), Some(Format::Mov));
        assert_eq!(
            sniff(&padded(
                b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"
            )),
            Some(Format::Webm)
        );
        assert_eq!(
            sniff(&padded(
                b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska"
            )),
            None
        );
        assert_eq!(sniff(&padded(b"%PDF-1.7\n")), Some(Format::Pdf));
        assert_eq!(
            sniff(&padded(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])),
            Some(Format::Ole)
        );
        assert_eq!(sniff(&padded(b"PK\x03\x04\x14\0")), Some(Format::Zip));
        // An executable, a script, text, nothing.
        assert_eq!(sniff(&padded(b"MZ\x90\0")), None);
        assert_eq!(sniff(&padded(b"\x7fELF\x02\x01")), None);
        assert_eq!(sniff(&padded(b"#!/bin/sh\n")), None);
        assert_eq!(sniff(&padded(b"<html>")), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"\xFF\xD8"), None);
        assert_eq!(sniff(&padded(b"\0\0\0\x18ftypzzzz")), None);
    }

    #[test]
    fn each_kind_takes_its_own_formats_only() {
        let jpeg = padded(&[0xFF, 0xD8, 0xFF, 0xE0]);
        let pdf = padded(b"%PDF-1.4");
        let mp4 = padded(b"\0\0\0\x18ftypisom");
        let exe = padded(b"MZ\x90\0");
        let heic = padded(b"\0\0\0\x18ftypheic");
        assert_eq!(accept(MediaKind::Photo, &jpeg), Ok(Format::Jpeg));
        assert_eq!(accept(MediaKind::File, &pdf), Ok(Format::Pdf));
        assert_eq!(accept(MediaKind::Video, &mp4), Ok(Format::Mp4));
        // A PDF named .jpg, a photo offered as a video, an executable anywhere.
        assert_eq!(
            accept(MediaKind::Photo, &pdf),
            Err(MediaProblem::WrongType(MediaKind::Photo))
        );
        assert_eq!(
            accept(MediaKind::Video, &jpeg),
            Err(MediaProblem::WrongType(MediaKind::Video))
        );
        for k in MediaKind::ALL {
            assert_eq!(accept(k, &exe), Err(MediaProblem::WrongType(k)));
            assert_eq!(accept(k, b""), Err(MediaProblem::Empty));
        }
        assert_eq!(accept(MediaKind::Photo, &heic), Err(MediaProblem::Heic));
        assert_eq!(
            accept(MediaKind::File, &heic),
            Err(MediaProblem::WrongType(MediaKind::File))
        );
    }

    #[test]
    fn office_documents_are_told_apart_by_their_entries() {
        let docx = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"];
        let xlsx = [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/sheets/sheet1.xml",
        ];
        assert!(office_of(docx).unwrap().contains("wordprocessingml"));
        assert!(office_of(xlsx).unwrap().contains("spreadsheetml"));
        assert_eq!(office_of(["a.txt", "b/c.exe"]), None);
        assert_eq!(office_of(["word/document.xml"]), None);
        assert_eq!(office_of(["[Content_Types].xml", "ppt/slide1.xml"]), None);
        assert_eq!(office_of(std::iter::empty()), None);
    }

    #[test]
    fn photos_shrink_to_the_long_edge_and_never_grow() {
        assert_eq!(fit(4000, 3000, 2048), (2048, 1536));
        assert_eq!(fit(3000, 4000, 2048), (1536, 2048));
        assert_eq!(fit(800, 600, 2048), (800, 600));
        assert_eq!(fit(2048, 10, 400), (400, 2));
        assert_eq!(fit(10_000, 1, 400), (400, 1));
        assert_eq!(fit(0, 0, 400), (1, 1));
    }

    #[test]
    fn names_are_shown_without_paths_or_header_breaking_characters() {
        assert_eq!(
            display_name("Biên bản.pdf").as_deref(),
            Some("Biên bản.pdf")
        );
        assert_eq!(
            display_name("C:\\Users\\a\\x.docx").as_deref(),
            Some("x.docx")
        );
        assert_eq!(display_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(display_name("a\"b;\r\nc.pdf").as_deref(), Some("abc.pdf"));
        assert_eq!(display_name("   "), None);
        assert_eq!(display_name("dir/"), None);
        assert_eq!(
            display_name(&"đ".repeat(500)).unwrap().chars().count(),
            FILE_NAME_MAX
        );
    }

    #[test]
    fn attachment_ids_are_digits_and_at_most_a_reports_worth() {
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert_eq!(parse_ids("3, 5,3,"), Ok(vec![3, 5]));
        assert_eq!(parse_ids("3,x"), Err(MediaProblem::Unknown));
        assert_eq!(parse_ids("-1"), Err(MediaProblem::Unknown));
        assert_eq!(parse_ids("0"), Err(MediaProblem::Unknown));
        assert_eq!(
            parse_ids("99999999999999999999"),
            Err(MediaProblem::Unknown)
        );
        let eleven = (1..=11)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_ids(&eleven), Err(MediaProblem::Unknown));
        let ten = (1..=10)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_ids(&ten).unwrap().len(), 10);
        assert_eq!(parse_ids(&"1,".repeat(100_000)), Err(MediaProblem::Unknown));
    }

    #[test]
    fn each_kind_has_its_count() {
        use MediaKind::*;
        assert_eq!(over_limit(&[Photo; 6]), None);
        assert_eq!(over_limit(&[Photo; 7]), Some(Photo));
        assert_eq!(over_limit(&[Video, Photo, Video]), Some(Video));
        assert_eq!(over_limit(&[File, File, File, Video]), None);
        assert_eq!(over_limit(&[File; 4]), Some(File));
        assert_eq!(over_limit(&[]), None);
    }

    #[test]
    fn ranges_of_a_file() {
        assert_eq!(byte_range(None, 100), None);
        assert_eq!(byte_range(Some("bytes=0-9"), 100), Some(Ok(0..10)));
        assert_eq!(byte_range(Some("bytes=90-"), 100), Some(Ok(90..100)));
        assert_eq!(byte_range(Some("bytes=-10"), 100), Some(Ok(90..100)));
        assert_eq!(byte_range(Some("bytes=-500"), 100), Some(Ok(0..100)));
        assert_eq!(byte_range(Some("bytes=50-500"), 100), Some(Ok(50..100)));
        assert_eq!(byte_range(Some("bytes=100-"), 100), Some(Err(())));
        assert_eq!(byte_range(Some("bytes=-0"), 100), Some(Err(())));
        assert_eq!(byte_range(Some("bytes=9-3"), 100), None);
        assert_eq!(byte_range(Some("bytes=0-1,5-6"), 100), None);
        assert_eq!(byte_range(Some("items=0-1"), 100), None);
        assert_eq!(byte_range(Some("bytes=x-"), 100), None);
    }

    #[test]
    fn every_problem_has_both_sentences() {
        let all = [
            MediaProblem::Empty,
            MediaProblem::Unreadable,
            MediaProblem::TooManyPixels,
            MediaProblem::Heic,
            MediaProblem::Unknown,
            MediaProblem::Interrupted,
        ]
        .into_iter()
        .chain(MediaKind::ALL.into_iter().flat_map(|k| {
            [
                MediaProblem::TooBig(k),
                MediaProblem::WrongType(k),
                MediaProblem::TooMany(k),
            ]
        }));
        for p in all {
            assert!(p.vi().ends_with('.') && p.en().ends_with('.'), "{p:?}");
            assert_ne!(p.vi(), p.en());
        }
        assert_eq!(
            MediaProblem::TooBig(MediaKind::Video).vi(),
            "Mỗi video không được lớn hơn 100 MB."
        );
    }
}
