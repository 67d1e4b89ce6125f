//! A piece of glass's checks: its material known and its index sane across the visible
//! light, its outline closed and not crossing itself, and no two pieces overlapping.

use super::super::geometry::ring;
use super::super::materials;
use super::super::spec::*;
use super::super::trace::outline_pieces;
use super::KIND;
use crate::model::scene::curve::REACH_M;
use crate::model::scene::shape;
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
    shape::check_outline(
        &g.outline,
        &join(gp, "outline"),
        "a piece of glass",
        KIND,
        p,
    );
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
    let rings: Vec<Vec<P2>> = s.glass.iter().map(ring_of).collect();
    for i in 0..rings.len() {
        for j in i + 1..rings.len() {
            if shape::rings_overlap(&rings[i], &rings[j]) {
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
