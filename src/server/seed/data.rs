//! Reference data and word banks for the Quảng Trị demo — plain data, no database.
//!
//! Boundaries are simplified but drawn to the real map: each district is built from shared
//! border lines (`Chain`s) so that two neighbours use the very same vertices along their
//! common border. That makes the tiling free of overlaps and gaps by construction, which the
//! point-in-polygon lookup of reports relies on.
//!
//! Coordinates are `(lng, lat)` as in GeoJSON.

/// A point as GeoJSON orders it: longitude first.
pub type LngLat = (f64, f64);

// ------------------------------------------------------------------ shared borders
//
// Named junctions (where three borders meet) are repeated exactly in every chain that
// touches them; chains run between two junctions.

/// Laos / Quảng Bình / Quảng Trị corner (north-west).
const J_NW: LngLat = (106.52, 17.03);
/// Hướng Hóa / Vĩnh Linh / Quảng Bình.
const J_HH_VL_N: LngLat = (106.86, 17.08);
/// Cửa Tùng, mouth of the Bến Hải river: Vĩnh Linh / Gio Linh on the coast.
const J_CUA_TUNG: LngLat = (107.115, 17.01);
/// Cửa Việt, mouth of the Thạch Hãn river: Gio Linh / Triệu Phong on the coast.
const J_CUA_VIET: LngLat = (107.195, 16.90);
/// Triệu Phong / Hải Lăng on the coast.
const J_TP_HL_COAST: LngLat = (107.33, 16.77);
/// Hải Lăng / Đakrông / Thừa Thiên Huế.
const J_HL_DK_S: LngLat = (107.18, 16.56);
/// Hướng Hóa / Đakrông on the Lao border.
const J_HH_DK_S: LngLat = (106.64, 16.46);
/// Hướng Hóa / Đakrông / Cam Lộ.
const J_HH_DK_CL: LngLat = (106.88, 16.80);
/// Hướng Hóa / Cam Lộ / Gio Linh.
const J_HH_CL_GL: LngLat = (106.90, 16.88);
/// Hướng Hóa / Gio Linh / Vĩnh Linh (upper Bến Hải).
const J_HH_GL_VL: LngLat = (106.88, 16.97);
/// Gio Linh / Cam Lộ / Đông Hà.
const J_GL_CL_DH: LngLat = (107.05, 16.86);
/// Gio Linh / Đông Hà / Triệu Phong.
const J_GL_DH_TP: LngLat = (107.13, 16.86);
/// Đông Hà / Triệu Phong / Cam Lộ.
const J_DH_TP_CL: LngLat = (107.12, 16.78);
/// Cam Lộ / Triệu Phong / Đakrông.
const J_CL_TP_DK: LngLat = (107.11, 16.74);
/// Triệu Phong / Đakrông / Hải Lăng.
const J_TP_DK_HL: LngLat = (107.14, 16.71);
/// Thị xã Quảng Trị's south-west and south-east corners (Triệu Phong / Hải Lăng).
const J_QT_SW: LngLat = (107.17, 16.735);
const J_QT_SE: LngLat = (107.22, 16.735);

/// A border line between two junctions, west-to-east or north-to-south as drawn.
type Chain = &'static [LngLat];

// Province outline, clockwise from the north-west corner.
const N_HUONGHOA: Chain = &[
    J_NW,
    (106.58, 17.05),
    (106.62, 17.06),
    (106.70, 17.04),
    (106.75, 17.05),
    (106.81, 17.07),
    J_HH_VL_N,
];
const N_VINHLINH: Chain = &[
    J_HH_VL_N,
    (106.90, 17.12),
    (106.93, 17.15),
    (106.97, 17.16),
    (107.01, 17.155),
    (107.045, 17.12),
    (107.08, 17.08),
    (107.10, 17.045),
    J_CUA_TUNG,
];
const COAST_GIOLINH: Chain = &[
    J_CUA_TUNG,
    (107.13, 16.985),
    (107.155, 16.955),
    (107.175, 16.93),
    J_CUA_VIET,
];
const COAST_TRIEUPHONG: Chain = &[
    J_CUA_VIET,
    (107.225, 16.865),
    (107.26, 16.83),
    (107.295, 16.80),
    J_TP_HL_COAST,
];
const COAST_HAILANG: Chain = &[
    J_TP_HL_COAST,
    (107.37, 16.735),
    (107.41, 16.695),
    (107.445, 16.655),
    (107.43, 16.62),
    (107.38, 16.595),
    (107.33, 16.575),
    (107.27, 16.55),
    (107.22, 16.555),
    J_HL_DK_S,
];
const S_DAKRONG: Chain = &[
    J_HL_DK_S,
    (107.14, 16.50),
    (107.10, 16.44),
    (107.05, 16.37),
    (107.01, 16.30),
    (106.96, 16.24),
    (106.91, 16.20),
    (106.85, 16.21),
    (106.80, 16.25),
    (106.75, 16.30),
    (106.71, 16.36),
    (106.67, 16.41),
    J_HH_DK_S,
];
const W_HUONGHOA: Chain = &[
    J_HH_DK_S,
    (106.60, 16.52),
    (106.57, 16.57),
    (106.55, 16.62),
    (106.52, 16.67),
    (106.50, 16.73),
    (106.51, 16.80),
    (106.53, 16.86),
    (106.51, 16.92),
    (106.50, 16.98),
    J_NW,
];

// Inner borders.
const HH_DK: Chain = &[
    J_HH_DK_S,
    (106.70, 16.51),
    (106.75, 16.55),
    (106.79, 16.60),
    (106.80, 16.66),
    (106.83, 16.72),
    (106.86, 16.77),
    J_HH_DK_CL,
];
const HH_CL: Chain = &[J_HH_DK_CL, (106.89, 16.84), J_HH_CL_GL];
const HH_GL: Chain = &[J_HH_CL_GL, (106.88, 16.93), J_HH_GL_VL];
const HH_VL: Chain = &[J_HH_GL_VL, (106.86, 17.02), J_HH_VL_N];
/// The Bến Hải river, the old 17th-parallel line.
const VL_GL: Chain = &[
    J_HH_GL_VL,
    (106.93, 16.975),
    (106.98, 16.99),
    (107.03, 16.985),
    (107.075, 17.0),
    J_CUA_TUNG,
];
const GL_CL: Chain = &[J_HH_CL_GL, (106.96, 16.89), (107.01, 16.875), J_GL_CL_DH];
const GL_DH: Chain = &[J_GL_CL_DH, (107.09, 16.868), J_GL_DH_TP];
const GL_TP: Chain = &[J_GL_DH_TP, (107.16, 16.88), J_CUA_VIET];
const DH_TP: Chain = &[J_GL_DH_TP, (107.155, 16.835), (107.152, 16.80), J_DH_TP_CL];
const DH_CL: Chain = &[
    J_DH_TP_CL,
    (107.08, 16.775),
    (107.05, 16.79),
    (107.03, 16.82),
    J_GL_CL_DH,
];
const CL_TP: Chain = &[J_DH_TP_CL, J_CL_TP_DK];
const CL_DK: Chain = &[
    J_CL_TP_DK,
    (107.04, 16.75),
    (106.97, 16.78),
    (106.92, 16.785),
    J_HH_DK_CL,
];
const TP_DK: Chain = &[J_CL_TP_DK, J_TP_DK_HL];
const TP_HL_W: Chain = &[J_TP_DK_HL, (107.16, 16.722), J_QT_SW];
const QT_HL: Chain = &[J_QT_SW, (107.195, 16.728), J_QT_SE];
const TP_HL_E: Chain = &[J_QT_SE, (107.25, 16.745), (107.29, 16.758), J_TP_HL_COAST];
/// The north side of thị xã Quảng Trị, which Triệu Phong wraps around.
const QT_TP: Chain = &[
    J_QT_SE,
    (107.224, 16.752),
    (107.212, 16.77),
    (107.19, 16.776),
    (107.174, 16.766),
    (107.167, 16.75),
    J_QT_SW,
];
const DK_HL: Chain = &[J_TP_DK_HL, (107.16, 16.66), (107.15, 16.61), J_HL_DK_S];

/// A chain walked forwards (`F`) or backwards (`R`) while going round a polygon.
#[derive(Clone, Copy)]
enum Dir {
    F,
    R,
}

/// Joins chains into one closed ring (first point repeated last), counter-clockwise as
/// RFC 7946 asks for exterior rings. Panics if the chains do not meet end to start: the
/// data above is static, so a mistake shows in the first test run.
fn ring(parts: &[(Chain, Dir)]) -> Vec<LngLat> {
    let mut pts: Vec<LngLat> = Vec::new();
    for &(chain, dir) in parts {
        let seq: Vec<LngLat> = match dir {
            Dir::F => chain.to_vec(),
            Dir::R => chain.iter().rev().copied().collect(),
        };
        if let Some(&last) = pts.last() {
            assert_eq!(last, seq[0], "chains do not meet");
            pts.extend_from_slice(&seq[1..]);
        } else {
            pts.extend_from_slice(&seq);
        }
    }
    assert_eq!(pts.first(), pts.last(), "ring not closed");
    close_ccw(pts)
}

/// Twice the signed area (positive = counter-clockwise with lng as x, lat as y).
fn signed_area2(ring: &[LngLat]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

fn close_ccw(mut pts: Vec<LngLat>) -> Vec<LngLat> {
    if pts.first() != pts.last() {
        pts.push(pts[0]);
    }
    if signed_area2(&pts) < 0.0 {
        pts.reverse();
    }
    pts
}

/// A small irregular polygon around a centre, for towns and wards; `radii` are in degrees of
/// latitude, one per vertex, going round counter-clockwise from east.
fn blob(center: LngLat, radii: &[f64]) -> Vec<LngLat> {
    let n = radii.len();
    // A degree of longitude is shorter than a degree of latitude at 16–17°N.
    let lng_scale = 1.0 / center.1.to_radians().cos();
    let pts = radii
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            (
                round6(center.0 + r * a.cos() * lng_scale),
                round6(center.1 + r * a.sin()),
            )
        })
        .collect();
    close_ccw(pts)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

// ------------------------------------------------------------------ areas

/// One row of `areas`. `polygons` are exterior rings; more than one makes a MultiPolygon
/// (the province: mainland plus Cồn Cỏ island).
#[derive(Clone, Debug)]
pub struct AreaSeed {
    pub code: &'static str,
    pub name: &'static str,
    /// province | district | commune
    pub kind: &'static str,
    pub parent: Option<&'static str>,
    pub polygons: Vec<Vec<LngLat>>,
}

impl AreaSeed {
    /// The boundary as a GeoJSON geometry string.
    pub fn geojson(&self) -> String {
        fn ring_json(r: &[LngLat]) -> String {
            let pts: Vec<String> = r.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            format!("[{}]", pts.join(","))
        }
        if self.polygons.len() == 1 {
            format!(
                r#"{{"type":"Polygon","coordinates":[{}]}}"#,
                ring_json(&self.polygons[0])
            )
        } else {
            let polys: Vec<String> = self
                .polygons
                .iter()
                .map(|r| format!("[{}]", ring_json(r)))
                .collect();
            format!(
                r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#,
                polys.join(",")
            )
        }
    }

    /// (min_lat, min_lng, max_lat, max_lng) over all rings.
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(lng, lat) in self.polygons.iter().flatten() {
            b.0 = b.0.min(lat);
            b.1 = b.1.min(lng);
            b.2 = b.2.max(lat);
            b.3 = b.3.max(lng);
        }
        b
    }
}

pub const PROVINCE_CODE: &str = "QT";

/// The province, its ten district-level units and a few communes/wards, parents first.
pub fn areas() -> Vec<AreaSeed> {
    use Dir::{F, R};
    let district = |code, name, parts: &[(Chain, Dir)]| AreaSeed {
        code,
        name,
        kind: "district",
        parent: Some(PROVINCE_CODE),
        polygons: vec![ring(parts)],
    };
    let con_co_island = blob(
        (107.338, 17.162),
        &[
            0.010, 0.009, 0.008, 0.009, 0.011, 0.010, 0.008, 0.009, 0.010,
        ],
    );

    let mut v = vec![AreaSeed {
        code: PROVINCE_CODE,
        name: "Tỉnh Quảng Trị",
        kind: "province",
        parent: None,
        polygons: vec![
            ring(&[
                (N_HUONGHOA, F),
                (N_VINHLINH, F),
                (COAST_GIOLINH, F),
                (COAST_TRIEUPHONG, F),
                (COAST_HAILANG, F),
                (S_DAKRONG, F),
                (W_HUONGHOA, F),
            ]),
            con_co_island.clone(),
        ],
    }];
    v.push(district(
        "QT-DONGHA",
        "Thành phố Đông Hà",
        &[(GL_DH, F), (DH_TP, F), (DH_CL, F)],
    ));
    v.push(district(
        "QT-QUANGTRI",
        "Thị xã Quảng Trị",
        &[(QT_HL, F), (QT_TP, F)],
    ));
    v.push(district(
        "QT-VINHLINH",
        "Huyện Vĩnh Linh",
        &[(N_VINHLINH, F), (VL_GL, R), (HH_VL, F)],
    ));
    v.push(district(
        "QT-GIOLINH",
        "Huyện Gio Linh",
        &[
            (VL_GL, F),
            (COAST_GIOLINH, F),
            (GL_TP, R),
            (GL_DH, R),
            (GL_CL, R),
            (HH_GL, F),
        ],
    ));
    v.push(district(
        "QT-CAMLO",
        "Huyện Cam Lộ",
        &[(GL_CL, F), (DH_CL, R), (CL_TP, F), (CL_DK, F), (HH_CL, F)],
    ));
    v.push(district(
        "QT-TRIEUPHONG",
        "Huyện Triệu Phong",
        &[
            (GL_TP, F),
            (COAST_TRIEUPHONG, F),
            (TP_HL_E, R),
            (QT_TP, F),
            (TP_HL_W, R),
            (TP_DK, R),
            (CL_TP, R),
            (DH_TP, R),
        ],
    ));
    v.push(district(
        "QT-HAILANG",
        "Huyện Hải Lăng",
        &[
            (TP_HL_W, F),
            (QT_HL, F),
            (TP_HL_E, F),
            (COAST_HAILANG, F),
            (DK_HL, R),
        ],
    ));
    v.push(district(
        "QT-HUONGHOA",
        "Huyện Hướng Hóa",
        &[
            (N_HUONGHOA, F),
            (HH_VL, R),
            (HH_GL, R),
            (HH_CL, R),
            (HH_DK, R),
            (W_HUONGHOA, F),
        ],
    ));
    v.push(district(
        "QT-DAKRONG",
        "Huyện Đakrông",
        &[
            (HH_DK, F),
            (CL_DK, R),
            (TP_DK, F),
            (DK_HL, F),
            (S_DAKRONG, F),
        ],
    ));
    v.push(AreaSeed {
        code: "QT-CONCO",
        name: "Huyện đảo Cồn Cỏ",
        kind: "district",
        parent: Some(PROVINCE_CODE),
        polygons: vec![con_co_island],
    });

    // Central Đông Hà: four wards sharing borders around the crossing of Lê Duẩn and Hùng Vương.
    const X0: f64 = 107.06;
    const X2: f64 = 107.135;
    const Y0: f64 = 16.792;
    const Y2: f64 = 16.845;
    const MID_N: LngLat = (107.098, 16.845);
    const MID_C: LngLat = (107.096, 16.818);
    const MID_S: LngLat = (107.10, 16.792);
    const MID_W: LngLat = (X0, 16.816);
    const MID_E: LngLat = (X2, 16.82);
    let ward = |code, name, parts: &[(Chain, Dir)]| AreaSeed {
        code,
        name,
        kind: "commune",
        parent: Some("QT-DONGHA"),
        polygons: vec![ring(parts)],
    };
    // Outer edges of the four wards (short chains closing each quadrant).
    const NW_N: Chain = &[(X0, Y2), (107.08, 16.846), MID_N];
    const NW_W: Chain = &[MID_W, (X0, Y2)];
    const NE_N: Chain = &[MID_N, (107.118, 16.846), (X2, Y2)];
    const NE_E: Chain = &[(X2, Y2), MID_E];
    const SE_E: Chain = &[MID_E, (X2, Y0)];
    const SE_S: Chain = &[(X2, Y0), (107.118, 16.791), MID_S];
    const SW_S: Chain = &[MID_S, (107.08, 16.793), (X0, Y0)];
    const SW_W: Chain = &[(X0, Y0), MID_W];
    const WARD_H_W: Chain = &[MID_W, (107.078, 16.814), MID_C];
    const WARD_H_E: Chain = &[MID_C, (107.115, 16.821), MID_E];
    const WARD_V_N: Chain = &[MID_N, (107.094, 16.832), MID_C];
    const WARD_V_S: Chain = &[MID_C, (107.099, 16.805), MID_S];
    v.push(ward(
        "QT-DONGHA-P5",
        "Phường 5",
        &[(NW_N, F), (WARD_V_N, F), (WARD_H_W, R), (NW_W, F)],
    ));
    v.push(ward(
        "QT-DONGHA-P1",
        "Phường 1",
        &[(NE_N, F), (NE_E, F), (WARD_H_E, R), (WARD_V_N, R)],
    ));
    v.push(ward(
        "QT-DONGHA-DLUONG",
        "Phường Đông Lương",
        &[(WARD_H_E, F), (SE_E, F), (SE_S, F), (WARD_V_S, R)],
    ));
    v.push(ward(
        "QT-DONGHA-DLE",
        "Phường Đông Lễ",
        &[(WARD_H_W, F), (WARD_V_S, F), (SW_S, F), (SW_W, F)],
    ));

    let town = |code, name, parent, center: LngLat, radii: &[f64]| AreaSeed {
        code,
        name,
        kind: "commune",
        parent: Some(parent),
        polygons: vec![blob(center, radii)],
    };
    const R8: &[f64] = &[0.012, 0.010, 0.011, 0.009, 0.012, 0.010, 0.009, 0.011];
    const R8S: &[f64] = &[0.008, 0.007, 0.008, 0.006, 0.008, 0.007, 0.006, 0.007];
    v.push(town(
        "QT-QUANGTRI-P1",
        "Phường 1",
        "QT-QUANGTRI",
        (107.192, 16.752),
        &[0.008, 0.007, 0.008, 0.007, 0.008, 0.007, 0.008, 0.007],
    ));
    v.push(town(
        "QT-VINHLINH-HOXA",
        "Thị trấn Hồ Xá",
        "QT-VINHLINH",
        (107.005, 17.06),
        R8,
    ));
    v.push(town(
        "QT-GIOLINH-GIOLINH",
        "Thị trấn Gio Linh",
        "QT-GIOLINH",
        (107.065, 16.92),
        R8,
    ));
    v.push(town(
        "QT-CAMLO-CAMLO",
        "Thị trấn Cam Lộ",
        "QT-CAMLO",
        (106.995, 16.80),
        R8S,
    ));
    v.push(town(
        "QT-TRIEUPHONG-AITU",
        "Thị trấn Ái Tử",
        "QT-TRIEUPHONG",
        (107.17, 16.792),
        R8S,
    ));
    v.push(town(
        "QT-HAILANG-DIENSANH",
        "Thị trấn Diên Sanh",
        "QT-HAILANG",
        (107.24, 16.69),
        R8,
    ));
    v.push(town(
        "QT-HUONGHOA-KHESANH",
        "Thị trấn Khe Sanh",
        "QT-HUONGHOA",
        (106.73, 16.625),
        R8,
    ));
    v.push(town(
        "QT-HUONGHOA-LAOBAO",
        "Thị trấn Lao Bảo",
        "QT-HUONGHOA",
        (106.605, 16.625),
        R8S,
    ));
    v.push(town(
        "QT-DAKRONG-KRONGKLANG",
        "Thị trấn Krông Klang",
        "QT-DAKRONG",
        (106.86, 16.68),
        R8S,
    ));
    v
}

// ------------------------------------------------------------------ categories

#[derive(Clone, Copy, Debug)]
pub struct CategorySeed {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    /// Working days to resolve, normal level.
    pub default_days: i32,
    /// Working days to resolve, urgent level.
    pub urgent_days: i32,
    pub color: &'static str,
    pub icon: &'static str,
}

pub const CATEGORIES: &[CategorySeed] = &[
    CategorySeed {
        code: "trat_tu_xay_dung",
        name_vi: "Trật tự xây dựng",
        name_en: "Construction order",
        default_days: 10,
        urgent_days: 5,
        color: "#b45309",
        icon: "building",
    },
    CategorySeed {
        code: "ve_sinh_moi_truong",
        name_vi: "Vệ sinh môi trường",
        name_en: "Environmental sanitation",
        default_days: 7,
        urgent_days: 3,
        color: "#15803d",
        icon: "trash",
    },
    CategorySeed {
        code: "ha_tang_giao_thong",
        name_vi: "Hạ tầng giao thông",
        name_en: "Traffic infrastructure",
        default_days: 10,
        urgent_days: 3,
        color: "#b91c1c",
        icon: "road",
    },
    CategorySeed {
        code: "ha_tang_do_thi",
        name_vi: "Hạ tầng đô thị",
        name_en: "Urban infrastructure",
        default_days: 10,
        urgent_days: 3,
        color: "#1d4ed8",
        icon: "lightbulb",
    },
    CategorySeed {
        code: "an_ninh_trat_tu",
        name_vi: "An ninh trật tự, an toàn xã hội",
        name_en: "Public security and social order",
        default_days: 5,
        urgent_days: 1,
        color: "#7c3aed",
        icon: "shield",
    },
    CategorySeed {
        code: "dich_vu_cong",
        name_vi: "Chất lượng dịch vụ công",
        name_en: "Quality of public services",
        default_days: 10,
        urgent_days: 5,
        color: "#0e7490",
        icon: "service",
    },
    CategorySeed {
        code: "thai_do_can_bo",
        name_vi: "Thái độ cán bộ trong giải quyết thủ tục hành chính",
        name_en: "Conduct of officials handling administrative procedures",
        default_days: 10,
        urgent_days: 5,
        color: "#be185d",
        icon: "person",
    },
    CategorySeed {
        code: "khac",
        name_vi: "Khác",
        name_en: "Other",
        default_days: 15,
        urgent_days: 7,
        color: "#4b5563",
        icon: "dots",
    },
];

// ------------------------------------------------------------------ agencies

#[derive(Clone, Copy, Debug)]
pub struct AgencySeed {
    pub code: &'static str,
    pub name: &'static str,
    /// district_committee | department | police | utility | other
    pub kind: &'static str,
    pub area: Option<&'static str>,
    pub phone: Option<&'static str>,
    pub email: Option<&'static str>,
}

const fn agency(
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    area: &'static str,
    phone: &'static str,
    email: &'static str,
) -> AgencySeed {
    AgencySeed {
        code,
        name,
        kind,
        area: Some(area),
        phone: Some(phone),
        email: Some(email),
    }
}

pub const AGENCIES: &[AgencySeed] = &[
    agency(
        "UBND-DONGHA",
        "UBND thành phố Đông Hà",
        "district_committee",
        "QT-DONGHA",
        "0233 3852 214",
        "ubnd@dongha.quangtri.gov.vn",
    ),
    agency(
        "UBND-QUANGTRI",
        "UBND thị xã Quảng Trị",
        "district_committee",
        "QT-QUANGTRI",
        "0233 3861 126",
        "ubnd@thixaquangtri.quangtri.gov.vn",
    ),
    agency(
        "UBND-VINHLINH",
        "UBND huyện Vĩnh Linh",
        "district_committee",
        "QT-VINHLINH",
        "0233 3823 234",
        "ubnd@vinhlinh.quangtri.gov.vn",
    ),
    agency(
        "UBND-GIOLINH",
        "UBND huyện Gio Linh",
        "district_committee",
        "QT-GIOLINH",
        "0233 3825 312",
        "ubnd@giolinh.quangtri.gov.vn",
    ),
    agency(
        "UBND-CAMLO",
        "UBND huyện Cam Lộ",
        "district_committee",
        "QT-CAMLO",
        "0233 3871 245",
        "ubnd@camlo.quangtri.gov.vn",
    ),
    agency(
        "UBND-TRIEUPHONG",
        "UBND huyện Triệu Phong",
        "district_committee",
        "QT-TRIEUPHONG",
        "0233 3861 204",
        "ubnd@trieuphong.quangtri.gov.vn",
    ),
    agency(
        "UBND-HAILANG",
        "UBND huyện Hải Lăng",
        "district_committee",
        "QT-HAILANG",
        "0233 3873 312",
        "ubnd@hailang.quangtri.gov.vn",
    ),
    agency(
        "UBND-HUONGHOA",
        "UBND huyện Hướng Hóa",
        "district_committee",
        "QT-HUONGHOA",
        "0233 3880 216",
        "ubnd@huonghoa.quangtri.gov.vn",
    ),
    agency(
        "UBND-DAKRONG",
        "UBND huyện Đakrông",
        "district_committee",
        "QT-DAKRONG",
        "0233 3660 112",
        "ubnd@dakrong.quangtri.gov.vn",
    ),
    agency(
        "UBND-CONCO",
        "UBND huyện đảo Cồn Cỏ",
        "district_committee",
        "QT-CONCO",
        "0233 3519 123",
        "ubnd@conco.quangtri.gov.vn",
    ),
    agency(
        "SO-GTVT",
        "Sở Giao thông vận tải",
        "department",
        PROVINCE_CODE,
        "0233 3852 542",
        "sgtvt@quangtri.gov.vn",
    ),
    agency(
        "SO-TNMT",
        "Sở Tài nguyên và Môi trường",
        "department",
        PROVINCE_CODE,
        "0233 3852 667",
        "stnmt@quangtri.gov.vn",
    ),
    agency(
        "SO-XD",
        "Sở Xây dựng",
        "department",
        PROVINCE_CODE,
        "0233 3852 481",
        "sxd@quangtri.gov.vn",
    ),
    agency(
        "SO-NV",
        "Sở Nội vụ",
        "department",
        PROVINCE_CODE,
        "0233 3852 358",
        "snv@quangtri.gov.vn",
    ),
    agency(
        "CA-TINH",
        "Công an tỉnh Quảng Trị",
        "police",
        PROVINCE_CODE,
        "0233 3852 611",
        "congan@quangtri.gov.vn",
    ),
    agency(
        "PC-QUANGTRI",
        "Công ty Điện lực Quảng Trị",
        "utility",
        PROVINCE_CODE,
        "0233 2212 999",
        "cskh@pcquangtri.vn",
    ),
    agency(
        "NUOC-QUANGTRI",
        "Công ty Cổ phần Nước sạch Quảng Trị",
        "utility",
        PROVINCE_CODE,
        "0233 3852 636",
        "cskh@nuocsachquangtri.vn",
    ),
];

/// The agency the demo operator belongs to is the province's operations centre; it is not a
/// dispatch target, so it is not in [`AGENCIES`].
pub const OPERATIONS_CENTRE: &str =
    "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Quảng Trị";

/// The People's Committee agency code of a district (the routing default).
pub fn district_committee(district_code: &str) -> Option<&'static str> {
    AGENCIES
        .iter()
        .find(|a| a.kind == "district_committee" && a.area == Some(district_code))
        .map(|a| a.code)
}

// ------------------------------------------------------------------ routing

#[derive(Clone, Copy, Debug)]
pub struct RoutingSeed {
    pub category: Option<&'static str>,
    pub area: Option<&'static str>,
    pub agency: &'static str,
    pub note: &'static str,
}

/// Beyond these, a report goes to the People's Committee of its district.
pub const ROUTING_RULES: &[RoutingSeed] = &[
    RoutingSeed {
        category: Some("ha_tang_giao_thong"),
        area: Some(PROVINCE_CODE),
        agency: "SO-GTVT",
        note: "Quốc lộ, tỉnh lộ và công trình giao thông do Sở Giao thông vận tải quản lý",
    },
    RoutingSeed {
        category: Some("ha_tang_giao_thong"),
        area: Some("QT-DONGHA"),
        agency: "UBND-DONGHA",
        note: "Đường đô thị trên địa bàn thành phố do UBND thành phố Đông Hà quản lý",
    },
    RoutingSeed {
        category: Some("an_ninh_trat_tu"),
        area: None,
        agency: "CA-TINH",
        note: "An ninh trật tự chuyển Công an tỉnh chỉ đạo Công an cấp huyện, cấp xã xử lý",
    },
    RoutingSeed {
        category: Some("thai_do_can_bo"),
        area: None,
        agency: "SO-NV",
        note: "Sở Nội vụ theo dõi công vụ, kỷ luật, kỷ cương hành chính",
    },
    RoutingSeed {
        category: Some("ve_sinh_moi_truong"),
        area: Some("QT-CONCO"),
        agency: "SO-TNMT",
        note: "Môi trường biển đảo Cồn Cỏ",
    },
];

// ------------------------------------------------------------------ places and people

/// Where the demo puts its reports, and what a resident would call the streets there.
#[derive(Clone, Copy, Debug)]
pub struct DistrictText {
    pub code: &'static str,
    /// How the district is named inside a sentence ("thành phố Đông Hà").
    pub in_sentence: &'static str,
    /// Relative share of the demo reports.
    pub weight: u32,
    pub streets: &'static [&'static str],
    /// Landmarks: markets, schools, bridges…
    pub places: &'static [&'static str],
}

pub const DISTRICT_TEXTS: &[DistrictText] = &[
    DistrictText {
        code: "QT-DONGHA",
        in_sentence: "thành phố Đông Hà",
        weight: 36,
        streets: &[
            "Lê Duẩn",
            "Hùng Vương",
            "Quốc lộ 9",
            "Trần Hưng Đạo",
            "Lê Lợi",
            "Nguyễn Huệ",
            "Điện Biên Phủ",
            "Lý Thường Kiệt",
            "Hàm Nghi",
            "Nguyễn Trãi",
            "Trần Phú",
            "Lê Thánh Tông",
            "Phan Bội Châu",
            "Kim Đồng",
            "Hai Bà Trưng",
            "Ngô Quyền",
            "Tôn Thất Thuyết",
            "Nguyễn Du",
            "Đặng Tất",
            "Lê Lai",
            "Thành Cổ",
            "Đoàn Khuê",
        ],
        places: &[
            "chợ Đông Hà",
            "bến xe khách Đông Hà",
            "cầu Đông Hà",
            "bờ sông Hiếu",
            "công viên Fahasa",
            "trường THPT Đông Hà",
            "ga Đông Hà",
            "Khu công nghiệp Nam Đông Hà",
        ],
    },
    DistrictText {
        code: "QT-QUANGTRI",
        in_sentence: "thị xã Quảng Trị",
        weight: 8,
        streets: &[
            "Trần Hưng Đạo",
            "Quang Trung",
            "Lê Duẩn",
            "Hai Bà Trưng",
            "Phan Đình Phùng",
            "Nguyễn Trãi",
            "Lý Thường Kiệt",
            "Minh Mạng",
            "Ngô Quyền",
        ],
        places: &[
            "Thành Cổ Quảng Trị",
            "chợ Quảng Trị",
            "bến thả hoa bờ sông Thạch Hãn",
            "trường THPT Nguyễn Huệ",
        ],
    },
    DistrictText {
        code: "QT-VINHLINH",
        in_sentence: "huyện Vĩnh Linh",
        weight: 10,
        streets: &[
            "Quốc lộ 1",
            "Hùng Vương",
            "Lê Duẩn",
            "Trần Phú",
            "Tỉnh lộ 571",
            "Đường Vĩnh Thái – Vĩnh Kim",
        ],
        places: &[
            "chợ Hồ Xá",
            "bãi tắm Cửa Tùng",
            "Địa đạo Vịnh Mốc",
            "cầu Hiền Lương",
            "trường THPT Vĩnh Linh",
        ],
    },
    DistrictText {
        code: "QT-GIOLINH",
        in_sentence: "huyện Gio Linh",
        weight: 8,
        streets: &[
            "Quốc lộ 1",
            "Tỉnh lộ 575",
            "Hùng Vương",
            "Lê Duẩn",
            "Đường Cửa Việt – Gio Việt",
        ],
        places: &[
            "chợ Cầu",
            "cảng Cửa Việt",
            "bãi tắm Gio Hải",
            "Nghĩa trang Liệt sĩ Trường Sơn",
        ],
    },
    DistrictText {
        code: "QT-CAMLO",
        in_sentence: "huyện Cam Lộ",
        weight: 7,
        streets: &[
            "Quốc lộ 9",
            "Đường 2/4",
            "Lê Duẩn",
            "Tỉnh lộ 585",
            "Trần Hưng Đạo",
        ],
        places: &[
            "chợ Cam Lộ",
            "Cụm công nghiệp Cam Hiếu",
            "cầu Cam Lộ",
            "trường THPT Cam Lộ",
        ],
    },
    DistrictText {
        code: "QT-TRIEUPHONG",
        in_sentence: "huyện Triệu Phong",
        weight: 9,
        streets: &[
            "Quốc lộ 1",
            "Tỉnh lộ 580",
            "Tỉnh lộ 579",
            "Đường Triệu Ái – Triệu Thượng",
        ],
        places: &[
            "chợ Ái Tử",
            "bãi tắm Triệu Lăng",
            "cầu Ái Tử",
            "Nhà thờ Trí Bưu",
        ],
    },
    DistrictText {
        code: "QT-HAILANG",
        in_sentence: "huyện Hải Lăng",
        weight: 9,
        streets: &[
            "Quốc lộ 1",
            "Tỉnh lộ 582",
            "Tỉnh lộ 584",
            "Hùng Vương",
            "Đường Diên Sanh – Hải Thượng",
        ],
        places: &[
            "chợ Diên Sanh",
            "bãi tắm Mỹ Thủy",
            "Khu kinh tế Đông Nam",
            "trường THPT Hải Lăng",
        ],
    },
    DistrictText {
        code: "QT-HUONGHOA",
        in_sentence: "huyện Hướng Hóa",
        weight: 8,
        streets: &[
            "Quốc lộ 9",
            "Đường Hồ Chí Minh",
            "Lê Duẩn",
            "Hùng Vương",
            "Trần Hưng Đạo",
            "Lý Thường Kiệt",
        ],
        places: &[
            "chợ Khe Sanh",
            "cửa khẩu quốc tế Lao Bảo",
            "chợ Lao Bảo",
            "sân bay Tà Cơn",
        ],
    },
    DistrictText {
        code: "QT-DAKRONG",
        in_sentence: "huyện Đakrông",
        weight: 4,
        streets: &["Quốc lộ 9", "Đường Hồ Chí Minh nhánh Tây", "Tỉnh lộ 588A"],
        places: &[
            "cầu treo Đakrông",
            "chợ Krông Klang",
            "trường PTDTNT Đakrông",
        ],
    },
    DistrictText {
        code: "QT-CONCO",
        in_sentence: "huyện đảo Cồn Cỏ",
        weight: 1,
        streets: &["đường vành đai đảo", "đường trung tâm huyện đảo"],
        places: &["cảng Cồn Cỏ", "bãi tắm Bến Nghè", "khu neo đậu tàu thuyền"],
    },
];

pub const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Hồ", "Đặng", "Bùi", "Đỗ", "Ngô",
    "Dương", "Lý", "Trương", "Hà",
];
pub const MIDDLE_NAMES_MALE: &[&str] = &[
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân",
];
pub const MIDDLE_NAMES_FEMALE: &[&str] = &["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Diệu"];
pub const GIVEN_NAMES_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn",
    "Tuấn", "Thắng", "Trung", "Việt", "Hiếu", "Lộc",
];
pub const GIVEN_NAMES_FEMALE: &[&str] = &[
    "Anh", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Phương", "Thảo",
    "Trang", "Vân", "Yến", "Hiền",
];

// ------------------------------------------------------------------ report texts

/// One kind of problem within a category, with the words a citizen uses to report it and
/// the words the agency uses to close it.
///
/// Placeholders: `{street}`, `{street2}` (another street), `{no}` (house number), `{place}`
/// (a landmark), `{district}` (the district inside a sentence), `{unit}` (ward/commune or district).
#[derive(Clone, Copy, Debug)]
pub struct Issue {
    pub title: &'static str,
    /// The first fact names the place; later ones are optional details.
    pub facts: &'static [&'static str],
    pub result: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct CategoryText {
    pub code: &'static str,
    /// Relative share of the demo reports.
    pub weight: u32,
    pub issues: &'static [Issue],
}

pub const CATEGORY_TEXTS: &[CategoryText] = &[
    CategoryText {
        code: "ha_tang_giao_thong",
        weight: 22,
        issues: &[
            Issue {
                title: "Ổ gà lớn trên đường {street}",
                facts: &[
                    "Mặt đường {street}, đoạn trước nhà số {no}, bị bong tróc và xuất hiện nhiều ổ gà sâu khoảng 20–30 cm.",
                    "Khi trời mưa, nước đọng che khuất ổ gà khiến người đi xe máy rất dễ bị té ngã.",
                    "Tuần trước đã có hai trường hợp người đi đường bị ngã xe tại đây.",
                    "Học sinh đi học qua đoạn này hằng ngày nên phụ huynh rất lo lắng.",
                ],
                result: "Đơn vị đã chỉ đạo nhà thầu duy tu thảm vá các ổ gà trên đường {street} bằng bê tông nhựa; mặt đường đã được hoàn trả bằng phẳng, đảm bảo an toàn giao thông.",
            },
            Issue {
                title: "Biển báo giao thông bị gãy đổ trên đường {street}",
                facts: &[
                    "Biển báo hạn chế tốc độ trên đường {street}, gần {place}, bị gãy đổ ra lòng đường sau đợt gió lớn vừa qua.",
                    "Biển nằm sát làn xe máy, không có đèn cảnh báo nên rất nguy hiểm vào ban đêm.",
                    "Người dân đã tạm kéo biển vào lề nhưng trụ sắt vẫn còn nhô lên mặt đường.",
                ],
                result: "Đơn vị quản lý đường bộ đã thu dọn biển báo hư hỏng và lắp đặt lại biển báo mới đúng vị trí cũ trên đường {street}.",
            },
            Issue {
                title: "Đèn tín hiệu giao thông không hoạt động tại nút giao {street} – {street2}",
                facts: &[
                    "Cụm đèn tín hiệu tại nút giao {street} với {street2} bị tắt hoàn toàn từ sáng nay.",
                    "Giờ cao điểm xe cộ đi lại lộn xộn, nhiều lần suýt xảy ra va chạm.",
                    "Chưa thấy lực lượng chức năng có mặt điều tiết giao thông.",
                ],
                result: "Đã thay thế bộ điều khiển đèn tín hiệu bị hỏng do sét đánh tại nút giao {street} – {street2}; đèn đã hoạt động bình thường trở lại.",
            },
            Issue {
                title: "Đào đường thi công không hoàn trả mặt bằng trên đường {street}",
                facts: &[
                    "Đơn vị thi công tuyến ống đã đào mặt đường {street}, đoạn gần số {no}, hơn một tháng nay nhưng chưa hoàn trả.",
                    "Rào chắn tạm bợ, không có đèn cảnh báo ban đêm, đất đá tràn ra lòng đường.",
                    "Ngày nắng bụi mù mịt, ngày mưa thì lầy lội, các hộ kinh doanh hai bên đường bị ảnh hưởng nặng.",
                ],
                result: "Đã làm việc với đơn vị thi công, yêu cầu hoàn trả mặt đường {street} và bố trí đèn cảnh báo; mặt đường đã được thảm lại, rào chắn đã được tháo dỡ.",
            },
            Issue {
                title: "Sụt lún mặt đường gần {place}",
                facts: &[
                    "Trên đường {street}, đoạn gần {place}, mặt đường bị sụt lún thành hố rộng khoảng 1 m.",
                    "Hố sụt ngày càng lan rộng sau các trận mưa lớn.",
                    "Xe tải vẫn lưu thông qua đây nên nguy cơ sụt thêm rất cao.",
                ],
                result: "Đơn vị đã cắm biển cảnh báo, đào xử lý nền đường bị xói rỗng và hoàn trả kết cấu mặt đường đoạn gần {place}.",
            },
        ],
    },
    CategoryText {
        code: "ve_sinh_moi_truong",
        weight: 18,
        issues: &[
            Issue {
                title: "Rác thải tập kết bừa bãi tại đường {street}",
                facts: &[
                    "Khu đất trống gần số {no} đường {street} bị đổ rác thải sinh hoạt, xà bần thành đống lớn.",
                    "Rác bốc mùi hôi thối, ruồi muỗi nhiều, ảnh hưởng đến sức khỏe các hộ dân xung quanh.",
                    "Tình trạng này kéo dài gần một tháng nay nhưng chưa được thu gom.",
                    "Ban đêm thường có xe ba gác chở rác đến đổ trộm.",
                ],
                result: "Đơn vị đã phối hợp với công ty môi trường đô thị thu gom, vận chuyển toàn bộ rác thải tại đường {street}; đồng thời cắm biển cấm đổ rác và giao tổ dân phố giám sát.",
            },
            Issue {
                title: "Cơ sở chăn nuôi gây ô nhiễm gần khu dân cư",
                facts: &[
                    "Một cơ sở chăn nuôi lợn trên đường {street} ({unit}) thải nước thải chưa qua xử lý ra mương thoát nước chung.",
                    "Mùi hôi bốc lên nồng nặc, nhất là vào buổi chiều tối.",
                    "Người dân đã nhiều lần góp ý nhưng chủ cơ sở không khắc phục.",
                ],
                result: "Qua kiểm tra, cơ sở chăn nuôi chưa có hệ thống xử lý nước thải đạt chuẩn; UBND đã lập biên bản, xử phạt vi phạm hành chính và yêu cầu khắc phục trong 30 ngày. Đoàn kiểm tra sẽ tái kiểm tra việc khắc phục.",
            },
            Issue {
                title: "Đốt rác gây khói bụi tại khu dân cư đường {street}",
                facts: &[
                    "Chiều tối nào cũng có người đốt rác, lá cây ở khu đất trống cuối đường {street}.",
                    "Khói bay vào nhà dân, trẻ nhỏ và người già bị ho, khó thở.",
                    "Đề nghị nhắc nhở và bố trí điểm thu gom rác phù hợp.",
                ],
                result: "Tổ công tác phường đã nhắc nhở các hộ liên quan chấm dứt việc đốt rác; rác tại khu vực được thu gom theo lịch của đơn vị vệ sinh môi trường.",
            },
            Issue {
                title: "Nước thải từ quán ăn chảy tràn ra vỉa hè {street}",
                facts: &[
                    "Quán ăn tại số {no} đường {street} xả nước thải, dầu mỡ trực tiếp ra vỉa hè và rãnh thoát nước.",
                    "Vỉa hè trơn trượt, bốc mùi hôi, người đi bộ phải đi xuống lòng đường.",
                ],
                result: "Đã kiểm tra, lập biên bản và yêu cầu chủ quán lắp đặt bể tách mỡ, đấu nối nước thải vào hệ thống thoát nước theo quy định; vỉa hè đã được vệ sinh sạch sẽ.",
            },
            Issue {
                title: "Rác thải ùn ứ tại bãi biển gần {place}",
                facts: &[
                    "Dọc bãi biển gần {place} có rất nhiều rác thải nhựa, xốp, lưới đánh cá cũ dạt vào bờ.",
                    "Du khách và người dân tắm biển rất phản cảm, ảnh hưởng đến hình ảnh du lịch của {district}.",
                ],
                result: "Đơn vị đã huy động lực lượng đoàn viên, thanh niên và công nhân môi trường ra quân thu gom rác dọc bãi biển gần {place}; đã bố trí thêm thùng rác và biển nhắc nhở.",
            },
        ],
    },
    CategoryText {
        code: "trat_tu_xay_dung",
        weight: 13,
        issues: &[
            Issue {
                title: "Xây dựng nhà ở không phép tại số {no} đường {street}",
                facts: &[
                    "Một hộ gia đình tại số {no} đường {street} đang xây dựng nhà 3 tầng nhưng không treo biển báo công trình.",
                    "Công trình có dấu hiệu xây vượt chỉ giới, lấn ra phần vỉa hè.",
                    "Công trình thi công cả vào buổi tối, gây ồn ào cho các hộ xung quanh.",
                ],
                result: "Đội Quản lý trật tự đô thị đã kiểm tra, lập biên bản vi phạm và đình chỉ thi công; chủ đầu tư đã tự tháo dỡ phần xây dựng vượt chỉ giới và hoàn tất thủ tục cấp phép.",
            },
            Issue {
                title: "Vật liệu xây dựng tập kết trên vỉa hè đường {street}",
                facts: &[
                    "Cát, đá, gạch của một công trình trên đường {street} đổ tràn ra vỉa hè và một phần lòng đường.",
                    "Người đi bộ phải xuống lòng đường, xe máy trơn trượt vì cát.",
                    "Chủ công trình không che chắn nên khi có gió bụi bay mù mịt.",
                ],
                result: "Đã yêu cầu chủ công trình thu dọn vật liệu, che chắn công trình theo quy định và xử phạt vi phạm hành chính hành vi tập kết vật liệu trên vỉa hè.",
            },
            Issue {
                title: "Lấn chiếm đất công để dựng quán tạm gần {place}",
                facts: &[
                    "Trên khu đất công gần {place}, một số người đã dựng lều quán bằng khung sắt, mái tôn để buôn bán.",
                    "Quán tạm lấn ra sát mép đường {street}, che khuất tầm nhìn của người tham gia giao thông.",
                ],
                result: "UBND đã tổ chức cưỡng chế, tháo dỡ các lều quán dựng trái phép trên đất công gần {place} và giao địa phương quản lý chặt diện tích đất này.",
            },
            Issue {
                title: "Công trình thi công gây nứt tường nhà liền kề trên đường {street}",
                facts: &[
                    "Công trình đang đào móng tầng hầm tại đường {street} làm tường nhà số {no} bị nứt nhiều vết.",
                    "Chủ công trình chưa có biện pháp chống đỡ, gia đình rất lo lắng nhà có thể bị sụt lún.",
                ],
                result: "Phòng Quản lý đô thị đã kiểm tra hiện trường, yêu cầu tạm dừng thi công phần móng, gia cố chống đỡ và tổ chức hòa giải; chủ đầu tư đã cam kết sửa chữa, bồi thường cho hộ liền kề.",
            },
        ],
    },
    CategoryText {
        code: "ha_tang_do_thi",
        weight: 17,
        issues: &[
            Issue {
                title: "Đèn chiếu sáng công cộng không hoạt động trên đường {street}",
                facts: &[
                    "Khoảng 5 bóng đèn chiếu sáng trên đoạn đường {street}, từ số {no} trở đi, không sáng đã hơn hai tuần.",
                    "Buổi tối đoạn đường tối om, người dân lo ngại mất an toàn và trộm cắp.",
                    "Đoạn này có nhiều học sinh đi học thêm về muộn.",
                ],
                result: "Đơn vị quản lý điện chiếu sáng đã thay thế bóng đèn và sửa chữa tủ điện điều khiển; hệ thống chiếu sáng trên đường {street} đã hoạt động bình thường.",
            },
            Issue {
                title: "Nắp hố ga bị vỡ trên vỉa hè đường {street}",
                facts: &[
                    "Nắp hố ga trên vỉa hè trước nhà số {no} đường {street} bị vỡ, để lộ hố sâu.",
                    "Người dân phải tạm đặt cành cây để cảnh báo.",
                    "Trẻ em đi qua rất dễ bị sụt chân.",
                ],
                result: "Đã thay nắp hố ga mới bằng gang cầu, có khóa chống trộm, tại vỉa hè đường {street}.",
            },
            Issue {
                title: "Ngập úng cục bộ mỗi khi mưa tại đường {street}",
                facts: &[
                    "Mỗi khi mưa lớn, đoạn đường {street} gần số {no} ngập sâu 30–40 cm do cống thoát nước bị tắc.",
                    "Nước tràn vào nhiều nhà dân, xe máy chết máy giữa đường.",
                    "Tình trạng này đã kéo dài nhiều mùa mưa.",
                ],
                result: "Đã nạo vét, khơi thông hệ thống cống thoát nước dọc tuyến {street} và lắp thêm hố thu nước mặt; tình trạng ngập úng đã được khắc phục.",
            },
            Issue {
                title: "Cây xanh có nguy cơ gãy đổ trên đường {street}",
                facts: &[
                    "Cây xà cừ lớn trước số {no} đường {street} bị mục gốc, thân nghiêng hẳn ra lòng đường.",
                    "Mùa mưa bão sắp đến, người dân rất lo cây đổ gây tai nạn.",
                ],
                result: "Công ty quản lý cây xanh đã cắt tỉa, hạ độ cao tán cây và chằng chống cây xà cừ trên đường {street}, đảm bảo an toàn trước mùa mưa bão.",
            },
            Issue {
                title: "Dây điện, cáp viễn thông chằng chịt, sà thấp tại đường {street}",
                facts: &[
                    "Dây cáp viễn thông trên đường {street}, đoạn gần {place}, bị đứt và sà thấp xuống ngang đầu người.",
                    "Xe tải đi qua thường xuyên vướng vào dây, rất nguy hiểm.",
                ],
                result: "Đã yêu cầu các doanh nghiệp viễn thông thu hồi cáp hết sử dụng, bó gọn và treo lại dây cáp trên đường {street} đúng độ cao quy định.",
            },
        ],
    },
    CategoryText {
        code: "an_ninh_trat_tu",
        weight: 10,
        issues: &[
            Issue {
                title: "Thanh thiếu niên tụ tập đua xe, nẹt pô trên đường {street}",
                facts: &[
                    "Khoảng 23 giờ hằng đêm, một nhóm thanh thiếu niên tụ tập nẹt pô, lạng lách trên đường {street}.",
                    "Tiếng ồn ảnh hưởng đến giấc ngủ của người dân, nguy cơ gây tai nạn rất cao.",
                    "Tình trạng diễn ra nhiều vào tối thứ Bảy và Chủ nhật.",
                ],
                result: "Công an đã tăng cường tuần tra, kiểm soát vào ban đêm trên đường {street}, tạm giữ 3 phương tiện vi phạm và mời phụ huynh các em lên làm việc, giáo dục.",
            },
            Issue {
                title: "Hát karaoke gây ồn ào quá giờ quy định",
                facts: &[
                    "Một hộ dân tại số {no} đường {street} thường xuyên mở loa kéo hát karaoke đến sau 23 giờ.",
                    "Nhiều gia đình có người già, trẻ nhỏ không thể nghỉ ngơi.",
                ],
                result: "Công an {unit} đã làm việc với hộ gia đình, nhắc nhở và lập biên bản xử phạt vi phạm hành chính hành vi gây ồn ào trong khu dân cư.",
            },
            Issue {
                title: "Trộm cắp tài sản xảy ra nhiều tại khu dân cư gần {place}",
                facts: &[
                    "Thời gian gần đây, khu dân cư gần {place} xảy ra nhiều vụ mất trộm xe máy, điện thoại.",
                    "Kẻ gian thường lợi dụng buổi trưa và đêm khuya để đột nhập.",
                    "Đề nghị công an tăng cường tuần tra và lắp thêm camera an ninh.",
                ],
                result: "Công an đã tăng cường tuần tra, vận động người dân lắp camera theo mô hình \"Camera an ninh\"; đã bắt giữ một đối tượng trộm cắp và đang tiếp tục điều tra.",
            },
            Issue {
                title: "Nghi vấn tụ điểm cờ bạc tại khu vực {place}",
                facts: &[
                    "Tại một quán nước gần {place} thường xuyên có nhóm người tụ tập đánh bài ăn tiền.",
                    "Thường xảy ra cãi vã, ảnh hưởng đến trật tự khu vực.",
                ],
                result: "Công an đã xác minh, kiểm tra hành chính quán nước gần {place}, lập biên bản xử lý 5 đối tượng đánh bạc theo quy định.",
            },
        ],
    },
    CategoryText {
        code: "dich_vu_cong",
        weight: 9,
        issues: &[
            Issue {
                title: "Mất điện kéo dài không thông báo trước tại {unit}",
                facts: &[
                    "Khu vực đường {street} ({unit}) bị mất điện từ 7 giờ sáng đến chiều nhưng không có thông báo trước.",
                    "Nhiều hộ kinh doanh bị thiệt hại, thời tiết nắng nóng ảnh hưởng đến người già và trẻ nhỏ.",
                    "Gọi tổng đài chăm sóc khách hàng nhiều lần nhưng không được trả lời rõ ràng.",
                ],
                result: "Điện lực đã kiểm tra, khắc phục sự cố đường dây trung thế cấp điện cho khu vực đường {street}; đơn vị đã xin lỗi khách hàng và cam kết thông báo trước lịch ngừng cấp điện.",
            },
            Issue {
                title: "Nước sinh hoạt có màu đục, mùi lạ tại đường {street}",
                facts: &[
                    "Mấy ngày nay nước máy tại các hộ dân đường {street} có màu vàng đục và mùi clo rất nặng.",
                    "Người dân không dám dùng để nấu ăn, phải mua nước đóng bình.",
                ],
                result: "Công ty cấp nước đã súc xả đường ống, lấy mẫu xét nghiệm; kết quả chất lượng nước đạt quy chuẩn. Nguyên nhân do sự cố vỡ ống và đã được khắc phục.",
            },
            Issue {
                title: "Hồ sơ đất đai trễ hẹn nhưng không có thông báo",
                facts: &[
                    "Tôi nộp hồ sơ đăng ký biến động đất đai tại Bộ phận một cửa của {district}, hẹn trả kết quả đã quá 15 ngày.",
                    "Khi hỏi thì chỉ được trả lời là đang chờ, không có văn bản xin lỗi hay hẹn lại.",
                ],
                result: "Văn phòng đăng ký đất đai đã giải quyết xong hồ sơ, trả kết quả cho công dân và gửi văn bản xin lỗi vì trễ hẹn; đã chấn chỉnh việc theo dõi hồ sơ quá hạn.",
            },
            Issue {
                title: "Trạm y tế đóng cửa trong giờ hành chính",
                facts: &[
                    "Sáng nay tôi đưa con đến tiêm chủng tại trạm y tế {unit} nhưng trạm đóng cửa, không có thông báo.",
                    "Nhiều phụ huynh khác cũng phải chờ rồi ra về.",
                ],
                result: "Qua xác minh, trạm y tế thay đổi lịch tiêm nhưng không niêm yết kịp thời; Trung tâm Y tế đã nhắc nhở, yêu cầu thông báo lịch tiêm công khai và tổ chức tiêm bù cho các cháu.",
            },
        ],
    },
    CategoryText {
        code: "thai_do_can_bo",
        weight: 5,
        issues: &[
            Issue {
                title: "Cán bộ Bộ phận một cửa có thái độ thiếu tôn trọng công dân",
                facts: &[
                    "Tôi đến Bộ phận tiếp nhận và trả kết quả của {unit} để làm thủ tục chứng thực bản sao.",
                    "Cán bộ tiếp nhận có thái độ thiếu tôn trọng, nói trống không và yêu cầu bổ sung giấy tờ không có trong quy định.",
                    "Tôi phải đi lại ba lần mới được giải quyết.",
                ],
                result: "Qua xác minh, phản ánh là đúng một phần; cơ quan đã tổ chức kiểm điểm, nhắc nhở cán bộ tiếp nhận và xin lỗi công dân. Thủ tục của công dân đã được giải quyết.",
            },
            Issue {
                title: "Hẹn trả kết quả nhiều lần nhưng không giải quyết",
                facts: &[
                    "Hồ sơ đề nghị cấp giấy phép xây dựng của gia đình tôi tại {district} bị hẹn lại ba lần.",
                    "Mỗi lần lại được yêu cầu bổ sung một loại giấy tờ khác nhau, không hướng dẫn một lần đầy đủ.",
                ],
                result: "Cơ quan đã rà soát, hồ sơ của công dân đủ điều kiện và đã được cấp phép; cán bộ thụ lý bị phê bình vì không hướng dẫn đầy đủ một lần theo quy định.",
            },
            Issue {
                title: "Cán bộ làm việc riêng trong giờ hành chính",
                facts: &[
                    "Khoảng 9 giờ sáng, tại trụ sở UBND {unit}, nhiều cán bộ không có mặt tại vị trí làm việc.",
                    "Công dân đến làm thủ tục phải ngồi chờ gần một tiếng đồng hồ.",
                ],
                result: "UBND đã kiểm tra, chấn chỉnh kỷ luật, kỷ cương hành chính; yêu cầu cán bộ liên quan viết bản tường trình và cam kết không tái phạm.",
            },
        ],
    },
    CategoryText {
        code: "khac",
        weight: 6,
        issues: &[
            Issue {
                title: "Chó thả rông không rọ mõm trên đường {street}",
                facts: &[
                    "Nhiều hộ gia đình trên đường {street} thả chó chạy rông ra đường, không đeo rọ mõm.",
                    "Đã có trường hợp trẻ em bị chó cắn khi đi học về.",
                ],
                result: "Phường đã tuyên truyền, yêu cầu các hộ nuôi chó ký cam kết không thả rông, đeo rọ mõm khi ra đường và tiêm phòng dại đầy đủ.",
            },
            Issue {
                title: "Quảng cáo rao vặt dán tràn lan trên cột điện đường {street}",
                facts: &[
                    "Các cột điện, tường rào dọc đường {street} bị dán, sơn quảng cáo khoan cắt bê tông, cho vay tiền.",
                    "Gây mất mỹ quan đô thị, nhiều lần bóc đi lại dán lại.",
                ],
                result: "Đơn vị đã tổ chức bóc, xóa quảng cáo rao vặt trên đường {street}, liên hệ nhà mạng khóa các số điện thoại in trên quảng cáo trái phép.",
            },
            Issue {
                title: "Đề nghị lắp đặt thiết bị thể dục ngoài trời gần {place}",
                facts: &[
                    "Khu đất trống gần {place} được nhiều người dân tập thể dục buổi sáng và chiều.",
                    "Kính đề nghị địa phương xem xét lắp đặt một số thiết bị thể dục ngoài trời và ghế đá.",
                ],
                result: "UBND đã tiếp thu kiến nghị và đưa vào kế hoạch đầu tư thiết chế văn hóa, thể thao năm tới; trước mắt đã lắp đặt 6 ghế đá tại khu vực gần {place}.",
            },
        ],
    },
];

/// Last sentence of a report, appended to the facts.
pub const CLOSINGS: &[&str] = &[
    "Đề nghị cơ quan chức năng sớm kiểm tra, xử lý.",
    "Kính mong các cơ quan chức năng quan tâm giải quyết.",
    "Rất mong được xử lý sớm để người dân yên tâm.",
    "Tôi xin gửi kèm hình ảnh hiện trường.",
    "Đề nghị các cơ quan liên quan xem xét, khắc phục kịp thời.",
];

/// What neighbours write under a public report (shown after moderation).
pub const COMMENTS: &[&str] = &[
    "Tôi cũng thường xuyên đi qua đoạn này, đúng là rất nguy hiểm.",
    "Đề nghị cơ quan chức năng xử lý dứt điểm, tình trạng này đã kéo dài lâu rồi.",
    "Khu vực nhà tôi cũng gặp tình trạng tương tự.",
    "Mong sớm được khắc phục trước mùa mưa bão.",
    "Cảm ơn bạn đã phản ánh, rất thiết thực.",
    "Sáng nay đi ngang qua vẫn thấy y nguyên.",
];

/// Comments under a published result.
pub const THANKS_COMMENTS: &[&str] = &[
    "Cảm ơn đơn vị đã xử lý nhanh chóng.",
    "Đã khắc phục xong, người dân đi lại thuận tiện hơn nhiều.",
    "Kết quả xử lý rất tốt, cảm ơn các cơ quan chức năng.",
    "Đề nghị duy trì kiểm tra thường xuyên để tình trạng không tái diễn.",
];

/// Operator's reasons for rejecting a report (shown to the author).
pub const REJECTION_REASONS: &[&str] = &[
    "Nội dung phản ánh là tranh chấp dân sự giữa các cá nhân, không thuộc phạm vi tiếp nhận của hệ thống; đề nghị công dân liên hệ UBND cấp xã để được hòa giải hoặc Tòa án nhân dân để được hướng dẫn.",
    "Thông tin phản ánh chưa đầy đủ, không xác định được vị trí hiện trường; đề nghị công dân gửi lại phản ánh kèm địa chỉ và hình ảnh cụ thể.",
    "Phản ánh có nội dung không phù hợp, không mang tính xây dựng.",
    "Hình ảnh gửi kèm không liên quan đến nội dung phản ánh.",
    "Nội dung là khiếu nại, tố cáo; đề nghị công dân gửi đơn đến cơ quan có thẩm quyền theo quy định của Luật Khiếu nại, Luật Tố cáo.",
];

/// Officers' reasons for returning a report to the centre.
pub const RETURN_REASONS: &[&str] = &[
    "Vị trí phản ánh không thuộc địa bàn quản lý của đơn vị.",
    "Nội dung thuộc thẩm quyền của ngành điện lực, đề nghị Trung tâm chuyển đơn vị phù hợp.",
    "Tuyến đường do Sở Giao thông vận tải quản lý, không thuộc thẩm quyền của UBND.",
];

/// Operators' notes when sending a result back to the agency.
pub const SEND_BACK_NOTES: &[&str] = &[
    "Kết quả xử lý chưa có hình ảnh minh chứng, đề nghị đơn vị bổ sung.",
    "Nội dung kết quả chưa trả lời đầy đủ các vấn đề công dân phản ánh.",
];

/// Officers' reasons for asking more time.
pub const EXTENSION_REASONS: &[&str] = &[
    "Cần thêm thời gian khảo sát, lập dự toán sửa chữa.",
    "Chờ ý kiến phối hợp của các sở, ngành liên quan.",
    "Thời tiết mưa kéo dài, chưa thể thi công.",
];

/// Reply templates of the console, as an operations centre words them.
pub const REPLY_TEMPLATES: &[(crate::domain::console::TemplateKind, &str, &str)] = {
    use crate::domain::console::TemplateKind as K;
    &[
        (
            K::Reject,
            "Nội dung phản ánh không thuộc phạm vi tiếp nhận của hệ thống. Đề nghị ông/bà liên hệ cơ quan có thẩm quyền để được hướng dẫn.",
            "The report is outside what this system handles. Please contact the competent authority for guidance.",
        ),
        (
            K::Reject,
            "Nội dung phản ánh chưa đủ thông tin để xác minh (thiếu địa điểm hoặc hình ảnh). Đề nghị ông/bà bổ sung và gửi lại.",
            "The report lacks the information needed to check it (place or photos). Please add it and send it again.",
        ),
        (
            K::Reject,
            "Nội dung phản ánh có lời lẽ không phù hợp hoặc mang tính quảng cáo.",
            "The report contains improper language or advertising.",
        ),
        (
            K::Return,
            "Nội dung phản ánh không thuộc thẩm quyền giải quyết của đơn vị. Đề nghị Trung tâm chuyển đơn vị có thẩm quyền.",
            "The report is not within this agency's competence. Please pass it to the competent agency.",
        ),
        (
            K::SendBack,
            "Kết quả xử lý chưa đầy đủ. Đề nghị đơn vị bổ sung hình ảnh sau khi khắc phục.",
            "The result is incomplete. Please add photos taken after the repair.",
        ),
        (
            K::Result,
            "Đơn vị đã kiểm tra hiện trường và khắc phục xong sự việc. Cảm ơn ông/bà đã phản ánh.",
            "The agency inspected the site and fixed the problem. Thank you for your report.",
        ),
        (
            K::Refuse,
            "Thời hạn xử lý hiện tại là phù hợp với tính chất sự việc; đề nghị đơn vị khẩn trương hoàn thành.",
            "The current deadline suits the matter; please complete it promptly.",
        ),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geo::{Geometry, Point};

    fn by_code(all: &[AreaSeed], code: &str) -> AreaSeed {
        all.iter().find(|a| a.code == code).cloned().unwrap()
    }

    fn geometry(a: &AreaSeed) -> Geometry {
        Geometry::from_geojson(&a.geojson())
            .unwrap_or_else(|e| panic!("{} does not parse: {e:?}", a.code))
    }

    /// Ray casting over all rings, independent of the domain module.
    fn inside(polys: &[Vec<LngLat>], (x, y): LngLat) -> bool {
        polys.iter().any(|r| {
            let mut c = false;
            for w in r.windows(2) {
                let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                    c = !c;
                }
            }
            c
        })
    }

    /// Do two segments cross in their interiors (touching at shared vertices is fine)?
    fn proper_cross(a: LngLat, b: LngLat, c: LngLat, d: LngLat) -> bool {
        let o =
            |p: LngLat, q: LngLat, r: LngLat| (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        let (d1, d2, d3, d4) = (o(c, d, a), o(c, d, b), o(a, b, c), o(a, b, d));
        d1 * d2 < -1e-18 && d3 * d4 < -1e-18
    }

    fn grid(bbox: (f64, f64, f64, f64), n: usize) -> impl Iterator<Item = LngLat> {
        let (min_lat, min_lng, max_lat, max_lng) = bbox;
        (0..n).flat_map(move |i| {
            (0..n).map(move |j| {
                (
                    min_lng + (max_lng - min_lng) * (j as f64 + 0.5) / n as f64,
                    min_lat + (max_lat - min_lat) * (i as f64 + 0.5) / n as f64,
                )
            })
        })
    }

    #[test]
    fn codes_are_unique_and_parents_come_first() {
        let all = areas();
        let mut seen = std::collections::HashSet::new();
        for a in &all {
            if let Some(p) = a.parent {
                assert!(seen.contains(p), "{} listed before its parent {p}", a.code);
            }
            assert!(seen.insert(a.code), "duplicate {}", a.code);
        }
        assert_eq!(all.iter().filter(|a| a.kind == "district").count(), 10);
        assert_eq!(all.iter().filter(|a| a.kind == "province").count(), 1);
    }

    #[test]
    fn every_boundary_parses_and_has_a_sensible_size() {
        for a in areas() {
            let g = geometry(&a);
            let bb = g.bbox().unwrap();
            let (min_lat, min_lng, max_lat, max_lng) = a.bbox();
            assert!((bb.min_lat - min_lat).abs() < 1e-9 && (bb.max_lng - max_lng).abs() < 1e-9);
            assert!(min_lat > 16.1 && max_lat < 17.2 && min_lng > 106.4 && max_lng < 107.5);
            if a.kind == "district" {
                for r in &a.polygons {
                    let vertices = r.len() - 1;
                    assert!(
                        (8..=30).contains(&vertices),
                        "{} has {vertices} vertices",
                        a.code
                    );
                    assert!(signed_area2(r) > 0.0);
                }
            }
        }
    }

    #[test]
    fn district_borders_never_cross() {
        let all = areas();
        let edges: Vec<(&str, LngLat, LngLat)> = all
            .iter()
            .filter(|a| a.kind == "district")
            .flat_map(|a| {
                a.polygons
                    .iter()
                    .flat_map(move |r| r.windows(2).map(move |w| (a.code, w[0], w[1])))
            })
            .collect();
        for (i, e) in edges.iter().enumerate() {
            for f in &edges[i + 1..] {
                assert!(!proper_cross(e.1, e.2, f.1, f.2), "{} crosses {}", e.0, f.0);
            }
        }
    }

    #[test]
    fn districts_tile_the_province_without_overlap() {
        let all = areas();
        let province = by_code(&all, PROVINCE_CODE);
        let pg = geometry(&province);
        let districts: Vec<(AreaSeed, Geometry)> = all
            .iter()
            .filter(|a| a.kind == "district")
            .map(|a| (a.clone(), geometry(a)))
            .collect();
        let mut in_province = 0;
        for p in grid(province.bbox(), 140) {
            let pt = Point { lat: p.1, lng: p.0 };
            let hits: Vec<&str> = districts
                .iter()
                .filter(|(_, g)| g.contains(pt))
                .map(|(a, _)| a.code)
                .collect();
            assert!(hits.len() <= 1, "{p:?} lies in {hits:?}");
            // The domain geometry and the independent ray casting agree.
            for (a, g) in &districts {
                assert_eq!(
                    g.contains(pt),
                    inside(&a.polygons, p),
                    "{} at {p:?}",
                    a.code
                );
            }
            if pg.contains(pt) {
                in_province += 1;
                assert_eq!(hits.len(), 1, "{p:?} is in the province but in no district");
            } else {
                assert!(
                    hits.is_empty(),
                    "{p:?} is in {hits:?} but not in the province"
                );
            }
        }
        assert!(in_province > 5000);
    }

    #[test]
    fn landmarks_fall_in_their_districts() {
        let all = areas();
        let check = |code: &str, lng: f64, lat: f64| {
            let g = geometry(&by_code(&all, code));
            assert!(
                g.contains(Point { lat, lng }),
                "{code} should hold ({lat}, {lng})"
            );
        };
        check("QT-DONGHA", 107.10, 16.816);
        check("QT-QUANGTRI", 107.19, 16.75);
        check("QT-VINHLINH", 107.005, 17.06);
        check("QT-GIOLINH", 107.065, 16.92);
        check("QT-CAMLO", 106.995, 16.80);
        check("QT-TRIEUPHONG", 107.17, 16.79);
        check("QT-HAILANG", 107.24, 16.69);
        check("QT-HUONGHOA", 106.73, 16.625);
        check("QT-HUONGHOA", 106.605, 16.625);
        check("QT-DAKRONG", 106.86, 16.68);
        check("QT-CONCO", 107.338, 17.162);
    }

    #[test]
    fn communes_lie_in_their_districts_and_do_not_overlap() {
        let all = areas();
        let communes: Vec<&AreaSeed> = all.iter().filter(|a| a.kind == "commune").collect();
        assert!(communes.len() >= 10);
        for c in &communes {
            let parent = by_code(&all, c.parent.unwrap());
            assert_eq!(parent.kind, "district");
            let pg = geometry(&parent);
            for &(lng, lat) in c.polygons.iter().flatten() {
                assert!(
                    pg.contains(Point { lat, lng }),
                    "{} vertex outside {}",
                    c.code,
                    parent.code
                );
            }
            for p in grid(c.bbox(), 20) {
                if inside(&c.polygons, p) {
                    assert!(
                        pg.contains(Point { lat: p.1, lng: p.0 }),
                        "{} leaves {}",
                        c.code,
                        parent.code
                    );
                    let others: Vec<&str> = communes
                        .iter()
                        .filter(|o| o.code != c.code && inside(&o.polygons, p))
                        .map(|o| o.code)
                        .collect();
                    assert!(others.is_empty(), "{} overlaps {others:?}", c.code);
                }
            }
        }
    }

    #[test]
    fn reference_data_is_consistent() {
        let all = areas();
        let area_codes: Vec<&str> = all.iter().map(|a| a.code).collect();
        for a in AGENCIES {
            assert!(area_codes.contains(&a.area.unwrap()), "{}", a.code);
            assert!(a.phone.unwrap().starts_with("0233 "));
        }
        for d in all.iter().filter(|a| a.kind == "district") {
            assert!(
                district_committee(d.code).is_some(),
                "no UBND for {}",
                d.code
            );
            assert!(DISTRICT_TEXTS.iter().any(|t| t.code == d.code));
        }
        for r in ROUTING_RULES {
            assert!(AGENCIES.iter().any(|a| a.code == r.agency));
            if let Some(c) = r.category {
                assert!(CATEGORIES.iter().any(|k| k.code == c));
            }
            if let Some(a) = r.area {
                assert!(area_codes.contains(&a));
            }
        }
        for c in CATEGORIES {
            let t = CATEGORY_TEXTS
                .iter()
                .find(|t| t.code == c.code)
                .expect(c.code);
            assert!(!t.issues.is_empty());
            assert!(c.urgent_days < c.default_days);
            assert!(c.color.len() == 7 && c.color.starts_with('#'));
        }
        assert_eq!(CATEGORY_TEXTS.len(), CATEGORIES.len());
    }
}
