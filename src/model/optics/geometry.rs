//! The scene's curves as pieces a ray meets exactly: a segment, a circle's arc, a parabola and
//! an ellipse's arc (each solved as a quadratic in the ray's length), in a frame that a turn
//! and a shift move. A sampled curve (`Points`, `Cycloid`) becomes segments within the
//! curves' tolerance (0.01 mm).

use super::spec::P2;
use crate::model::scene::curve::Curve;
use std::f64::consts::TAU;

/// A ray meets nothing nearer than this along itself, m: the surface it leaves.
pub const T_MIN: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Segment {
        a: P2,
        b: P2,
    },
    /// Centre, radius, parameter angles (radians) from `from` to `to`.
    Arc {
        c: P2,
        r: f64,
        from: f64,
        to: f64,
    },
    /// y = k·x² (vertex at the frame's origin), x from `x0` to `x1`.
    Parabola {
        k: f64,
        x0: f64,
        x1: f64,
    },
    /// x = a·cos t, y = b·sin t about the frame's origin, t from `from` to `to`.
    Ellipse {
        a: f64,
        b: f64,
        from: f64,
        to: f64,
    },
}

/// A shape in its frame: a point p of the shape is at origin + R(angle)·p.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub shape: Shape,
    pub origin: P2,
    pub angle: f64,
}

/// Where a ray meets a piece: its length to there, the point and the piece's unit tangent in
/// the direction the curve runs.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub t: f64,
    pub point: P2,
    pub tangent: P2,
}

pub fn rot(v: P2, a: f64) -> P2 {
    let (s, c) = a.sin_cos();
    [c * v[0] - s * v[1], s * v[0] + c * v[1]]
}
pub fn add(a: P2, b: P2) -> P2 {
    [a[0] + b[0], a[1] + b[1]]
}
pub fn sub(a: P2, b: P2) -> P2 {
    [a[0] - b[0], a[1] - b[1]]
}
pub fn scale(a: P2, s: f64) -> P2 {
    [a[0] * s, a[1] * s]
}
pub fn dot(a: P2, b: P2) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}
pub fn cross(a: P2, b: P2) -> f64 {
    a[0] * b[1] - a[1] * b[0]
}
pub fn unit(a: P2) -> P2 {
    let n = dot(a, a).sqrt();
    if n > 0.0 { scale(a, 1.0 / n) } else { a }
}
pub fn from_angle(deg: f64) -> P2 {
    let r = deg.to_radians();
    [r.cos(), r.sin()]
}

/// The pieces of `curve` (in the plane z = 0), in the order it runs.
pub fn pieces(curve: &Curve) -> Vec<Piece> {
    let here = |shape| Piece {
        shape,
        origin: [0.0, 0.0],
        angle: 0.0,
    };
    let p2 = |v: [f64; 3]| [v[0], v[1]];
    match curve {
        Curve::Line { from_m, to_m } => vec![here(Shape::Segment {
            a: p2(*from_m),
            b: p2(*to_m),
        })],
        Curve::Arc {
            center_m,
            radius_m,
            from_deg,
            to_deg,
        } => vec![here(Shape::Arc {
            c: p2(*center_m),
            r: *radius_m,
            from: from_deg.to_radians(),
            to: to_deg.to_radians(),
        })],
        Curve::Parabola {
            vertex_m,
            k_per_m,
            from_x_m,
            to_x_m,
        } => vec![Piece {
            shape: Shape::Parabola {
                k: *k_per_m,
                x0: from_x_m - vertex_m[0],
                x1: to_x_m - vertex_m[0],
            },
            origin: p2(*vertex_m),
            angle: 0.0,
        }],
        Curve::Ellipse {
            center_m,
            semi_axes_m,
            from_deg,
            to_deg,
        } => vec![Piece {
            shape: Shape::Ellipse {
                a: semi_axes_m[0],
                b: semi_axes_m[1],
                from: from_deg.to_radians(),
                to: to_deg.to_radians(),
            },
            origin: p2(*center_m),
            angle: 0.0,
        }],
        Curve::Cycloid { .. } | Curve::Points(_) => curve
            .sample()
            .windows(2)
            .map(|w| {
                here(Shape::Segment {
                    a: p2(w[0]),
                    b: p2(w[1]),
                })
            })
            .collect(),
    }
}

/// Whether `x` is on the arc of parameter angles from `from` to `to`.
fn on_arc(x: f64, from: f64, to: f64) -> bool {
    let (lo, span) = (from.min(to), (to - from).abs());
    (x - lo).rem_euclid(TAU) <= span + 1e-12
}

/// The roots of a·t² + b·t + c = 0, smallest first (one for a straight line's case).
fn roots(a: f64, b: f64, c: f64) -> Vec<f64> {
    if a.abs() < 1e-14 {
        return if b.abs() > 1e-14 {
            vec![-c / b]
        } else {
            vec![]
        };
    }
    let disc = b * b - 4.0 * a * c;
    if disc < 0.0 {
        return vec![];
    }
    // The stable form: no cancellation when b² ≫ 4ac.
    let q = -0.5 * (b + b.signum() * disc.sqrt());
    let (r1, r2) = if q != 0.0 { (q / a, c / q) } else { (0.0, 0.0) };
    if r1 < r2 { vec![r1, r2] } else { vec![r2, r1] }
}

impl Piece {
    /// Turns the piece by `deg` about `pivot`, then moves it by `shift`.
    pub fn moved(&self, deg: f64, pivot: P2, shift: P2) -> Piece {
        let a = deg.to_radians();
        Piece {
            shape: self.shape.clone(),
            origin: add(add(pivot, rot(sub(self.origin, pivot), a)), shift),
            angle: self.angle + a,
        }
    }

    fn to_world(&self, p: P2) -> P2 {
        add(self.origin, rot(p, self.angle))
    }

    /// The point at parameter `u` ∈ [0, 1] along the piece.
    pub fn at(&self, u: f64) -> P2 {
        let local = match &self.shape {
            Shape::Segment { a, b } => add(*a, scale(sub(*b, *a), u)),
            Shape::Arc { c, r, from, to } => {
                let t = from + (to - from) * u;
                add(*c, [r * t.cos(), r * t.sin()])
            }
            Shape::Parabola { k, x0, x1 } => {
                let x = x0 + (x1 - x0) * u;
                [x, k * x * x]
            }
            Shape::Ellipse { a, b, from, to } => {
                let t = from + (to - from) * u;
                [a * t.cos(), b * t.sin()]
            }
        };
        self.to_world(local)
    }

    /// Points along the piece for drawing (`n` + 1; a segment needs its ends only).
    pub fn points(&self, n: usize) -> Vec<P2> {
        let n = if matches!(self.shape, Shape::Segment { .. }) {
            1
        } else {
            n.max(1)
        };
        (0..=n).map(|i| self.at(i as f64 / n as f64)).collect()
    }

    /// The nearest place past [`T_MIN`] where the ray from `p` along the unit `d` meets it.
    pub fn hit(&self, p: P2, d: P2) -> Option<Hit> {
        let lp = rot(sub(p, self.origin), -self.angle);
        let ld = rot(d, -self.angle);
        let (t, tangent) = match &self.shape {
            Shape::Segment { a, b } => {
                let e = sub(*b, *a);
                let den = cross(ld, e);
                if den.abs() < 1e-15 {
                    return None;
                }
                let ap = sub(*a, lp);
                let (t, u) = (cross(ap, e) / den, cross(ap, ld) / den);
                if t <= T_MIN || !(0.0..=1.0).contains(&u) {
                    return None;
                }
                (t, e)
            }
            Shape::Arc { c, r, from, to } => {
                let f = sub(lp, *c);
                roots(1.0, 2.0 * dot(f, ld), dot(f, f) - r * r)
                    .into_iter()
                    .filter(|t| *t > T_MIN)
                    .find_map(|t| {
                        let q = sub(add(lp, scale(ld, t)), *c);
                        let x = q[1].atan2(q[0]);
                        on_arc(x, *from, *to)
                            .then(|| (t, scale([-x.sin(), x.cos()], (to - from).signum())))
                    })?
            }
            Shape::Parabola { k, x0, x1 } => {
                let (px, py, dx, dy) = (lp[0], lp[1], ld[0], ld[1]);
                roots(k * dx * dx, 2.0 * k * px * dx - dy, k * px * px - py)
                    .into_iter()
                    .filter(|t| *t > T_MIN)
                    .find_map(|t| {
                        let x = px + t * dx;
                        (x >= x0.min(*x1) && x <= x0.max(*x1))
                            .then(|| (t, scale([1.0, 2.0 * k * x], (x1 - x0).signum())))
                    })?
            }
            Shape::Ellipse { a, b, from, to } => {
                let (q, e) = ([lp[0] / a, lp[1] / b], [ld[0] / a, ld[1] / b]);
                roots(dot(e, e), 2.0 * dot(q, e), dot(q, q) - 1.0)
                    .into_iter()
                    .filter(|t| *t > T_MIN)
                    .find_map(|t| {
                        let s = add(q, scale(e, t));
                        let x = s[1].atan2(s[0]);
                        on_arc(x, *from, *to)
                            .then(|| (t, scale([-a * x.sin(), b * x.cos()], (to - from).signum())))
                    })?
            }
        };
        Some(Hit {
            t,
            point: add(p, scale(d, t)),
            tangent: unit(rot(tangent, self.angle)),
        })
    }
}

/// A closed outline's pieces as a ring of points, `n` to a curved piece (each piece's end is
/// the next one's start, so it is left out).
pub fn ring(pieces: &[Piece], n: usize) -> Vec<P2> {
    pieces
        .iter()
        .flat_map(|p| {
            let mut v = p.points(n);
            v.pop();
            v
        })
        .collect()
}

pub use crate::model::scene::shape::inside;

/// Twice the signed area of the closed polyline (positive: counter-clockwise).
pub fn signed_area2(points: &[P2]) -> f64 {
    (0..points.len())
        .map(|i| cross(points[i], points[(i + 1) % points.len()]))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: P2, b: P2) -> bool {
        (a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12
    }

    #[test]
    fn rays_meet_each_shape_where_it_is() {
        let flat = |shape| Piece {
            shape,
            origin: [0.0, 0.0],
            angle: 0.0,
        };
        // A segment across the ray.
        let s = flat(Shape::Segment {
            a: [1.0, -1.0],
            b: [1.0, 1.0],
        });
        let h = s.hit([0.0, 0.5], [1.0, 0.0]).unwrap();
        assert!(near(h.point, [1.0, 0.5]) && (h.t - 1.0).abs() < 1e-12);
        assert!(s.hit([0.0, 1.5], [1.0, 0.0]).is_none());
        // A circle's right half from inside: the ray from the centre meets it at r.
        let a = flat(Shape::Arc {
            c: [0.0, 0.0],
            r: 0.5,
            from: -1.5,
            to: 1.5,
        });
        let h = a.hit([0.0, 0.0], unit([1.0, 1.0])).unwrap();
        assert!((h.t - 0.5).abs() < 1e-12);
        assert!(dot(h.tangent, unit([1.0, 1.0])).abs() < 1e-12);
        assert!(
            a.hit([0.0, 0.0], [-1.0, 0.0]).is_none(),
            "the left half is not there"
        );
        // y = x² from above along −y at x = 0.5: meets at y = 0.25.
        let p = flat(Shape::Parabola {
            k: 1.0,
            x0: -1.0,
            x1: 1.0,
        });
        let h = p.hit([0.5, 2.0], [0.0, -1.0]).unwrap();
        assert!(near(h.point, [0.5, 0.25]));
        // An ellipse 2 × 1 from its centre along +y: meets it at y = 1, tangent along −x.
        let e = flat(Shape::Ellipse {
            a: 2.0,
            b: 1.0,
            from: 0.0,
            to: 3.0,
        });
        let h = e.hit([0.0, 0.0], [0.0, 1.0]).unwrap();
        assert!(near(h.point, [0.0, 1.0]) && near(h.tangent, [-1.0, 0.0]));
        // Turned by 90° about the origin and moved: the segment x = 1 becomes y = 1, then 3.
        let m = s.moved(90.0, [0.0, 0.0], [0.0, 2.0]);
        let h = m.hit([0.5, 0.0], [0.0, 1.0]).unwrap();
        assert!((h.point[1] - 3.0).abs() < 1e-12, "{h:?}");
    }
}
