//! What the eye sees: the images of an object's point. The rays from the point that came the
//! same way (the same elements, met the same way) form a bundle; where the bundle's last
//! stretches meet (a real image) or where their backward lines meet (a virtual one), in the
//! least-squares sense, is its image. Bundles whose images fall together (two mirrors seen in
//! either order) are one image. An image needs two rays of its bundle; a bundle whose rays
//! leave parallel (a point at the focus) has its image at infinity, which is none.

use super::geometry::{dot, sub};
use super::spec::P2;
use super::trace::Trace;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub at: P2,
    pub real: bool,
    /// The share of the point's light it carries.
    pub share: f64,
    /// Reflections on the way (the fewest, where bundles fall together).
    pub reflections: usize,
}

/// The images of `point` of source `source`, brightest first; bundles whose images lie within
/// `merge_m` of each other are one.
pub fn images(trace: &Trace, source: usize, point: usize, merge_m: f64) -> Vec<Image> {
    let mut bundles: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, f) in trace.finals.iter().enumerate() {
        if f.source == source && f.point == point && f.signature != 0 {
            bundles.entry(f.signature).or_default().push(i);
        }
    }
    let mut out: Vec<Image> = Vec::new();
    for rays in bundles.values() {
        let lines: Vec<(P2, P2)> = rays
            .iter()
            .map(|&i| (trace.finals[i].p, trace.finals[i].d))
            .collect();
        let Some((at, t)) = meeting(&lines) else {
            continue;
        };
        let share: f64 = rays.iter().map(|&i| trace.finals[i].share).sum();
        let reflections = trace.finals[rays[0]].reflections;
        let close = |im: &Image| (im.at[0] - at[0]).hypot(im.at[1] - at[1]) <= merge_m;
        match out.iter_mut().find(|im| close(im)) {
            Some(im) => {
                im.share += share;
                im.reflections = im.reflections.min(reflections);
            }
            None => out.push(Image {
                at,
                real: t > 0.0,
                share,
                reflections,
            }),
        }
    }
    out.sort_by(|a, b| b.share.total_cmp(&a.share));
    out
}

/// Where lines (p + t·d) come closest together in the least-squares sense, and the mean t
/// there (positive: ahead of the rays, a real meeting); None when they are all parallel.
pub fn meeting(lines: &[(P2, P2)]) -> Option<(P2, f64)> {
    // Σ (I − d dᵀ) x = Σ (I − d dᵀ) p
    let (mut a, mut b) = ([[0.0; 2]; 2], [0.0; 2]);
    for (p, d) in lines {
        let m = [
            [1.0 - d[0] * d[0], -d[0] * d[1]],
            [-d[0] * d[1], 1.0 - d[1] * d[1]],
        ];
        for i in 0..2 {
            for j in 0..2 {
                a[i][j] += m[i][j];
            }
            b[i] += m[i][0] * p[0] + m[i][1] * p[1];
        }
    }
    let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    let scale_ = a[0][0] + a[1][1];
    if lines.len() < 2 || det.abs() <= 1e-10 * scale_ * scale_ {
        return None;
    }
    let x = [
        (b[0] * a[1][1] - b[1] * a[0][1]) / det,
        (a[0][0] * b[1] - a[1][0] * b[0]) / det,
    ];
    let t = lines.iter().map(|(p, d)| dot(sub(x, *p), *d)).sum::<f64>() / lines.len() as f64;
    Some((x, t))
}
