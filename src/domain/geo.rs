//! Plane geometry on WGS84 degrees, just enough to put a report in its commune and district.
//!
//! Areas are small (a province at most), so treating lng/lat as plane coordinates is exact
//! enough for point-in-polygon and far simpler than PostGIS, which PAHT does not require.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A place, in degrees (WGS84).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lng: f64,
}

/// A map window or an area's extent; used as a cheap pre-filter before exact tests.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lat: f64,
    pub min_lng: f64,
    pub max_lat: f64,
    pub max_lng: f64,
}

impl BBox {
    /// Edges are inside, so a point on a shared border is found by both neighbours' pre-filters.
    pub fn contains(&self, p: Point) -> bool {
        self.min_lat <= p.lat
            && p.lat <= self.max_lat
            && self.min_lng <= p.lng
            && p.lng <= self.max_lng
    }

    /// Finite, min <= max, latitudes within ±90 and longitudes within ±180.
    pub fn is_valid(&self) -> bool {
        let lat_ok = |v: f64| v.is_finite() && (-90.0..=90.0).contains(&v);
        let lng_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
        lat_ok(self.min_lat)
            && lat_ok(self.max_lat)
            && lng_ok(self.min_lng)
            && lng_ok(self.max_lng)
            && self.min_lat <= self.max_lat
            && self.min_lng <= self.max_lng
    }

    /// Parses "min_lng,min_lat,max_lng,max_lat", the order of Leaflet's `toBBoxString` and
    /// Open311.
    ///
    /// A zoomed-out or panned Leaflet map reports longitudes beyond ±180, so the box is
    /// clamped to the world before validating; inverted or non-numeric boxes are refused.
    pub fn parse(s: &str) -> Option<BBox> {
        let mut nums = s.split(',').map(|part| part.trim().parse::<f64>());
        let (Some(Ok(min_lng)), Some(Ok(min_lat)), Some(Ok(max_lng)), Some(Ok(max_lat)), None) = (
            nums.next(),
            nums.next(),
            nums.next(),
            nums.next(),
            nums.next(),
        ) else {
            return None;
        };
        let raw = BBox {
            min_lat,
            min_lng,
            max_lat,
            max_lng,
        };
        if ![min_lat, min_lng, max_lat, max_lng]
            .iter()
            .all(|v| v.is_finite())
        {
            return None;
        }
        let clamped = raw.clamp_to_world();
        clamped.is_valid().then_some(clamped)
    }

    /// Same order as [`BBox::parse`]; five decimals (about a metre) keep URLs short and stable.
    pub fn to_param(&self) -> String {
        format!(
            "{:.5},{:.5},{:.5},{:.5}",
            self.min_lng, self.min_lat, self.max_lng, self.max_lat
        )
    }

    /// Cuts the box to latitudes ±90 and longitudes ±180 (NaN stays NaN and stays invalid).
    pub fn clamp_to_world(self) -> BBox {
        BBox {
            min_lat: self.min_lat.clamp(-90.0, 90.0),
            min_lng: self.min_lng.clamp(-180.0, 180.0),
            max_lat: self.max_lat.clamp(-90.0, 90.0),
            max_lng: self.max_lng.clamp(-180.0, 180.0),
        }
    }
}

/// GeoJSON-order rings ([lng, lat]); first ring outer, the rest holes.
#[derive(Clone, Debug, PartialEq)]
pub struct Polygon {
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// An area's shape: one polygon or several (islands, exclaves), as GeoJSON allows.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub polygons: Vec<Polygon>,
}

/// Why an uploaded boundary file was refused; the message is shown to the admin importing it.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum GeoError {
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("unsupported GeoJSON: {0}")]
    UnsupportedType(String),
    #[error("invalid ring: {0}")]
    InvalidRing(String),
}

/// Where a point lies relative to a ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Inside,
    Boundary,
    Outside,
}

/// Distance (in degrees, ~0.1 mm) under which a point counts as lying on an edge, so that
/// points snapped to a border, or read back from decimal text, are not lost between areas.
const EDGE_TOLERANCE: f64 = 1e-9;

fn on_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> bool {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = dx.hypot(dy);
    if len == 0.0 {
        return (p[0] - a[0]).hypot(p[1] - a[1]) <= EDGE_TOLERANCE;
    }
    let cross = dx * (p[1] - a[1]) - dy * (p[0] - a[0]);
    if cross.abs() > EDGE_TOLERANCE * len {
        return false;
    }
    let within = |v: f64, lo: f64, hi: f64| {
        v >= lo.min(hi) - EDGE_TOLERANCE && v <= lo.max(hi) + EDGE_TOLERANCE
    };
    within(p[0], a[0], b[0]) && within(p[1], a[1], b[1])
}

/// Ray casting (even-odd), with an explicit boundary check first because the crossing
/// test alone is arbitrary for points exactly on an edge.
fn classify(ring: &[[f64; 2]], p: [f64; 2]) -> Side {
    let n = ring.len();
    if n == 0 {
        return Side::Outside;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if on_segment(p, a, b) {
            return Side::Boundary;
        }
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0];
            if p[0] < x {
                inside = !inside;
            }
        }
        j = i;
    }
    if inside {
        Side::Inside
    } else {
        Side::Outside
    }
}

impl Polygon {
    fn contains(&self, p: [f64; 2]) -> bool {
        let Some((outer, holes)) = self.rings.split_first() else {
            return false;
        };
        match classify(outer, p) {
            Side::Outside => false,
            Side::Boundary => true,
            // A point on a hole's edge is on the polygon's boundary, hence inside.
            Side::Inside => holes.iter().all(|h| classify(h, p) != Side::Inside),
        }
    }
}

/// Signed area and area-weighted centroid (relative to `origin`, for precision) of one ring.
fn ring_moments(ring: &[[f64; 2]], origin: [f64; 2]) -> (f64, f64, f64) {
    let (mut a2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let (x0, y0) = (w[0][0] - origin[0], w[0][1] - origin[1]);
        let (x1, y1) = (w[1][0] - origin[0], w[1][1] - origin[1]);
        let cross = x0 * y1 - x1 * y0;
        a2 += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a2 / 2.0, cx / 6.0, cy / 6.0)
}

fn type_of(v: &Value) -> Result<&str, GeoError> {
    v.get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| GeoError::UnsupportedType("object without a \"type\"".into()))
}

fn coordinates(v: &Value) -> Result<&Vec<Value>, GeoError> {
    v.get("coordinates")
        .and_then(Value::as_array)
        .ok_or_else(|| GeoError::InvalidRing("\"coordinates\" must be an array".into()))
}

fn parse_position(v: &Value) -> Result<[f64; 2], GeoError> {
    let arr = v
        .as_array()
        .filter(|a| a.len() >= 2)
        .ok_or_else(|| GeoError::InvalidRing(format!("position {v} is not [lng, lat]")))?;
    let lng = arr[0].as_f64();
    let lat = arr[1].as_f64();
    match (lng, lat) {
        (Some(lng), Some(lat))
            if lng.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(&lng)
                && (-90.0..=90.0).contains(&lat) =>
        {
            Ok([lng, lat])
        }
        // Out-of-range values usually mean [lat, lng] order, a common export mistake.
        _ => Err(GeoError::InvalidRing(format!(
            "position {v} is not a finite [lng, lat] within ±180, ±90"
        ))),
    }
}

fn parse_ring(v: &Value) -> Result<Vec<[f64; 2]>, GeoError> {
    let arr = v
        .as_array()
        .ok_or_else(|| GeoError::InvalidRing("a ring must be an array of positions".into()))?;
    let ring = arr
        .iter()
        .map(parse_position)
        .collect::<Result<Vec<_>, _>>()?;
    if ring.len() < 4 {
        return Err(GeoError::InvalidRing(format!(
            "a ring needs at least 4 positions, found {}",
            ring.len()
        )));
    }
    if ring.first() != ring.last() {
        return Err(GeoError::InvalidRing(
            "a ring must be closed (first position = last position)".into(),
        ));
    }
    Ok(ring)
}

fn parse_polygon(v: &Value) -> Result<Polygon, GeoError> {
    let arr = v
        .as_array()
        .ok_or_else(|| GeoError::InvalidRing("a polygon must be an array of rings".into()))?;
    parse_rings(arr)
}

fn parse_rings(arr: &[Value]) -> Result<Polygon, GeoError> {
    if arr.is_empty() {
        return Err(GeoError::InvalidRing(
            "a polygon needs an outer ring".into(),
        ));
    }
    let rings = arr.iter().map(parse_ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon { rings })
}

fn parse_geometry(v: &Value) -> Result<Geometry, GeoError> {
    match type_of(v)? {
        "Polygon" => Ok(Geometry {
            polygons: vec![parse_rings(coordinates(v)?)?],
        }),
        "MultiPolygon" => {
            let polys = coordinates(v)?;
            if polys.is_empty() {
                return Err(GeoError::InvalidRing(
                    "a MultiPolygon without polygons".into(),
                ));
            }
            let polygons = polys
                .iter()
                .map(parse_polygon)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Geometry { polygons })
        }
        other => Err(GeoError::UnsupportedType(format!(
            "{other} (expected Polygon or MultiPolygon)"
        ))),
    }
}

fn parse_feature(v: &Value) -> Result<Geometry, GeoError> {
    match v.get("geometry") {
        Some(g) if g.is_object() => parse_geometry(g),
        _ => Err(GeoError::UnsupportedType(
            "Feature without a geometry".into(),
        )),
    }
}

impl Geometry {
    /// Accepts what boundary exports usually contain: a Polygon or MultiPolygon geometry, a
    /// Feature, or a FeatureCollection with exactly one feature (one file per area keeps the
    /// import unambiguous). Rings must have at least 4 closed, finite [lng, lat] positions.
    pub fn from_geojson(s: &str) -> Result<Geometry, GeoError> {
        let v: Value = serde_json::from_str(s).map_err(|e| GeoError::Json(e.to_string()))?;
        match type_of(&v)? {
            "Feature" => parse_feature(&v),
            "FeatureCollection" => {
                let features = v.get("features").and_then(Value::as_array).ok_or_else(|| {
                    GeoError::UnsupportedType("FeatureCollection without \"features\"".into())
                })?;
                match features.as_slice() {
                    [one] if type_of(one)? == "Feature" => parse_feature(one),
                    [_] => Err(GeoError::UnsupportedType(
                        "FeatureCollection member is not a Feature".into(),
                    )),
                    many => Err(GeoError::UnsupportedType(format!(
                        "FeatureCollection with {} features (expected exactly one)",
                        many.len()
                    ))),
                }
            }
            _ => parse_geometry(&v),
        }
    }

    /// A Polygon when there is one polygon, else a MultiPolygon; what the map layer and
    /// the database column store.
    pub fn to_geojson(&self) -> String {
        let polygon = |p: &Polygon| json!(p.rings);
        let value = match self.polygons.as_slice() {
            [one] => json!({ "type": "Polygon", "coordinates": polygon(one) }),
            many => json!({
                "type": "MultiPolygon",
                "coordinates": many.iter().map(polygon).collect::<Vec<_>>(),
            }),
        };
        value.to_string()
    }

    /// The extent of all positions, stored next to the shape for the bbox index.
    pub fn bbox(&self) -> Option<BBox> {
        let mut points = self
            .polygons
            .iter()
            .flat_map(|p| p.rings.iter())
            .flat_map(|r| r.iter());
        let first = points.next()?;
        let init = BBox {
            min_lat: first[1],
            min_lng: first[0],
            max_lat: first[1],
            max_lng: first[0],
        };
        Some(points.fold(init, |b, p| BBox {
            min_lat: b.min_lat.min(p[1]),
            min_lng: b.min_lng.min(p[0]),
            max_lat: b.max_lat.max(p[1]),
            max_lng: b.max_lng.max(p[0]),
        }))
    }

    /// Inside any polygon, not inside its holes; points on an edge count as inside, so a
    /// report placed exactly on a border still gets an area.
    pub fn contains(&self, p: Point) -> bool {
        let xy = [p.lng, p.lat];
        self.polygons.iter().any(|poly| poly.contains(xy))
    }

    /// Area-weighted centre (holes subtracted), for centring the map and placing labels.
    /// It may fall outside a concave shape; use [`Geometry::contains`] for membership.
    /// Degenerate (zero-area) shapes fall back to the mean of their outer vertices.
    pub fn centroid(&self) -> Option<Point> {
        let origin = *self.polygons.first()?.rings.first()?.first()?;
        let (mut area, mut mx, mut my) = (0.0, 0.0, 0.0);
        for poly in &self.polygons {
            for (i, ring) in poly.rings.iter().enumerate() {
                let (a, cx, cy) = ring_moments(ring, origin);
                // Normalise orientation: outer rings add, holes subtract, whatever the winding.
                let sign = if (i == 0) == (a >= 0.0) { 1.0 } else { -1.0 };
                area += sign * a;
                mx += sign * cx;
                my += sign * cy;
            }
        }
        if area.abs() > f64::EPSILON * 1e3 && area.is_finite() {
            return Some(Point {
                lng: origin[0] + mx / area,
                lat: origin[1] + my / area,
            });
        }
        let vertices: Vec<[f64; 2]> = self
            .polygons
            .iter()
            .filter_map(|p| p.rings.first())
            .flat_map(|r| match r.split_last() {
                // Skip the closing position, which repeats the first.
                Some((last, rest)) if rest.first() == Some(last) => rest,
                _ => r.as_slice(),
            })
            .copied()
            .collect();
        if vertices.is_empty() {
            return None;
        }
        let n = vertices.len() as f64;
        let (sx, sy) = vertices
            .iter()
            .fold((0.0, 0.0), |(sx, sy), v| (sx + v[0], sy + v[1]));
        Some(Point {
            lng: sx / n,
            lat: sy / n,
        })
    }
}

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres (haversine): exact enough for "within 200 m".
pub fn distance_m(a: Point, b: Point) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lb - la;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// The box around `p` that holds every point within `metres` of it (a pre-filter for an
/// index on latitude and longitude; the exact distance decides).
pub fn box_around(p: Point, metres: f64) -> BBox {
    let dlat = (metres / EARTH_RADIUS_M).to_degrees();
    let dlng = dlat / p.lat.to_radians().cos().abs().max(1e-6);
    BBox {
        min_lat: p.lat - dlat,
        min_lng: p.lng - dlng,
        max_lat: p.lat + dlat,
        max_lng: p.lng + dlng,
    }
}

/// An area as loaded for locating: its id, stored bbox and shape.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaShape {
    pub id: i64,
    pub bbox: BBox,
    pub geometry: Geometry,
}

/// The first area whose bbox and polygon contain the point (callers pass candidates already filtered by bbox index).
///
/// The bbox is checked again because it is nearly free and lets callers pass a wider list;
/// "first" lets callers order candidates (e.g. most specific first) to settle border ties.
pub fn locate(point: Point, candidates: &[AreaShape]) -> Option<i64> {
    candidates
        .iter()
        .find(|a| a.bbox.contains(point) && a.geometry.contains(point))
        .map(|a| a.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(lng: f64, lat: f64) -> Point {
        Point { lat, lng }
    }

    #[test]
    fn distances_and_the_box_around_a_point() {
        // Đông Hà: 0.001° of latitude is about 111 m.
        let a = pt(107.1, 16.8);
        let d = distance_m(a, pt(107.1, 16.801));
        assert!((d - 111.2).abs() < 0.5, "{d}");
        assert_eq!(distance_m(a, a), 0.0);
        let b = box_around(a, 200.0);
        for p in [
            pt(107.1, 16.8018),
            pt(107.10187, 16.8),
            pt(107.0982, 16.7983),
        ] {
            if distance_m(a, p) <= 200.0 {
                assert!(b.contains(p), "{p:?}");
            }
        }
        assert!(!b.contains(pt(107.1, 16.8019)));
    }

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
        vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    }

    /// A 10×10 square at (100, 10) with a 2×2 hole in the middle.
    fn holed() -> Geometry {
        Geometry {
            polygons: vec![Polygon {
                rings: vec![
                    square(100.0, 10.0, 110.0, 20.0),
                    square(104.0, 14.0, 106.0, 16.0),
                ],
            }],
        }
    }

    #[test]
    fn bbox_contains_is_inclusive() {
        let b = BBox {
            min_lat: 16.0,
            min_lng: 107.0,
            max_lat: 17.0,
            max_lng: 108.0,
        };
        assert!(b.contains(pt(107.5, 16.5)));
        assert!(b.contains(pt(107.0, 16.0)));
        assert!(b.contains(pt(108.0, 17.0)));
        assert!(!b.contains(pt(108.0001, 16.5)));
        assert!(!b.contains(pt(107.5, 15.9999)));
        assert!(!b.contains(pt(f64::NAN, 16.5)));
    }

    #[test]
    fn bbox_validity() {
        let ok = BBox {
            min_lat: -90.0,
            min_lng: -180.0,
            max_lat: 90.0,
            max_lng: 180.0,
        };
        assert!(ok.is_valid());
        assert!(
            BBox {
                min_lat: 1.0,
                max_lat: 1.0,
                ..ok
            }
            .is_valid(),
            "a degenerate box is a point"
        );
        assert!(!BBox {
            min_lat: 2.0,
            max_lat: 1.0,
            ..ok
        }
        .is_valid());
        assert!(!BBox {
            min_lng: 2.0,
            max_lng: 1.0,
            ..ok
        }
        .is_valid());
        assert!(!BBox {
            max_lat: 90.1,
            ..ok
        }
        .is_valid());
        assert!(!BBox {
            min_lng: -180.1,
            ..ok
        }
        .is_valid());
        assert!(!BBox {
            min_lat: f64::NAN,
            ..ok
        }
        .is_valid());
        assert!(!BBox {
            max_lng: f64::INFINITY,
            ..ok
        }
        .is_valid());
    }

    #[test]
    fn bbox_parse_and_param_round_trip() {
        let b = BBox::parse("107.1,16.2,107.9,16.8").unwrap();
        assert_eq!(
            b,
            BBox {
                min_lat: 16.2,
                min_lng: 107.1,
                max_lat: 16.8,
                max_lng: 107.9
            }
        );
        assert_eq!(b.to_param(), "107.10000,16.20000,107.90000,16.80000");
        assert_eq!(BBox::parse(&b.to_param()), Some(b));
        assert_eq!(BBox::parse(" 107.1 , 16.2 ,107.9, 16.8 "), Some(b));
        assert_eq!(
            BBox::parse("-200,-95,540,100"),
            Some(BBox {
                min_lat: -90.0,
                min_lng: -180.0,
                max_lat: 90.0,
                max_lng: 180.0
            }),
            "Leaflet's wrapped world is clamped"
        );
        for bad in [
            "",
            "1,2,3",
            "1,2,3,4,5",
            "a,2,3,4",
            "1,2,3,",
            "107.9,16.2,107.1,16.8",
            "107.1,16.8,107.9,16.2",
            "NaN,1,2,3",
            "inf,1,2,3",
            "1;2;3;4",
        ] {
            assert_eq!(BBox::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clamp_to_world() {
        let b = BBox {
            min_lat: -100.0,
            min_lng: -190.0,
            max_lat: 95.0,
            max_lng: 200.0,
        }
        .clamp_to_world();
        assert!(b.is_valid());
        assert_eq!(b.min_lng, -180.0);
        assert_eq!(b.max_lat, 90.0);
        let nan = BBox {
            min_lat: f64::NAN,
            ..b
        };
        assert!(!nan.clamp_to_world().is_valid());
    }

    #[test]
    fn contains_inside_outside_hole_and_boundaries() {
        let g = holed();
        assert!(g.contains(pt(101.0, 11.0)));
        assert!(g.contains(pt(109.9, 19.9)));
        assert!(!g.contains(pt(105.0, 15.0)), "inside the hole");
        assert!(!g.contains(pt(99.9, 15.0)));
        assert!(!g.contains(pt(105.0, 20.1)));
        // Boundaries: outer edges, outer corners, hole edges.
        assert!(g.contains(pt(100.0, 15.0)));
        assert!(g.contains(pt(110.0, 15.0)));
        assert!(g.contains(pt(105.0, 10.0)));
        assert!(g.contains(pt(105.0, 20.0)));
        assert!(g.contains(pt(100.0, 10.0)));
        assert!(g.contains(pt(110.0, 20.0)));
        assert!(g.contains(pt(104.0, 15.0)));
        assert!(g.contains(pt(105.0, 16.0)));
        assert!(g.contains(pt(106.0, 14.0)));
        // Tiny tolerance only.
        assert!(g.contains(pt(100.0 - 1e-12, 15.0)));
        assert!(!g.contains(pt(100.0 - 1e-6, 15.0)));
        assert!(!g.contains(pt(f64::NAN, 15.0)));
    }

    #[test]
    fn contains_concave_and_ray_through_vertex() {
        // A "U" shape: the notch (between x 102..104, y 12..20) is outside.
        let u = Geometry {
            polygons: vec![Polygon {
                rings: vec![vec![
                    [100.0, 10.0],
                    [106.0, 10.0],
                    [106.0, 20.0],
                    [104.0, 20.0],
                    [104.0, 12.0],
                    [102.0, 12.0],
                    [102.0, 20.0],
                    [100.0, 20.0],
                    [100.0, 10.0],
                ]],
            }],
        };
        assert!(u.contains(pt(101.0, 15.0)));
        assert!(u.contains(pt(105.0, 15.0)));
        assert!(!u.contains(pt(103.0, 15.0)));
        assert!(u.contains(pt(103.0, 11.0)));
        // The horizontal ray from y = 12 passes exactly through vertices.
        assert!(u.contains(pt(101.0, 12.0)));
        assert!(!u.contains(pt(99.0, 12.0)));
        assert!(!u.contains(pt(107.0, 12.0)));
        // A diamond: rays through its left and right vertices.
        let diamond = Geometry {
            polygons: vec![Polygon {
                rings: vec![vec![
                    [0.0, -1.0],
                    [1.0, 0.0],
                    [0.0, 1.0],
                    [-1.0, 0.0],
                    [0.0, -1.0],
                ]],
            }],
        };
        assert!(diamond.contains(pt(0.0, 0.0)));
        assert!(!diamond.contains(pt(-2.0, 0.0)));
        assert!(!diamond.contains(pt(2.0, 0.0)));
        assert!(diamond.contains(pt(0.5, 0.5)), "on an edge");
        assert!(!diamond.contains(pt(0.6, 0.6)));
    }

    #[test]
    fn winding_order_does_not_matter() {
        let mut cw = square(0.0, 0.0, 2.0, 2.0);
        cw.reverse();
        let g = Geometry {
            polygons: vec![Polygon { rings: vec![cw] }],
        };
        assert!(g.contains(pt(1.0, 1.0)));
        assert!(!g.contains(pt(3.0, 1.0)));
        let c = g.centroid().unwrap();
        assert!((c.lng - 1.0).abs() < 1e-12 && (c.lat - 1.0).abs() < 1e-12);
    }

    #[test]
    fn multipolygon_contains_any_part() {
        let g = Geometry {
            polygons: vec![
                Polygon {
                    rings: vec![square(0.0, 0.0, 1.0, 1.0)],
                },
                Polygon {
                    rings: vec![square(5.0, 5.0, 6.0, 6.0)],
                },
            ],
        };
        assert!(g.contains(pt(0.5, 0.5)));
        assert!(g.contains(pt(5.5, 5.5)));
        assert!(!g.contains(pt(3.0, 3.0)));
        let empty = Geometry { polygons: vec![] };
        assert!(!empty.contains(pt(0.0, 0.0)));
        let ringless = Geometry {
            polygons: vec![Polygon { rings: vec![] }],
        };
        assert!(!ringless.contains(pt(0.0, 0.0)));
        assert_eq!(ringless.centroid(), None);
        assert_eq!(ringless.bbox(), None);
    }

    #[test]
    fn bbox_of_geometry() {
        assert_eq!(
            holed().bbox(),
            Some(BBox {
                min_lat: 10.0,
                min_lng: 100.0,
                max_lat: 20.0,
                max_lng: 110.0
            })
        );
        let g = Geometry {
            polygons: vec![
                Polygon {
                    rings: vec![square(0.0, 0.0, 1.0, 1.0)],
                },
                Polygon {
                    rings: vec![square(-5.0, 3.0, -4.0, 7.0)],
                },
            ],
        };
        assert_eq!(
            g.bbox(),
            Some(BBox {
                min_lat: 0.0,
                min_lng: -5.0,
                max_lat: 7.0,
                max_lng: 1.0
            })
        );
        assert_eq!(Geometry { polygons: vec![] }.bbox(), None);
    }

    #[test]
    fn centroid_of_shapes() {
        let sq = Geometry {
            polygons: vec![Polygon {
                rings: vec![square(106.0, 16.0, 108.0, 18.0)],
            }],
        };
        let c = sq.centroid().unwrap();
        assert!((c.lng - 107.0).abs() < 1e-9 && (c.lat - 17.0).abs() < 1e-9);
        // Symmetric hole keeps the centre.
        let c = holed().centroid().unwrap();
        assert!((c.lng - 105.0).abs() < 1e-9 && (c.lat - 15.0).abs() < 1e-9);
        // Asymmetric hole pushes it away: square 0..4 with hole 0..2 × 0..4 (left half).
        let g = Geometry {
            polygons: vec![Polygon {
                rings: vec![square(0.0, 0.0, 4.0, 4.0), square(0.0, 0.0, 2.0, 4.0)],
            }],
        };
        let c = g.centroid().unwrap();
        assert!(
            (c.lng - 3.0).abs() < 1e-9 && (c.lat - 2.0).abs() < 1e-9,
            "{c:?}"
        );
        // Two equal squares: centre between them.
        let two = Geometry {
            polygons: vec![
                Polygon {
                    rings: vec![square(0.0, 0.0, 1.0, 1.0)],
                },
                Polygon {
                    rings: vec![square(4.0, 0.0, 5.0, 1.0)],
                },
            ],
        };
        let c = two.centroid().unwrap();
        assert!((c.lng - 2.5).abs() < 1e-9 && (c.lat - 0.5).abs() < 1e-9);
        // Degenerate: all on a line → mean of vertices.
        let line = Geometry {
            polygons: vec![Polygon {
                rings: vec![vec![[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [0.0, 0.0]]],
            }],
        };
        let c = line.centroid().unwrap();
        assert!((c.lng - 2.0).abs() < 1e-9 && c.lat.abs() < 1e-9, "{c:?}");
        assert_eq!(Geometry { polygons: vec![] }.centroid(), None);
    }

    #[test]
    fn parses_polygon_multipolygon_feature_and_collection() {
        let poly = r#"{"type":"Polygon","coordinates":[[[100,10],[110,10],[110,20],[100,20],[100,10]],
            [[104,14],[106,14],[106,16],[104,16],[104,14]]]}"#;
        let g = Geometry::from_geojson(poly).unwrap();
        assert_eq!(g, holed());

        let multi = r#"{"type":"MultiPolygon","coordinates":[
            [[[0,0],[1,0],[1,1],[0,1],[0,0]]],
            [[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}"#;
        assert_eq!(Geometry::from_geojson(multi).unwrap().polygons.len(), 2);

        let feature =
            format!(r#"{{"type":"Feature","properties":{{"name":"Phường 1"}},"geometry":{poly}}}"#);
        assert_eq!(Geometry::from_geojson(&feature).unwrap(), holed());

        let fc = format!(r#"{{"type":"FeatureCollection","features":[{feature}]}}"#);
        assert_eq!(Geometry::from_geojson(&fc).unwrap(), holed());

        // Altitude is ignored.
        let z = r#"{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}"#;
        assert_eq!(
            Geometry::from_geojson(z).unwrap().polygons[0].rings[0],
            vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
        );
    }

    fn err(s: &str) -> GeoError {
        Geometry::from_geojson(s).unwrap_err()
    }

    #[test]
    fn rejects_bad_input_with_the_right_error() {
        assert!(matches!(err("{not json"), GeoError::Json(_)));
        assert!(matches!(err(""), GeoError::Json(_)));
        assert!(matches!(err("[]"), GeoError::UnsupportedType(_)));
        assert!(matches!(err("{}"), GeoError::UnsupportedType(_)));
        assert!(matches!(
            err(r#"{"type":"Point","coordinates":[1,2]}"#),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(r#"{"type":"GeometryCollection","geometries":[]}"#),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(r#"{"type":"Feature","geometry":null}"#),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(r#"{"type":"FeatureCollection","features":[]}"#),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(r#"{"type":"FeatureCollection"}"#),
            GeoError::UnsupportedType(_)
        ));
        let sq = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
        let f = format!(r#"{{"type":"Feature","geometry":{sq}}}"#);
        assert!(matches!(
            err(&format!(
                r#"{{"type":"FeatureCollection","features":[{f},{f}]}}"#
            )),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(&format!(
                r#"{{"type":"FeatureCollection","features":[{sq}]}}"#
            )),
            GeoError::UnsupportedType(_)
        ));
        assert!(matches!(
            err(&format!(r#"{{"type":"Feature","geometry":{f}}}"#)),
            GeoError::UnsupportedType(_)
        ));
        for bad in [
            // Too few positions.
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#,
            // Not closed.
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
            // No rings.
            r#"{"type":"Polygon","coordinates":[]}"#,
            r#"{"type":"Polygon"}"#,
            r#"{"type":"Polygon","coordinates":{}}"#,
            r#"{"type":"MultiPolygon","coordinates":[]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[]]}"#,
            // Wrong nesting.
            r#"{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0]]]}"#,
            r#"{"type":"Polygon","coordinates":[[["0","0"],[1,0],[1,1],["0","0"]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],5]}"#,
            // Lat/lng swapped (lat 107 is impossible).
            r#"{"type":"Polygon","coordinates":[[[16,107],[17,107],[17,108],[16,107]]]}"#,
        ] {
            assert!(
                matches!(err(bad), GeoError::InvalidRing(_)),
                "{bad}: {:?}",
                err(bad)
            );
        }
        assert!(err("{").to_string().starts_with("invalid JSON"));
        // Numbers beyond f64 are refused by the JSON parser itself.
        assert!(Geometry::from_geojson(
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1e999],[0,0]]]}"#
        )
        .is_err());
    }

    #[test]
    fn geojson_round_trip() {
        let g = holed();
        let s = g.to_geojson();
        assert!(s.contains(r#""type":"Polygon""#));
        assert_eq!(Geometry::from_geojson(&s).unwrap(), g);

        let multi = Geometry {
            polygons: vec![
                g.polygons[0].clone(),
                Polygon {
                    rings: vec![square(-1.5, -2.25, 0.125, 3.0)],
                },
            ],
        };
        let s = multi.to_geojson();
        assert!(s.contains(r#""type":"MultiPolygon""#));
        assert_eq!(Geometry::from_geojson(&s).unwrap(), multi);

        let empty: Value =
            serde_json::from_str(&Geometry { polygons: vec![] }.to_geojson()).unwrap();
        assert_eq!(empty, json!({"type": "MultiPolygon", "coordinates": []}));
    }

    #[test]
    fn locate_picks_first_matching_candidate() {
        let a = AreaShape {
            id: 1,
            bbox: BBox {
                min_lat: 0.0,
                min_lng: 0.0,
                max_lat: 1.0,
                max_lng: 1.0,
            },
            geometry: Geometry {
                polygons: vec![Polygon {
                    rings: vec![square(0.0, 0.0, 1.0, 1.0)],
                }],
            },
        };
        let b = AreaShape {
            id: 2,
            bbox: BBox {
                min_lat: 0.0,
                min_lng: 1.0,
                max_lat: 1.0,
                max_lng: 2.0,
            },
            geometry: Geometry {
                polygons: vec![Polygon {
                    rings: vec![square(1.0, 0.0, 2.0, 1.0)],
                }],
            },
        };
        // A triangle whose bbox covers (0.9, 0.9) but whose polygon does not.
        let tri = AreaShape {
            id: 3,
            bbox: BBox {
                min_lat: 0.0,
                min_lng: 0.0,
                max_lat: 1.0,
                max_lng: 1.0,
            },
            geometry: Geometry {
                polygons: vec![Polygon {
                    rings: vec![vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]],
                }],
            },
        };
        let all = [tri.clone(), a.clone(), b.clone()];
        assert_eq!(locate(pt(0.9, 0.9), &all), Some(1));
        assert_eq!(locate(pt(0.1, 0.1), &all), Some(3));
        assert_eq!(locate(pt(1.5, 0.5), &all), Some(2));
        // On the shared border: the first candidate wins.
        assert_eq!(locate(pt(1.0, 0.5), &[a.clone(), b.clone()]), Some(1));
        assert_eq!(locate(pt(1.0, 0.5), &[b.clone(), a.clone()]), Some(2));
        assert_eq!(locate(pt(3.0, 3.0), &all), None);
        assert_eq!(locate(pt(0.5, 0.5), &[]), None);
        // A stale bbox excludes the area even if the polygon would contain the point.
        let stale = AreaShape {
            bbox: BBox {
                min_lat: 5.0,
                min_lng: 5.0,
                max_lat: 6.0,
                max_lng: 6.0,
            },
            ..a
        };
        assert_eq!(locate(pt(0.5, 0.5), &[stale]), None);
    }

    #[test]
    fn point_and_bbox_serde() {
        let p = pt(107.5, 16.5);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"lat":16.5,"lng":107.5}"#);
        assert_eq!(serde_json::from_str::<Point>(&json).unwrap(), p);
        let b = BBox::parse("1,2,3,4").unwrap();
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(serde_json::from_str::<BBox>(&json).unwrap(), b);
    }
}
