//! Curves that tracks follow, in metres: sampled into a polyline whose chords stay within
//! [`TOLERANCE_M`] of the true curve, so a ball runs the track as it would the curve.

use crate::model::{V3, add, dot, norm, scale, sub};
use serde::{Deserialize, Serialize};

mod check;
pub use check::{REACH_M, SIZE_M, check, check_path};

/// Largest distance between the sampled polyline and the curve, m: 0.01 mm (a ball rolls over
/// a kink that size without a bump).
pub const TOLERANCE_M: f64 = 1.0e-5;
/// Most samples of one curve: the budget of a track's collider.
pub const MAX_SAMPLES: usize = 2000;
/// A cycloid's least drop and run, m (the smallest size a shape may have).
pub const MIN_CYCLOID_STEP_M: f64 = 1.0e-3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Curve {
    Line {
        from_m: V3,
        to_m: V3,
    },
    /// In the x-y plane at the centre's z; angles from +x, counter-clockwise.
    Arc {
        center_m: V3,
        radius_m: f64,
        from_deg: f64,
        to_deg: f64,
    },
    /// Part of an ellipse in the x-y plane at the centre's z: x = cx + a·cos t,
    /// y = cy + b·sin t, the parameter t from `from_deg` to `to_deg` (from +x,
    /// counter-clockwise; for a circle, the angle itself).
    Ellipse {
        center_m: V3,
        semi_axes_m: [f64; 2],
        from_deg: f64,
        to_deg: f64,
    },
    /// The brachistochrone from `from_m` (the cusp, where it starts vertical) down to `to_m`:
    /// the cycloid x = a(θ − sin θ), y = −a(1 − cos θ) through both points, in the x-y plane.
    Cycloid {
        from_m: V3,
        to_m: V3,
    },
    /// y = vertex.y + k·(x − vertex.x)², x from `from_x_m` to `to_x_m`, at the vertex's z.
    Parabola {
        vertex_m: V3,
        k_per_m: f64,
        from_x_m: f64,
        to_x_m: f64,
    },
    /// A smooth curve through the points (Catmull–Rom), in order.
    Points(Vec<V3>),
}

impl Curve {
    /// The point at parameter `t` ∈ [0, 1] from start to end.
    pub fn at(&self, t: f64) -> V3 {
        match self {
            Curve::Line { from_m, to_m } => add(*from_m, scale(sub(*to_m, *from_m), t)),
            Curve::Arc {
                center_m,
                radius_m,
                from_deg,
                to_deg,
            } => {
                let a = (from_deg + (to_deg - from_deg) * t).to_radians();
                add(*center_m, [radius_m * a.cos(), radius_m * a.sin(), 0.0])
            }
            Curve::Ellipse {
                center_m,
                semi_axes_m: [a, b],
                from_deg,
                to_deg,
            } => {
                let t = (from_deg + (to_deg - from_deg) * t).to_radians();
                add(*center_m, [a * t.cos(), b * t.sin(), 0.0])
            }
            Curve::Cycloid { from_m, to_m } => {
                let (a, theta_end) = cycloid_through(*from_m, *to_m).unwrap_or((0.0, 0.0));
                let th = theta_end * t;
                let s = (to_m[0] - from_m[0]).signum();
                [
                    from_m[0] + s * a * (th - th.sin()),
                    from_m[1] - a * (1.0 - th.cos()),
                    from_m[2] + (to_m[2] - from_m[2]) * t,
                ]
            }
            Curve::Parabola {
                vertex_m,
                k_per_m,
                from_x_m,
                to_x_m,
            } => {
                let x = from_x_m + (to_x_m - from_x_m) * t;
                let dx = x - vertex_m[0];
                [x, vertex_m[1] + k_per_m * dx * dx, vertex_m[2]]
            }
            Curve::Points(p) => catmull_rom(p, t),
        }
    }

    /// The curve as a polyline within [`TOLERANCE_M`]; at most [`MAX_SAMPLES`] points (a
    /// curve that needs more is refused by the check).
    pub fn sample(&self) -> Vec<V3> {
        let mut ts = vec![0.0];
        let n0 = 16;
        for i in 0..n0 {
            let (t0, t1) = (i as f64 / n0 as f64, (i + 1) as f64 / n0 as f64);
            self.refine(t0, t1, 0, &mut ts);
        }
        ts.iter().map(|&t| self.at(t)).collect()
    }

    fn refine(&self, t0: f64, t1: f64, depth: u32, out: &mut Vec<f64>) {
        if out.len() >= MAX_SAMPLES {
            out.push(t1);
            return;
        }
        let (p0, p1) = (self.at(t0), self.at(t1));
        // The curve's distance from the chord at three interior points.
        let off = [0.25, 0.5, 0.75]
            .iter()
            .map(|f| distance_to_segment(self.at(t0 + (t1 - t0) * f), p0, p1))
            .fold(0.0, f64::max);
        if off > TOLERANCE_M && depth < 24 {
            let tm = 0.5 * (t0 + t1);
            self.refine(t0, tm, depth + 1, out);
            self.refine(tm, t1, depth + 1, out);
        } else {
            out.push(t1);
        }
    }

    pub fn start(&self) -> V3 {
        self.at(0.0)
    }
    pub fn end(&self) -> V3 {
        self.at(1.0)
    }
}

/// The cycloid from the cusp `from` through `to` below it: its rolling circle's radius `a` and
/// the angle θ at `to`, from (θ − sin θ)/(1 − cos θ) = |Δx|/|Δy| (solved by bisection; the
/// left side rises from 0 to ∞ on (0, 2π)). None when `to` is not at least
/// [`MIN_CYCLOID_STEP_M`] below and beside `from`: a drop of a hair over a long run puts θ
/// against 2π, where the rolling circle shrinks to nothing and the curve never reaches `to`.
pub fn cycloid_through(from: V3, to: V3) -> Option<(f64, f64)> {
    let (dx, dy) = ((to[0] - from[0]).abs(), from[1] - to[1]);
    if !(dx >= MIN_CYCLOID_STEP_M && dy >= MIN_CYCLOID_STEP_M && dx.is_finite() && dy.is_finite()) {
        return None;
    }
    let ratio = dx / dy;
    let f = |th: f64| (th - th.sin()) / (1.0 - th.cos());
    let (mut lo, mut hi) = (1e-9, 2.0 * std::f64::consts::PI - 1e-9);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < ratio {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let th = 0.5 * (lo + hi);
    let a = dy / (1.0 - th.cos());
    // Through `to` to within a micrometre, or no cycloid (the bisection's bracket held θ).
    ((a * (th - th.sin()) - dx).abs() < 1e-6).then_some((a, th))
}

/// Uniform Catmull–Rom through `p`, with end points mirrored for the end tangents.
fn catmull_rom(p: &[V3], t: f64) -> V3 {
    match p.len() {
        0 => [0.0; 3],
        1 => p[0],
        n => {
            let segs = (n - 1) as f64;
            let x = (t.clamp(0.0, 1.0) * segs).min(segs - 1e-12);
            let i = x.floor() as usize;
            let u = x - i as f64;
            let get = |k: isize| -> V3 {
                if k < 0 {
                    sub(scale(p[0], 2.0), p[1])
                } else if k as usize >= n {
                    sub(scale(p[n - 1], 2.0), p[n - 2])
                } else {
                    p[k as usize]
                }
            };
            let (p0, p1, p2, p3) = (
                get(i as isize - 1),
                get(i as isize),
                get(i as isize + 1),
                get(i as isize + 2),
            );
            let (u2, u3) = (u * u, u * u * u);
            let mut out = [0.0; 3];
            for k in 0..3 {
                out[k] = 0.5
                    * (2.0 * p1[k]
                        + (-p0[k] + p2[k]) * u
                        + (2.0 * p0[k] - 5.0 * p1[k] + 4.0 * p2[k] - p3[k]) * u2
                        + (-p0[k] + 3.0 * p1[k] - 3.0 * p2[k] + p3[k]) * u3);
            }
            out
        }
    }
}

pub fn distance_to_segment(p: V3, a: V3, b: V3) -> f64 {
    let ab = sub(b, a);
    let l2 = dot(ab, ab);
    let t = if l2 > 0.0 {
        (dot(sub(p, a), ab) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    norm(sub(p, add(a, scale(ab, t))))
}

/// Closest distance between segments `a0–a1` and `b0–b1` (Ericson, *Real-Time Collision
/// Detection*, 5.1.9).
pub fn segment_distance(a0: V3, a1: V3, b0: V3, b1: V3) -> f64 {
    let d1 = sub(a1, a0);
    let d2 = sub(b1, b0);
    let r = sub(a0, b0);
    let (a, e, f) = (dot(d1, d1), dot(d2, d2), dot(d2, r));
    let (s, t);
    if a <= 1e-18 && e <= 1e-18 {
        return norm(r);
    }
    if a <= 1e-18 {
        s = 0.0;
        t = (f / e).clamp(0.0, 1.0);
    } else {
        let c = dot(d1, r);
        if e <= 1e-18 {
            t = 0.0;
            s = (-c / a).clamp(0.0, 1.0);
        } else {
            let b = dot(d1, d2);
            let denom = a * e - b * b;
            let s0 = if denom > 1e-18 {
                ((b * f - c * e) / denom).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let t0 = (b * s0 + f) / e;
            if t0 < 0.0 {
                t = 0.0;
                s = (-c / a).clamp(0.0, 1.0);
            } else if t0 > 1.0 {
                t = 1.0;
                s = ((b - c) / a).clamp(0.0, 1.0);
            } else {
                t = t0;
                s = s0;
            }
        }
    }
    norm(sub(add(a0, scale(d1, s)), add(b0, scale(d2, t))))
}

/// Where the polyline comes back within `gap` of itself between parts more than `3·gap`
/// apart along it: the two sample indices, or None.
pub fn self_intersection(p: &[V3], gap: f64) -> Option<(usize, usize)> {
    let mut along = vec![0.0];
    for w in p.windows(2) {
        along.push(along.last().copied().unwrap_or(0.0) + norm(sub(w[1], w[0])));
    }
    for i in 0..p.len().saturating_sub(1) {
        for j in i + 2..p.len() - 1 {
            if along[j] - along[i + 1] <= 3.0 * gap {
                continue;
            }
            if segment_distance(p[i], p[i + 1], p[j], p[j + 1]) < gap {
                return Some((i, j));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycloid_passes_through_both_ends_and_matches_its_parametric_form() {
        let (from, to) = ([-0.5, 0.4, 0.0], [0.5, 0.0, 0.0]);
        let c = Curve::Cycloid {
            from_m: from,
            to_m: to,
        };
        assert!(norm(sub(c.start(), from)) < 1e-12);
        assert!(norm(sub(c.end(), to)) < 1e-9, "{:?}", c.end());
        let (a, th) = cycloid_through(from, to).unwrap();
        // (θ − sin θ)/(1 − cos θ) = 1/0.4 = 2.5 at θ ≈ 3.5084 (checked by substitution).
        assert!(((th - th.sin()) / (1.0 - th.cos()) - 2.5).abs() < 1e-9);
        assert!((a * (1.0 - th.cos()) - 0.4).abs() < 1e-12);
    }

    #[test]
    fn a_cycloid_is_refused_where_it_could_not_reach_its_end() {
        // A hair's drop over a long run: θ would sit on 2π and the circle shrink to nothing
        // (it did: the track collapsed to a point and the ball's height read NaN).
        assert_eq!(cycloid_through([-0.4, 1e-300, 0.0], [0.4, 0.0, 0.0]), None);
        assert_eq!(cycloid_through([-0.4, 0.0009, 0.0], [0.4, 0.0, 0.0]), None);
        assert_eq!(cycloid_through([0.0, 0.3, 0.0], [0.0005, 0.0, 0.0]), None);
        // The least drop allowed, over the longest run the scene's reach allows: a deep valley
        // that comes back up to 1 mm below its start, through both ends.
        for (from, to) in [
            ([-50.0, 0.001, 0.0], [50.0, 0.0, 0.0]),
            ([0.0, 0.001, 0.0], [0.001, 0.0, 0.0]),
            ([0.0, 60.0, 0.0], [0.001, -40.0, 0.0]),
        ] {
            let c = Curve::Cycloid {
                from_m: from,
                to_m: to,
            };
            assert!(cycloid_through(from, to).is_some(), "{from:?} → {to:?}");
            assert!(norm(sub(c.end(), to)) < 1e-6, "{:?} for {to:?}", c.end());
        }
    }

    #[test]
    fn samples_stay_within_the_tolerance_of_every_curve() {
        let curves = [
            Curve::Cycloid {
                from_m: [0.0, 0.5, 0.0],
                to_m: [1.0, 0.0, 0.0],
            },
            Curve::Arc {
                center_m: [0.0; 3],
                radius_m: 0.3,
                from_deg: 180.0,
                to_deg: 360.0,
            },
            Curve::Parabola {
                vertex_m: [0.0; 3],
                k_per_m: 2.0,
                from_x_m: -0.5,
                to_x_m: 0.5,
            },
            Curve::Points(vec![[0.0, 0.3, 0.0], [0.3, -0.1, 0.0], [0.8, 0.0, 0.0]]),
        ];
        for c in curves {
            let s = c.sample();
            assert!(s.len() < MAX_SAMPLES, "{c:?}");
            // Between samples, the curve at fine parameter steps is near some chord.
            for k in 0..=2000 {
                let p = c.at(k as f64 / 2000.0);
                let d = s
                    .windows(2)
                    .map(|w| distance_to_segment(p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min);
                assert!(d <= TOLERANCE_M * 1.01, "{c:?} at {k}: {d}");
            }
        }
    }

    #[test]
    fn a_loop_that_crosses_itself_is_found_and_a_plain_curve_is_not() {
        let crossing = Curve::Points(vec![
            [0.0, 0.0, 0.0],
            [0.4, 0.0, 0.0],
            [0.4, 0.3, 0.0],
            [0.2, -0.2, 0.0],
        ]);
        assert!(self_intersection(&crossing.sample(), 1e-3).is_some());
        let plain = Curve::Cycloid {
            from_m: [0.0, 0.5, 0.0],
            to_m: [1.0, 0.0, 0.0],
        };
        assert_eq!(self_intersection(&plain.sample(), 1e-3), None);
    }
}
