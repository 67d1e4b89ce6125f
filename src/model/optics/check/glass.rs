//! A piece of glass's checks: its material known and its index sane across the visible
//! light, its outline closed and not crossing itself, and no two pieces overlapping.

use super::super::geometry::ring;
use super::super::materials;
use super::super::spec::*;
use super::super::trace::outline_pieces;
use super::in_plane;
use crate::model::scene::curve::{self, REACH_M};
use crate::problems::{Problems, join, num, one_line};

/// One piece of glass (its id checked with the others'), at `gp`.
pub(super) fn piece(
    s: &OpticsParams,
    g: &GlassSpec,
    builtin: &[MaterialSpec],
    gp: &str,
    p: &mut Problems,
) {
    if materials::find(&s.materials, builtin, &g.material).is_none() {
        let known: Vec<String> = s
            .materials
            .iter()
            .chain(builtin)
            .map(|m| format!("`{}`", m.id))
            .collect();
        p.push_named(
            join(gp, "material"),
            format!(
                "`{}` is not a material: use one of {}, or add it to `materials` with its index",
                one_line(&g.material),
                known.join(", ")
            ),
        );
    }
    outline(&g.outline, &join(gp, "outline"), p);
    if let Some(r) = g.reflectance {
        p.range(&join(gp, "reflectance"), r, 0.0, 1.0, "");
    }
    p.range(&join(gp, "turn_deg"), g.turn_deg, -720.0, 720.0, "°");
    p.range_each(&join(gp, "shift_m"), g.shift_m, -REACH_M, REACH_M, "m");
}

/// A material's index: a formula's coefficients that give an index of glass or water (1–4)
/// across the light a child sees.
pub(super) fn index(ix: &Index, ip: &str, p: &mut Problems) {
    match ix {
        Index::Fixed(n) => p.range(ip, *n, 1.0, 4.0, ""),
        Index::Cauchy { .. } | Index::Sellmeier { .. } => {
            if let Index::Sellmeier { b, c_um2 } = ix
                && (b.is_empty() || b.len() != c_um2.len() || b.len() > 6)
            {
                p.push_named(
                    ip,
                    "Sellmeier's formula needs as many `b` as `c_um2`, 1 to 6 of each",
                );
                return;
            }
            // Between the violet and the red a child sees, an index of glass or water.
            for nm in [380.0, 550.0, 780.0] {
                match ix.at(nm) {
                    Some(n) if (1.0..=4.0).contains(&n) => {}
                    other => {
                        p.push_named(
                            ip,
                            format!(
                                "gives {} at {nm} nm: an index is between 1 and 4 across 380–780 nm; check the coefficients and their units (µm)",
                                other.map_or("no index".to_string(), num)
                            ),
                        );
                        return;
                    }
                }
            }
        }
    }
}

fn outline(o: &Outline, op: &str, p: &mut Problems) {
    let before = p.items.len();
    match o {
        Outline::Polygon(c) => {
            if c.len() < 3 || c.len() > 64 {
                p.push_named(
                    op,
                    format!("{} corners: a piece of glass has 3 to 64", c.len()),
                );
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
                in_plane(c, &cp, p);
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
    // Not crossing itself: its sampled ring, each stretch against those not beside it.
    let points = ring(&outline_pieces(o), 24);
    if let Some((a, b)) = ring_crossing(&points) {
        let q = |k: P2| k.map(|x| (x * 1000.0).round() / 1000.0);
        p.push_named(
            op,
            format!(
                "the outline crosses itself (near {:?} and {:?} m): a piece of glass's edge goes round it once",
                q(a),
                q(b)
            ),
        );
    }
}

/// A piece of glass's outline as a closed ring of points.
fn ring_of(g: &GlassSpec) -> Vec<P2> {
    let centre = super::super::trace::glass_centre(&g.outline);
    let moved: Vec<_> = outline_pieces(&g.outline)
        .iter()
        .map(|pc| pc.moved(g.turn_deg, centre, g.shift_m))
        .collect();
    ring(&moved, 24)
}

/// Pieces of glass may not overlap: the light would not know which it is in.
pub(super) fn overlapping(s: &OpticsParams, gp: &str, p: &mut Problems) {
    use super::super::geometry::{cross, inside, sub};
    let rings: Vec<Vec<P2>> = s.glass.iter().map(ring_of).collect();
    let side = |a: P2, b: P2, c: P2| cross(sub(b, a), sub(c, a));
    for i in 0..rings.len() {
        for j in i + 1..rings.len() {
            let (r1, r2) = (&rings[i], &rings[j]);
            if r1.len() < 3 || r2.len() < 3 {
                continue;
            }
            let crossing = (0..r1.len()).any(|a| {
                let (p0, p1) = (r1[a], r1[(a + 1) % r1.len()]);
                (0..r2.len()).any(|b| {
                    let (q0, q1) = (r2[b], r2[(b + 1) % r2.len()]);
                    side(p0, p1, q0) * side(p0, p1, q1) <= 0.0
                        && side(q0, q1, p0) * side(q0, q1, p1) <= 0.0
                })
            });
            if crossing || inside(r1[0], r2) || inside(r2[0], r1) {
                p.push_named(
                    format!("{gp}[{j}]"),
                    format!(
                        "`{}` overlaps `{}`: pieces of glass may touch nowhere; move one",
                        one_line(&s.glass[j].id),
                        one_line(&s.glass[i].id)
                    ),
                );
            }
        }
    }
}

/// Two stretches of the closed ring that are not neighbours and cross or touch: their starts.
fn ring_crossing(ring: &[P2]) -> Option<(P2, P2)> {
    use super::super::geometry::{cross, sub};
    let n = ring.len();
    let seg = |i: usize| (ring[i], ring[(i + 1) % n]);
    let side = |a: P2, b: P2, c: P2| cross(sub(b, a), sub(c, a));
    for i in 0..n {
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue;
            }
            let ((a, b), (c, d)) = (seg(i), seg(j));
            let (d1, d2) = (side(a, b, c), side(a, b, d));
            let (d3, d4) = (side(c, d, a), side(c, d, b));
            if d1 * d2 <= 0.0 && d3 * d4 <= 0.0 {
                return Some((a, c));
            }
        }
    }
    None
}
