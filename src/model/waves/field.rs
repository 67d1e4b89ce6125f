//! The wave field on its grid: the scalar wave equation u_tt = c(x)²∇²u − γ·u_t by the
//! leapfrog scheme (second order in space and time; Δt and Δx fixed by the scene), walls
//! (a wave's value held at zero for water, a zero slope across them for sound), regions of
//! other speed, and a graded absorbing zone round the field.
//!
//! One step: every cell from its four neighbours and its last two values,
//! `u⁺ = (2u − a·u⁻ + C²·(Σ₄u − 4u))·b` with `a = 1 − σΔt/2`, `b = 1/(1 + σΔt/2)` (the
//! centred u_t, σ = γ plus the edge zone's damping there), written over `u⁻` (it is needed by
//! that cell alone): 16 bytes a cell update from memory (u, u⁻ read, u⁻ written, C² read; a
//! row's a and b are one row long and stay in cache). The loop is straight-line over a row,
//! compiled for AVX2 and AVX-512 and chosen at run time, as the lattice-Boltzmann kernel is;
//! a test holds each to the same bits as the plain one.
//!
//! The edge zone damps the wave's speed u_t, not u itself: damping u (multiplying the field
//! down, as Cerjan et al. 1985 do) turns the zone into a wall for the slow part of a 2D wave's
//! wake, and it comes back inverted.

/// How the edge zone damps: the round trip through it leaves this share of a wave's
/// amplitude (before what its grading reflects, which the tests measure). Stronger damping
/// reflects more of a long wave at the zone's gradient; weaker lets more back from its end.
pub const SPONGE_ROUND_TRIP: f64 = 1e-3;

/// Bytes moved per cell update by the kernel (for the bench's roofline).
pub const BYTES_PER_CELL_UPDATE: f64 = 16.0;

pub use crate::model::simd::Kernel;

/// The grid: `nx` × `ny` cells with a ring of `pad` (the absorbing zone and one cell held at
/// zero outside it) round the field shown.
#[derive(Debug, Clone)]
pub struct Field {
    pub nx: usize,
    pub ny: usize,
    pub pad: usize,
    /// m.
    pub dx: f64,
    /// s of the real wave per step.
    pub dt: f64,
    /// The field now and one step ago.
    pub u: Vec<f32>,
    pub prev: Vec<f32>,
    /// (c·Δt/Δx)² of each cell; 0 in a wall.
    pub c2: Vec<f32>,
    /// Cells beside a rigid wall, with C²·b·(its wall neighbours): what the step adds back
    /// (times the cell's value) so that the wall reads as the cell itself, a zero slope.
    pub rigid: Vec<(u32, f32)>,
    /// The wall cells that reflect the field's slope (sound's rigid walls); the others hold
    /// it at zero.
    pub rigid_walls: Vec<bool>,
    /// σΔt/2 of the absorbing zone along x (each column) and along y (each row), 0 inside
    /// the field; γΔt/2 everywhere.
    sx: Vec<f64>,
    sy: Vec<f64>,
    half_gamma: f64,
    /// a and b of a row outside the zone's rows (its ends in the zone), and of each row in
    /// them (empty for the others): worked out once, not two divisions a cell every step.
    row_a: Vec<f32>,
    row_b: Vec<f32>,
    zone_rows: Vec<(Vec<f32>, Vec<f32>)>,
    pub kernel: Kernel,
}

impl Field {
    /// A still field of `nx` × `ny` cells (ring included) at C² = `c2`, with no walls.
    /// `sponge_rate` is the damping rate at the zone's outer end, 1/s.
    pub fn new(
        nx: usize,
        ny: usize,
        pad: usize,
        dx: f64,
        dt: f64,
        c2: f32,
        damping_per_s: f64,
        sponge_rate: f64,
    ) -> Field {
        let n = nx * ny;
        let zone = |i: usize, len: usize| -> f64 {
            // Cells into the zone: 1 at its inner edge … pad at the ring held at zero.
            let d = (pad as i64 - i as i64).max(i as i64 - (len - 1 - pad) as i64);
            if d <= 0 {
                return 0.0;
            }
            let s = d as f64 / pad.max(1) as f64;
            sponge_rate * s * s * dt / 2.0
        };
        let sx: Vec<f64> = (0..nx).map(|i| zone(i, nx)).collect();
        let sy: Vec<f64> = (0..ny).map(|i| zone(i, ny)).collect();
        let half_gamma = damping_per_s * dt / 2.0;
        let (row_a, row_b) = coefficients(&sx, half_gamma, 0.0);
        let zone_rows = sy
            .iter()
            .map(|&y| {
                if y > 0.0 {
                    coefficients(&sx, half_gamma, y)
                } else {
                    (Vec::new(), Vec::new())
                }
            })
            .collect();
        Field {
            nx,
            ny,
            pad,
            dx,
            dt,
            u: vec![0.0; n],
            prev: vec![0.0; n],
            c2: vec![c2; n],
            rigid: Vec::new(),
            rigid_walls: Vec::new(),
            sy,
            sx,
            half_gamma,
            row_a,
            row_b,
            zone_rows,
            kernel: Kernel::best(),
        }
    }

    /// The damping rate at the zone's outer end that leaves [`SPONGE_ROUND_TRIP`] of a wave
    /// crossing `cells` of it and back at `speed`: under u_tt + σ·u_t a wave's amplitude
    /// falls as e^(−σt/2), and ∫σ dt over a graded (quadratic) zone is σ_max·W/(3c) each way.
    pub fn sponge_rate(cells: usize, dx: f64, speed: f64) -> f64 {
        let w = cells.max(1) as f64 * dx;
        3.0 * speed * (1.0 / SPONGE_ROUND_TRIP).ln() / w
    }

    /// The b of the step at cell `i` (for the rigid walls' weights).
    pub fn b_at(&self, i: usize) -> f32 {
        let half = self.half_gamma + self.sx[i % self.nx] + self.sy[i / self.nx];
        (1.0 / (1.0 + half)) as f32
    }

    /// The cell at column `x`, row `y`.
    pub fn at(&self, x: usize, y: usize) -> usize {
        y * self.nx + x
    }

    /// One leapfrog step.
    pub fn step(&mut self) {
        let (nx, ny) = (self.nx, self.ny);
        for y in 1..ny - 1 {
            let (a, b) = if self.sy[y] > 0.0 {
                (&self.zone_rows[y].0, &self.zone_rows[y].1)
            } else {
                (&self.row_a, &self.row_b)
            };
            row(self.kernel, &self.u, &mut self.prev, &self.c2, nx, y, a, b);
        }
        for &(i, w) in &self.rigid {
            let i = i as usize;
            self.prev[i] += w * self.u[i];
        }
        self.outer_ring();
        std::mem::swap(&mut self.u, &mut self.prev);
    }

    /// The ring outside the zone lets what is left of a wave out (Mur's first-order
    /// condition u_t + c·u_n = 0, Mur 1981, IEEE Trans. EMC 23(4):377): exact for a wave
    /// meeting it head on, at any frequency (where the zone's damping reflects the slowest
    /// waves), `prev` holding the new values and `u` the current ones.
    fn outer_ring(&mut self) {
        let (nx, ny) = (self.nx, self.ny);
        let edge = |ring: usize, inner: usize, u: &[f32], new: &mut [f32], c2: &[f32]| {
            let c = c2[inner].sqrt();
            let k = (c - 1.0) / (c + 1.0);
            new[ring] = u[inner] + k * (new[inner] - u[ring]);
        };
        let (u, new, c2) = (&self.u, &mut self.prev, &self.c2);
        for x in 1..nx - 1 {
            edge(x, x + nx, u, new, c2);
            let top = (ny - 1) * nx + x;
            edge(top, top - nx, u, new, c2);
        }
        for y in 1..ny - 1 {
            let left = y * nx;
            edge(left, left + 1, u, new, c2);
            edge(left + nx - 1, left + nx - 2, u, new, c2);
        }
    }

    /// The field's energy: ½ Σ (u − u⁻)²/C² over the open cells + ½ Σ (uᵢ − uⱼ)(u⁻ᵢ − u⁻ⱼ)
    /// over neighbouring open cells, and uᵢ·u⁻ᵢ for each neighbour held at zero (a water
    /// wall, the outer ring): what the leapfrog step keeps exactly with no damping, no
    /// sources and no edge zone, in the field's units squared.
    pub fn energy(&self) -> f64 {
        let (nx, ny) = (self.nx, self.ny);
        let ring = |i: usize| {
            let (x, y) = (i % nx, i / nx);
            x == 0 || y == 0 || x == nx - 1 || y == ny - 1
        };
        let open = |i: usize| self.c2[i] > 0.0 && !ring(i);
        let rigid = |i: usize| self.rigid_walls.get(i).copied().unwrap_or(false);
        let held = |i: usize| ring(i) || (self.c2[i] == 0.0 && !rigid(i));
        let mut e = 0.0f64;
        for y in 1..ny - 1 {
            for x in 1..nx - 1 {
                let i = self.at(x, y);
                if !open(i) {
                    continue;
                }
                let (ui, pi) = (self.u[i] as f64, self.prev[i] as f64);
                e += 0.5 * (ui - pi).powi(2) / self.c2[i] as f64;
                for j in [i + 1, i + nx, i - 1, i - nx] {
                    if open(j) && j > i {
                        e += 0.5 * (ui - self.u[j] as f64) * (pi - self.prev[j] as f64);
                    } else if held(j) {
                        e += 0.5 * ui * pi;
                    }
                }
            }
        }
        e
    }
}

/// Each column's a = 1 − σΔt/2 and b = 1/(1 + σΔt/2) in a row whose own damping is
/// `sy` = σ_yΔt/2 (γΔt/2 = `half_gamma` everywhere).
fn coefficients(sx: &[f64], half_gamma: f64, sy: f64) -> (Vec<f32>, Vec<f32>) {
    sx.iter()
        .map(|s| {
            let half = half_gamma + s + sy;
            ((1.0 - half) as f32, (1.0 / (1.0 + half)) as f32)
        })
        .unzip()
}

crate::simd_kernel!(
    /// The interior cells of row `y`, one step, `prev` overwritten with the next values.
    fn row(u: &[f32], prev: &mut [f32], c2: &[f32], nx: usize, y: usize, a: &[f32], b: &[f32]) = row_plain
);

/// Straight-line over the row's equal-length slices, so that the compiler vectorises it
/// (no FMA: every kernel rounds alike).
#[inline(always)]
fn row_plain(u: &[f32], prev: &mut [f32], c2: &[f32], nx: usize, y: usize, a: &[f32], b: &[f32]) {
    let m = nx - 2;
    let row = y * nx;
    let (up, mid, down) = (
        &u[row - nx + 1..][..m],
        &u[row..][..m + 2],
        &u[row + nx + 1..][..m],
    );
    let (left, centre, right) = (&mid[..m], &mid[1..m + 1], &mid[2..m + 2]);
    let k = &c2[row + 1..][..m];
    let (a, b) = (&a[1..m + 1], &b[1..m + 1]);
    let out = &mut prev[row + 1..][..m];
    for i in 0..m {
        let c = centre[i];
        let lap = (left[i] + right[i]) + (up[i] + down[i]) - 4.0 * c;
        out[i] = (2.0 * c - a[i] * out[i] + k[i] * lap) * b[i];
    }
}
