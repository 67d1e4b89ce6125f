//! The Schäfer & Turek (1996) benchmark "flow around a cylinder" in 2D, run on [`Lattice`]:
//! the reference every CFD code of this kind is checked against (Schäfer & Turek, "Benchmark
//! computations of laminar flow around a cylinder", Notes Numer. Fluid Mech. 52:547).
//!
//! Channel 2.2 m × 0.41 m, cylinder D = 0.1 m centred at (0.2, 0.2), ν = 10⁻³ m²/s, ρ = 1,
//! parabolic inflow u(y) = 4·U_m·y(H − y)/H², no-slip walls, free outflow.
//! - 2D-1: U_m = 0.3, Re = Ū·D/ν = 20 (Ū = 2U_m/3), steady.
//! - 2D-2: U_m = 1.5, Re = 100, periodic vortex shedding.
//!
//! c_D = 2F_x/(ρŪ²D), c_L = 2F_y/(ρŪ²D), Δp = p(0.15, 0.2) − p(0.25, 0.2), L_a the length of
//! the recirculation zone behind the cylinder, St = D·f/Ū from the lift's frequency.

use super::lbm::{Lattice, Relax, Shape, SideWalls, Storage};

const D: f64 = 0.1;
const H: f64 = 0.41;
const L: f64 = 2.2;
const NU: f64 = 1e-3;
const CENTRE: [f64; 2] = [0.2, 0.2];

/// One run of the benchmark at `cells_per_d` cells across the cylinder, the lattice's
/// populations kept as `S`.
pub struct Channel<S: Storage = f32> {
    pub lattice: Lattice<S>,
    /// Cells per metre.
    per_m: f64,
    /// Mean inflow speed, lattice units.
    u_mean: f64,
    /// Physical seconds per step.
    pub dt: f64,
    /// Physical pressure per lattice pressure unit.
    p_scale: f64,
}

impl<S: Storage> Channel<S> {
    /// `u_max_lattice`: the inflow's peak speed in lattice units (sets the time step: smaller
    /// is more incompressible and slower).
    pub fn new(cells_per_d: usize, u_max_phys: f64, u_max_lattice: f64, threads: usize) -> Self {
        let per_m = cells_per_d as f64 / D;
        let (nx, ny) = ((L * per_m).round() as usize, (H * per_m).round() as usize);
        let u_mean = u_max_lattice * 2.0 / 3.0;
        let re = u_max_phys * 2.0 / 3.0 * D / NU;
        let nu = u_mean * cells_per_d as f64 / re;
        let mut lattice = Lattice::<S>::new_stored(
            nx,
            ny,
            SideWalls::NoSlip,
            Relax::new((3.0 * nu + 0.5) as f32, 0.0),
        );
        lattice.threads = threads;
        // Walls half-way outside the first and last rows: physical y = (j + ½)/per_m.
        let to_lat = |p: f64| p * per_m - 0.5;
        lattice.set_shapes(vec![Shape::Circle {
            x: to_lat(CENTRE[0]),
            y: to_lat(CENTRE[1]),
            r: 0.5 * cells_per_d as f64,
        }]);
        let h = ny as f64;
        let profile = |j: usize| {
            let s = j as f64 + 0.5;
            (4.0 * u_max_lattice * s * (h - s) / (h * h)) as f32
        };
        for j in 0..ny {
            lattice.inlet[j] = Some([profile(j), 0.0]);
        }
        lattice.init(|_, j| (1.0, profile(j), 0.0));
        let dx = 1.0 / per_m;
        let v_scale = u_max_phys / u_max_lattice;
        Self {
            lattice,
            per_m,
            u_mean,
            dt: dx / v_scale,
            p_scale: v_scale * v_scale,
        }
    }

    fn to_lat(&self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.per_m - 0.5, p[1] * self.per_m - 0.5]
    }

    /// Drag and lift coefficients of the last step.
    pub fn coefficients(&self) -> (f64, f64) {
        let k = 2.0 / (self.u_mean * self.u_mean * D * self.per_m);
        (self.lattice.force[0] * k, self.lattice.force[1] * k)
    }

    /// Pressure on the cylinder's surface at the point `p` on the centre line (front or back),
    /// extrapolated along the line from the fluid outside it.
    fn surface_pressure(&self, p: [f64; 2], outward: f64) -> f64 {
        let q = self.to_lat(p);
        let at = |d: f64| self.lattice.density_at([q[0] + outward * d, q[1]]);
        let (a, b) = (at(1.5), at(2.5));
        let rho = a + (a - b) * 1.5;
        (rho - 1.0) / 3.0 * self.p_scale
    }

    /// Δp = p(front) − p(back), Pa.
    pub fn pressure_difference(&self) -> f64 {
        self.surface_pressure([CENTRE[0] - D / 2.0, CENTRE[1]], -1.0)
            - self.surface_pressure([CENTRE[0] + D / 2.0, CENTRE[1]], 1.0)
    }

    /// Length of the recirculation zone: from the back of the cylinder to where the centre
    /// line's u_x turns positive again, m.
    pub fn recirculation_length(&self) -> f64 {
        let back = self.to_lat([CENTRE[0] + D / 2.0, CENTRE[1]]);
        let ux = |x: f64| self.lattice.velocity_at([x, back[1]])[0];
        let step = 0.05;
        let mut x = back[0] + 0.6;
        let mut prev = ux(x);
        while x < self.lattice.nx as f64 - 2.0 {
            let next = ux(x + step);
            if prev < 0.0 && next >= 0.0 {
                let xz = x + step * prev / (prev - next);
                return (xz - back[0]) / self.per_m;
            }
            prev = next;
            x += step;
        }
        f64::NAN
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Steady {
    pub cd: f64,
    pub cl: f64,
    /// The lowest and highest c_L over the window c_D and c_L are the means of.
    pub cl_range: [f64; 2],
    pub dp: f64,
    pub la: f64,
    pub steps: u64,
    pub cell_updates: f64,
}

/// Steps the coefficients of 2D-1 are averaged over once it is steady.
const WINDOW: u64 = 1000;

/// Case 2D-1 (Re = 20), run until c_D changes less than 1 in 10⁶ per 1000 steps (or for 60
/// physical seconds); c_D and c_L are then the means over [`WINDOW`] more steps. With f32
/// populations the flow is steady by then and the mean is the last step's to six digits; with
/// 16-bit ones the rounding keeps the lift jittering (±50 % from one thousand steps to the next
/// at D = 20) about a mean that is f32's within a few per cent, and the last step alone would
/// be one draw of that jitter.
pub fn case_2d1<S: Storage>(cells_per_d: usize, threads: usize) -> Steady {
    let mut ch = Channel::<S>::new(cells_per_d, 0.3, 0.1, threads);
    let mut last = f64::INFINITY;
    let limit = (60.0 / ch.dt) as u64;
    loop {
        ch.lattice.run(1000);
        let cd = ch.coefficients().0;
        if (cd - last).abs() < 1e-6 * cd.abs() || ch.lattice.steps >= limit {
            break;
        }
        last = cd;
    }
    let (mut cd, mut cl, mut cl_range) = (0.0, 0.0, [f64::MAX, f64::MIN]);
    for _ in 0..WINDOW {
        ch.lattice.step();
        let (d, l) = ch.coefficients();
        cd += d / WINDOW as f64;
        cl += l / WINDOW as f64;
        cl_range = [cl_range[0].min(l), cl_range[1].max(l)];
    }
    Steady {
        cd,
        cl,
        cl_range,
        dp: ch.pressure_difference(),
        la: ch.recirculation_length(),
        steps: ch.lattice.steps,
        cell_updates: ch.lattice.steps as f64 * ch.lattice.cells() as f64,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Periodic {
    pub strouhal: f64,
    pub cd_max: f64,
    pub cl_max: f64,
    pub periods: usize,
    pub steps: u64,
    pub cell_updates: f64,
}

/// Case 2D-2 (Re = 100): run until the shedding is periodic (the lift's amplitude steady to
/// 0.5 % over two periods), then measure over four periods.
pub fn case_2d2<S: Storage>(cells_per_d: usize, threads: usize) -> Periodic {
    let mut ch = Channel::<S>::new(cells_per_d, 1.5, 0.1, threads);
    let limit = (40.0 / ch.dt) as u64;
    // Upward zero crossings of c_L (time in steps, interpolated), and peaks between them.
    let mut crossings: Vec<f64> = Vec::new();
    let mut peaks: Vec<(f64, f64)> = Vec::new(); // (cd_max, cl_max) per period
    let (mut prev_cl, mut cur) = (0.0f64, (f64::MIN, f64::MIN));
    loop {
        ch.lattice.step();
        let (cd, cl) = ch.coefficients();
        cur = (cur.0.max(cd), cur.1.max(cl));
        let s = ch.lattice.steps as f64;
        if prev_cl < 0.0 && cl >= 0.0 && ch.lattice.steps > 10 {
            crossings.push(s - 1.0 + prev_cl / (prev_cl - cl));
            peaks.push(cur);
            cur = (f64::MIN, f64::MIN);
        }
        prev_cl = cl;
        let n = peaks.len();
        if n >= 8 {
            // Periodic: the last six periods' lift peaks agree to 0.5 %.
            let last: Vec<f64> = peaks[n - 6..].iter().map(|p| p.1).collect();
            let (lo, hi) = last
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
            if (hi - lo) < 0.005 * hi.abs() {
                break;
            }
        }
        if ch.lattice.steps >= limit {
            break;
        }
    }
    let n = crossings.len();
    if n < 6 {
        return Periodic {
            strouhal: f64::NAN,
            cd_max: f64::NAN,
            cl_max: f64::NAN,
            periods: n.saturating_sub(1),
            steps: ch.lattice.steps,
            cell_updates: ch.lattice.steps as f64 * ch.lattice.cells() as f64,
        };
    }
    let periods = 4;
    let period_steps = (crossings[n - 1] - crossings[n - 1 - periods]) / periods as f64;
    let f = 1.0 / (period_steps * ch.dt);
    let u_mean = 1.0;
    let window = &peaks[n - periods..];
    Periodic {
        strouhal: D * f / u_mean,
        cd_max: window.iter().map(|p| p.0).fold(f64::MIN, f64::max),
        cl_max: window.iter().map(|p| p.1).fold(f64::MIN, f64::max),
        periods,
        steps: ch.lattice.steps,
        cell_updates: ch.lattice.steps as f64 * ch.lattice.cells() as f64,
    }
}

/// The benchmark's quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Drag,
    Lift,
    PressureDrop,
    Recirculation,
    Strouhal,
    DragMax,
    LiftMax,
}

impl Measure {
    /// Its name in Schäfer & Turek's tables, with its unit where it has one.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Drag => "c_D",
            Measure::Lift => "c_L",
            Measure::PressureDrop => "Δp (Pa)",
            Measure::Recirculation => "L_a (m)",
            Measure::Strouhal => "Strouhal",
            Measure::DragMax => "c_D,max",
            Measure::LiftMax => "c_L,max",
        }
    }
}

/// One of the benchmark's quantities as run here, beside its reference.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    /// "2D-1" or "2D-2".
    pub case: &'static str,
    pub quantity: Measure,
    pub reference: f64,
    pub measured: f64,
    /// Where a mean over time: the lowest and highest value it is the mean of.
    pub range: Option<[f64; 2]>,
}

/// Both cases at `cells_per_d` cells across the cylinder, the populations kept as `S`: each
/// quantity beside its reference. 2D-1 (Re = 20): John & Matthies (2001, Int. J. Numer. Meth.
/// Fluids 37:885), c_D = 5.57953523, c_L = 0.010618948, Δp = 0.11752016; the recirculation
/// length L_a = 0.0847 (Schäfer & Turek's reference range 0.0842–0.0852). 2D-2 (Re = 100): St
/// 0.295–0.305, c_D,max 3.22–3.24, c_L,max 0.99–1.01 (Schäfer & Turek 1996, table 4); the
/// references are the middles of those ranges.
pub fn quantities<S: Storage>(cells_per_d: usize, threads: usize) -> [Quantity; 7] {
    let s = case_2d1::<S>(cells_per_d, threads);
    let p = case_2d2::<S>(cells_per_d, threads);
    let q = |case, quantity, reference, measured| Quantity {
        case,
        quantity,
        reference,
        measured,
        range: None,
    };
    [
        q("2D-1", Measure::Drag, 5.5795, s.cd),
        Quantity {
            range: Some(s.cl_range),
            ..q("2D-1", Measure::Lift, 0.0106, s.cl)
        },
        q("2D-1", Measure::PressureDrop, 0.11752, s.dp),
        q("2D-1", Measure::Recirculation, 0.0847, s.la),
        q("2D-2", Measure::Strouhal, 0.300, p.strouhal),
        q("2D-2", Measure::DragMax, 3.23, p.cd_max),
        q("2D-2", Measure::LiftMax, 1.00, p.cl_max),
    ]
}
