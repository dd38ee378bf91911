//! Photos: decoded within a pixel limit, turned upright by their EXIF orientation,
//! re-encoded as JPEG (long edge ≤ 2,048 px) with no metadata at all, plus a thumbnail.
//! Blocking work: called from `spawn_blocking` only.

use crate::domain::media::{fit, Format, MediaProblem, LONG_EDGE, MAX_PIXELS, THUMB_EDGE};
use image::{DynamicImage, ImageDecoder, ImageReader};
use std::io::{BufReader, Cursor};
use std::path::Path;

/// A photo ready to store.
pub struct Processed {
    pub photo: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Quality of the stored JPEGs: a street photo at 2,048 px stays a few hundred kilobytes.
const QUALITY: u8 = 82;
const THUMB_QUALITY: u8 = 75;

/// The photo at `path` (already sniffed as `format`), processed.
pub fn process(path: &Path, format: Format) -> Result<Processed, MediaProblem> {
    if format == Format::Jpeg && !ends_like_a_jpeg(path) {
        // The decoder would fill a cut-off photo with grey; the citizen should send it again.
        return Err(MediaProblem::Unreadable);
    }
    let file = std::fs::File::open(path).map_err(|_| MediaProblem::Unreadable)?;
    let image_format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
        _ => {
            return Err(MediaProblem::WrongType(
                crate::domain::media::MediaKind::Photo,
            ))
        }
    };
    let mut reader = ImageReader::with_format(BufReader::new(file), image_format);
    let mut limits = image::Limits::default();
    // Each side at most the pixel limit; the product is checked below, before decoding.
    limits.max_image_width = Some(MAX_PIXELS.min(u32::MAX as u64) as u32);
    limits.max_image_height = Some(MAX_PIXELS.min(u32::MAX as u64) as u32);
    // Four bytes a pixel at the pixel limit, plus room for the decoder's buffers.
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| refusal(&e))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(MediaProblem::TooManyPixels);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| refusal(&e))?;
    img.apply_orientation(orientation);
    let (width, height) = fit(img.width(), img.height(), LONG_EDGE);
    let img = if (width, height) == (img.width(), img.height()) {
        img
    } else {
        img.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
    };
    // JPEG has no alpha: transparent parts become white, as a viewer would show them.
    let rgb = flatten(img);
    let photo = encode(&rgb, QUALITY)?;
    let (tw, th) = fit(width, height, THUMB_EDGE);
    let thumb_img = DynamicImage::ImageRgb8(rgb)
        .thumbnail_exact(tw, th)
        .to_rgb8();
    let thumb = encode(&thumb_img, THUMB_QUALITY)?;
    Ok(Processed {
        photo,
        thumb,
        width,
        height,
    })
}

/// A whole JPEG ends with its end-of-image marker (some phones pad with zeros, or add a
/// short trailer after it): looked for in the last 4 KB.
fn ends_like_a_jpeg(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let from = len.saturating_sub(4096);
    let mut tail = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut tail).is_err() {
        return false;
    }
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn refusal(e: &image::ImageError) -> MediaProblem {
    match e {
        image::ImageError::Limits(_) => MediaProblem::TooManyPixels,
        _ => MediaProblem::Unreadable,
    }
}

fn flatten(img: DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        *o = image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]);
    }
    out
}

/// A JPEG of `img` with nothing but pixels: the encoder writes no EXIF, XMP or IPTC.
fn encode(img: &image::RgbImage, quality: u8) -> Result<Vec<u8>, MediaProblem> {
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|_| MediaProblem::Unreadable)?;
    Ok(out.into_inner())
}

/// A demo photo: a street-like scene in `hue`, as JPEG (the seed attaches these).
pub fn demo_photo(seed: u32, width: u32, height: u32) -> Vec<u8> {
    let base = [
        [120u8, 144, 156],
        [141, 110, 99],
        [104, 159, 56],
        [255, 183, 77],
        [79, 195, 247],
        [186, 104, 200],
    ][seed as usize % 6];
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let sky = y < height / 3;
        let road = y > height * 2 / 3;
        let stripe = road && (x / 40 + seed).is_multiple_of(3) && (y % 30) < 4;
        let shade = ((x * 37 + y * 11 + seed * 97) % 23) as u8;
        if stripe {
            image::Rgb([240, 240, 240])
        } else if sky {
            image::Rgb([150 + shade, 190 + shade, 230])
        } else if road {
            image::Rgb([70 + shade, 70 + shade, 75 + shade])
        } else {
            image::Rgb([
                base[0].saturating_add(shade),
                base[1].saturating_add(shade),
                base[2].saturating_add(shade),
            ])
        }
    });
    encode(&img, QUALITY).unwrap_or_default()
}
