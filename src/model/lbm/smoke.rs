//! Smoke carried by the air: a concentration per cell, moved each tick along the lattice's
//! velocity field (semi-Lagrangian), fading as it spreads. What the visitor sees the air do.

/// One tick of smoke: `dst` is `src` traced back along the velocity `u` (lattice units) over
/// `steps` lattice steps, faded by `fade` and zero in solids (`fluid` 0). Bilinear; the
/// back-traced point is clamped just inside the grid, so the four samples need no further
/// checks.
pub fn advect(
    src: &[f32],
    dst: &mut [f32],
    u: [&[f32]; 2],
    fluid: &[f32],
    nx: usize,
    steps: f32,
    fade: f32,
) {
    let n = src.len();
    let ny = n / nx;
    let (xmax, ymax) = (nx as f32 - 1.001, ny as f32 - 1.001);
    let (ux, uy, fluid, dst) = (&u[0][..n], &u[1][..n], &fluid[..n], &mut dst[..n]);
    for y in 0..ny {
        let row = y * nx;
        for x in 0..nx {
            let c = row + x;
            let sx = (x as f32 - ux[c] * steps).clamp(0.0, xmax);
            let sy = (y as f32 - uy[c] * steps).clamp(0.0, ymax);
            let (x0, y0) = (sx as i32 as usize, sy as i32 as usize);
            let (tx, ty) = (sx - x0 as f32, sy - y0 as f32);
            let i = y0 * nx + x0;
            // One check for the four samples (x0 ≤ nx − 2, y0 ≤ ny − 2 by the clamp).
            let w = &src[i..i + nx + 2];
            let a = w[0] + (w[1] - w[0]) * tx;
            let b = w[nx] + (w[nx + 1] - w[nx]) * tx;
            dst[c] = (a + (b - a) * ty) * fade * fluid[c];
        }
    }
}
