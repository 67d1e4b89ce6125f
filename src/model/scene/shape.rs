//! Closed shapes every data kind draws alike (a piece of glass, a region of slower water, a
//! body in the air): an [`Outline`] of corners or of the shared curves, its ring of points,
//! what is inside it, and its checks (closed, not crossing itself, in the plane z = 0).

use super::curve::{self, Curve, REACH_M};
use crate::problems::{Problems, num};
use serde::{Deserialize, Serialize};

pub type P2 = [f64; 2];

/// A closed edge: not crossing itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Outline {
    /// Corners in order; the last joins the first.
    Polygon(Vec<P2>),
    /// Curves end to end, the last ending where the first starts (a lens: two arcs).
    Curves(Vec<Curve>),
}

impl Outline {
    /// The edge as a closed ring of points (the curves sampled within
    /// [`curve::TOLERANCE_M`]; the last point joins the first).
    pub fn ring(&self) -> Vec<P2> {
        match self {
            Outline::Polygon(c) => c.clone(),
            Outline::Curves(cs) => cs
                .iter()
                .flat_map(|c| {
                    let mut v: Vec<P2> = c.sample().iter().map(|q| [q[0], q[1]]).collect();
                    v.pop();
                    v
                })
                .collect(),
        }
    }
}

/// Whether `q` is inside the closed ring of points (even–odd).
pub fn inside(q: P2, ring: &[P2]) -> bool {
    let n = ring.len();
    (0..n)
        .filter(|&i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            (a[1] > q[1]) != (b[1] > q[1])
                && q[0] < a[0] + (q[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
        })
        .count()
        % 2
        == 1
}

fn side(a: P2, b: P2, c: P2) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Whether the stretches a–b and c–d cross or touch.
pub fn stretches_meet(a: P2, b: P2, c: P2, d: P2) -> bool {
    side(a, b, c) * side(a, b, d) <= 0.0 && side(c, d, a) * side(c, d, b) <= 0.0
}

/// Two stretches of the closed ring that are not neighbours and cross or touch: their starts.
pub fn ring_crossing(ring: &[P2]) -> Option<(P2, P2)> {
    let n = ring.len();
    let seg = |i: usize| (ring[i], ring[(i + 1) % n]);
    for i in 0..n {
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue;
            }
            let ((a, b), (c, d)) = (seg(i), seg(j));
            if stretches_meet(a, b, c, d) {
                return Some((a, c));
            }
        }
    }
    None
}

/// Whether two closed rings overlap: an edge of one crosses the other's, or one holds the
/// other.
pub fn rings_overlap(r1: &[P2], r2: &[P2]) -> bool {
    if r1.len() < 3 || r2.len() < 3 {
        return false;
    }
    let crossing = (0..r1.len()).any(|a| {
        let (p0, p1) = (r1[a], r1[(a + 1) % r1.len()]);
        (0..r2.len()).any(|b| stretches_meet(p0, p1, r2[b], r2[(b + 1) % r2.len()]))
    });
    crossing || inside(r1[0], r2) || inside(r2[0], r1)
}

/// A scene drawn in the plane z = 0: a curve's z must be 0 (not silently flattened). `kind`
/// names the scene in the message (`an optics scene`).
pub fn in_plane(c: &Curve, cp: &str, kind: &str, p: &mut Problems) {
    let zs: Vec<f64> = match c {
        Curve::Line { from_m, to_m } | Curve::Cycloid { from_m, to_m } => vec![from_m[2], to_m[2]],
        Curve::Arc { center_m, .. } | Curve::Ellipse { center_m, .. } => vec![center_m[2]],
        Curve::Parabola { vertex_m, .. } => vec![vertex_m[2]],
        Curve::Points(ps) => ps.iter().map(|q| q[2]).collect(),
    };
    if zs.iter().any(|z| *z != 0.0) {
        p.push_named(
            cp,
            format!("{kind} lies in the plane z = 0: give every point's z as 0"),
        );
    }
}

/// An outline's checks at `op`: 3 to 64 corners within reach, or 1 to 16 curves in the plane,
/// each valid, each starting where the one before ends; and not crossing itself. `what` names
/// it in the messages (`a piece of glass`), `kind` the scene (`an optics scene`).
pub fn check_outline(o: &Outline, op: &str, what: &str, kind: &str, p: &mut Problems) {
    let before = p.items.len();
    match o {
        Outline::Polygon(c) => {
            if c.len() < 3 || c.len() > 64 {
                p.push_named(op, format!("{} corners: {what} has 3 to 64", c.len()));
            }
            for (i, q) in c.iter().enumerate() {
                for (k, x) in q.iter().enumerate() {
                    if x.is_nan() || x.abs() > REACH_M {
                        p.push_named(
                            format!("{op}[{i}][{k}]"),
                            format!(
                                "the `Polygon`'s corner is at {} m: corners are within {REACH_M} m of the origin",
                                num(*x)
                            ),
                        );
                    }
                }
            }
        }
        Outline::Curves(cs) => {
            if cs.is_empty() || cs.len() > 16 {
                p.push_named(op, format!("{} curves: an outline has 1 to 16", cs.len()));
            }
            for (i, c) in cs.iter().enumerate() {
                let cp = format!("{op}[{i}]");
                in_plane(c, &cp, kind, p);
                curve::check(c, &cp, p);
            }
            if p.items.len() == before {
                for (i, c) in cs.iter().enumerate() {
                    let next = &cs[(i + 1) % cs.len()];
                    let (e, s) = (c.end(), next.start());
                    if (e[0] - s[0]).hypot(e[1] - s[1]) > 1e-6 {
                        p.push_named(
                            format!("{op}[{i}]"),
                            format!(
                                "ends at ({}, {}) but the next curve starts at ({}, {}): an outline is closed, each curve starting where the one before ends",
                                num(e[0]), num(e[1]), num(s[0]), num(s[1])
                            ),
                        );
                        break;
                    }
                }
            }
        }
    }
    if p.items.len() > before {
        return;
    }
    if let Some((a, b)) = ring_crossing(&o.ring()) {
        let q = |k: P2| k.map(|x| (x * 1000.0).round() / 1000.0);
        let which = match o {
            Outline::Polygon(_) => "the `Polygon`",
            Outline::Curves(_) => "the outline",
        };
        p.push_named(
            op,
            format!(
                "{which} crosses itself (near {:?} and {:?} m): {what}'s edge goes round it once",
                q(a),
                q(b)
            ),
        );
    }
}
