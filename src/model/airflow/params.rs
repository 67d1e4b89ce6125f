//! The airflow exhibit's parameters as a descriptor spells them, their defaults and checks,
//! and its controls (`KindSpec`).

use super::Obstacle;
use crate::kind_spec::{ControlDef, KindSpec};
use crate::model::RHO_AIR_20C;
use crate::problems::{Problems, join, num};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AirflowParams {
    pub grid: GridParams,
    pub air: AirParams,
    pub jet: JetParams,
    pub nozzle: NozzleParams,
    pub obstacle: ObstacleParams,
    pub ball: BallParams,
    pub smoke: SmokeParams,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GridParams {
    /// Cells along the table (x, away from the nozzle).
    pub width: u32,
    /// Cells across the table.
    pub height: u32,
    /// Size of a cell, m.
    pub cell_m: f64,
    /// Lattice steps per 60 Hz tick.
    pub substeps: u32,
    /// BGK relaxation time τ: the lattice viscosity is (τ − ½)/3.
    pub relaxation_time: f64,
    /// Smagorinsky constant C (0 = none; 0.1–0.2 is usual).
    pub smagorinsky: f64,
    /// Lattice speed of the jet at `jet.max_speed_m_s` (the sound speed is 0.577).
    pub jet_lattice_speed: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AirParams {
    pub density_kg_m3: f64,
    /// Of real air, for the Reynolds number of a real breath.
    pub kinematic_viscosity_m2_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JetParams {
    pub max_speed_m_s: f64,
    /// A breath reaches 95 % of its speed this long after blowing starts.
    pub rise_s: f64,
    /// A breath is never steady: its direction wanders by up to this much (two incommensurate
    /// sines, so it never repeats exactly). A perfectly steady jet on a symmetric lattice
    /// would keep a symmetric wake that no real one has.
    pub wobble_deg: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NozzleParams {
    pub width_m: f64,
    /// The nozzle slides this far either side of the table's centre line (`nozzle_y` = ±1).
    pub travel_m: f64,
    /// It turns this far either way (`nozzle_angle_deg`).
    pub max_angle_deg: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObstacleParams {
    /// Across the flow: the bottle's diameter, the box's side, the plate's length.
    pub width_m: f64,
    /// Distance of its centre from the nozzle edge.
    pub x_m: f64,
    pub plate_thickness_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BallParams {
    pub mass_kg: f64,
    pub radius_m: f64,
    pub drag_coefficient: f64,
    /// Start position: distance from the nozzle edge, and from the centre line.
    pub x_m: f64,
    pub y_m: f64,
    /// Rolling resistance coefficient: the force that holds it is this × its weight.
    pub rolling_resistance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmokeParams {
    /// Smoke fades to 1/e in this many seconds.
    pub fade_s: f64,
}

impl Default for GridParams {
    fn default() -> Self {
        Self {
            width: 256,
            height: 128,
            cell_m: 0.0025,
            substeps: 10,
            relaxation_time: 0.51,
            smagorinsky: 0.15,
            jet_lattice_speed: 0.1,
        }
    }
}
impl Default for AirParams {
    fn default() -> Self {
        Self {
            density_kg_m3: RHO_AIR_20C,
            // Dry air at 20 °C (VDI Heat Atlas, 2010): 1.516·10⁻⁵ m²/s.
            kinematic_viscosity_m2_s: 1.516e-5,
        }
    }
}
impl Default for JetParams {
    fn default() -> Self {
        Self {
            max_speed_m_s: 15.0,
            rise_s: 0.4,
            wobble_deg: 2.0,
        }
    }
}
impl Default for NozzleParams {
    fn default() -> Self {
        Self {
            width_m: 0.03,
            travel_m: 0.1,
            max_angle_deg: 30.0,
        }
    }
}
impl Default for ObstacleParams {
    fn default() -> Self {
        Self {
            width_m: 0.08,
            x_m: 0.24,
            plate_thickness_m: 0.008,
        }
    }
}
impl Default for BallParams {
    fn default() -> Self {
        // A table-tennis ball (ITTF: 40 mm, 2.7 g); C_d of a sphere at Re ~ 10⁴ (Hoerner 1965).
        Self {
            mass_kg: 0.0027,
            radius_m: 0.02,
            drag_coefficient: 0.47,
            x_m: 0.4,
            y_m: 0.0,
            rolling_resistance: 0.01,
        }
    }
}
impl Default for SmokeParams {
    fn default() -> Self {
        Self { fade_s: 3.0 }
    }
}

impl AirflowParams {
    pub fn table_m(&self) -> [f64; 2] {
        [
            self.grid.width as f64 * self.grid.cell_m,
            self.grid.height as f64 * self.grid.cell_m,
        ]
    }
}

impl KindSpec for AirflowParams {
    const NAME: &'static str = "airflow_obstacle";
    const SOUND_EVENTS: &'static [&'static str] = &["blow"];

    fn check(&self, path: &str, p: &mut Problems) {
        let a = |s: &str| join(path, s);
        let g = &self.grid;
        p.range_int(&a("grid.width"), g.width as i64, 64, 4096);
        p.range_int(&a("grid.height"), g.height as i64, 32, 2048);
        p.range(&a("grid.cell_m"), g.cell_m, 0.0005, 0.02, "m");
        p.range_int(&a("grid.substeps"), g.substeps as i64, 1, 64);
        // The kiosk computes the air 60 times a second on one core (~160 million cell updates
        // a second here): a tick of more than 2 million would not keep up.
        let cells = g.width as u64 * g.height as u64;
        if cells > MAX_CELLS {
            p.push(
                a("grid.width"),
                format!(
                    "grid.width × grid.height is {cells} cells; at most {MAX_CELLS} (e.g. 1024 × 512), so that the kiosk can compute the air 60 times a second"
                ),
            );
        } else if cells * g.substeps as u64 > MAX_UPDATES_PER_TICK {
            p.push(
                a("grid.substeps"),
                format!(
                    "{} substeps of {cells} cells is {} cell updates a tick; at most {MAX_UPDATES_PER_TICK}: use fewer substeps or a coarser grid",
                    g.substeps,
                    cells * g.substeps as u64
                ),
            );
        }
        // Below 0.505 the lattice viscosity is so small that the grid cannot resolve the jet's
        // shear layers; above 2 the air is syrup.
        p.ranges(
            path,
            &[
                ("grid.relaxation_time", g.relaxation_time, 0.505, 2.0, ""),
                ("grid.smagorinsky", g.smagorinsky, 0.0, 0.3, ""),
            ],
        );
        // Low Mach number: the lattice is only weakly compressible below ~0.15.
        p.ranges(
            path,
            &[
                (
                    "grid.jet_lattice_speed",
                    g.jet_lattice_speed,
                    0.01,
                    0.15,
                    "",
                ),
                (
                    "air.density_kg_m3",
                    self.air.density_kg_m3,
                    0.5,
                    1.5,
                    "kg/m³",
                ),
                (
                    "air.kinematic_viscosity_m2_s",
                    self.air.kinematic_viscosity_m2_s,
                    1e-6,
                    1e-3,
                    "m²/s",
                ),
                (
                    "jet.max_speed_m_s",
                    self.jet.max_speed_m_s,
                    1.0,
                    40.0,
                    "m/s",
                ),
                ("jet.rise_s", self.jet.rise_s, 0.0, 3.0, "s"),
                ("jet.wobble_deg", self.jet.wobble_deg, 0.0, 10.0, "°"),
                ("smoke.fade_s", self.smoke.fade_s, 0.1, 60.0, "s"),
            ],
        );
        let [tw, th] = self.table_m();
        let cell = g.cell_m;
        let table = format!(
            "the table is grid.width × grid.cell_m = {} m by grid.height × grid.cell_m = {} m",
            num(round_mm(tw)),
            num(round_mm(th))
        );
        p.range_because(
            &a("nozzle.width_m"),
            self.nozzle.width_m,
            3.0 * cell,
            th / 2.0,
            "m",
            &format!("3 cells to half the table's width; {table}"),
        );
        p.range_because(
            &a("nozzle.travel_m"),
            self.nozzle.travel_m,
            0.0,
            (th - self.nozzle.width_m) / 2.0,
            "m",
            &format!("the nozzle must stay on the table's edge; {table}"),
        );
        p.range(
            &a("nozzle.max_angle_deg"),
            self.nozzle.max_angle_deg,
            0.0,
            60.0,
            "°",
        );
        let o = &self.obstacle;
        p.range_because(
            &a("obstacle.width_m"),
            o.width_m,
            6.0 * cell,
            th * 0.6,
            "m",
            &format!("6 cells to 60 % of the table's width; {table}"),
        );
        p.range_because(
            &a("obstacle.x_m"),
            o.x_m,
            o.width_m / 2.0 + 10.0 * cell,
            tw - o.width_m / 2.0 - 10.0 * cell,
            "m",
            &format!("it stands on the table, 10 cells clear of its ends; {table}"),
        );
        p.range_because(
            &a("obstacle.plate_thickness_m"),
            o.plate_thickness_m,
            2.0 * cell,
            o.width_m,
            "m",
            "2 cells to the obstacle's width",
        );
        let b = &self.ball;
        p.range(&a("ball.mass_kg"), b.mass_kg, 0.0002, 0.05, "kg");
        p.range_because(
            &a("ball.radius_m"),
            b.radius_m,
            2.0 * cell,
            0.05,
            "m",
            "2 cells to 5 cm",
        );
        p.ranges(
            path,
            &[
                ("ball.drag_coefficient", b.drag_coefficient, 0.1, 2.0, ""),
                (
                    "ball.rolling_resistance",
                    b.rolling_resistance,
                    0.0,
                    0.5,
                    "",
                ),
            ],
        );
        p.range_because(
            &a("ball.x_m"),
            b.x_m,
            o.x_m + o.width_m / 2.0 + b.radius_m,
            tw - b.radius_m,
            "m",
            &format!("the ball starts behind the obstacle, on the table; {table}"),
        );
        p.range_because(
            &a("ball.y_m"),
            b.y_m,
            -th / 2.0 + b.radius_m,
            th / 2.0 - b.radius_m,
            "m",
            &format!("the ball starts on the table; {table}"),
        );
    }

    fn controls(&self) -> Vec<ControlDef> {
        let (speed, angle) = (self.jet.max_speed_m_s, self.nozzle.max_angle_deg);
        vec![
            ControlDef::toggle("blow"),
            ControlDef::number("jet_speed_m_s", 0.0, speed, 10.0f64.min(speed))
                .range_set_by("kind.jet.max_speed_m_s"),
            ControlDef::choice("obstacle", &Obstacle::NAMES),
            ControlDef::number("nozzle_y", -1.0, 1.0, 0.0),
            ControlDef::number("nozzle_angle_deg", -angle, angle, 0.0)
                .range_set_by("kind.nozzle.max_angle_deg"),
        ]
    }
}

/// The largest grid a descriptor may ask for.
pub const MAX_CELLS: u64 = 1 << 19;
/// Lattice cell updates per 60 Hz tick (about 12 ms of one core at 160 MLUPS).
pub const MAX_UPDATES_PER_TICK: u64 = 2_000_000;

fn round_mm(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
