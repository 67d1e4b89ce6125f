//! The running scene: a rapier world built from [`MechanicsParams`], stepped one 60 Hz tick at
//! a time, with the controls' effects and the probes' measurements.

use super::parts::{Body, Rod, vec3};
use super::spec::*;
use super::{SUBSTEPS, build};
use crate::kind_spec::ControlValue;
use crate::model::{TICK_S, V3};
use rapier3d::prelude::*;
use std::collections::BTreeMap;

/// A visitor's finger on a body: the point of the body it holds (in the body's frame) is
/// pulled toward `target` by a critically damped spring of 3 Hz, its force capped at
/// [`GRAB_MAX_G`] times the body's weight so a finger cannot throw a body through a wall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grab {
    pub body: usize,
    pub local_point: V3,
    pub target: V3,
}

pub const GRAB_HZ: f64 = 3.0;
pub const GRAB_MAX_G: f64 = 4.0;

/// Running state of a probe that integrates or watches over time.
#[derive(Debug, Clone, Default)]
struct Watch {
    angle: f64,
    /// The velocity and position along the probe's axis after the last substep.
    last: Option<(f64, f64)>,
    /// The side the velocity was last seen past ±[`TURN_SPEED`] on (0 before it has been).
    side: i8,
    /// The last zero crossing of the velocity (t, x), a turning point once the velocity gets
    /// past the threshold on the other side.
    crossing: Option<(f64, f64)>,
    turns: Turns,
    arrived: Option<f64>,
    was_inside: bool,
}

/// Turning points seen: those of the probe's window, and the whole run's half swings as a sum
/// and a count (all of them are not kept: a kiosk's pendulum swings for months).
#[derive(Debug, Clone, Default)]
struct Turns {
    recent: std::collections::VecDeque<(f64, f64)>,
    /// The last [`JUDGED_BY`] times between turning points, that the next is judged by.
    halves: std::collections::VecDeque<f64>,
    /// The whole run's half swings that were counted: their sum (s) and number.
    sum: f64,
    counted: usize,
}

/// A half swing is judged by the median of this many of the last.
const JUDGED_BY: usize = 7;
/// A half swing further than this fraction (5 %) from that median is not counted: at a beat node
/// the swing dies and its phase jumps by half a swing, cutting one short or stretching it
/// (counting it read a coupled pendulum's period 2.5 % short).
const HALF_SWING_TOLERANCE: f64 = 0.05;

impl Turns {
    fn push(&mut self, turn: (f64, f64)) {
        if let Some(prev) = self.recent.back() {
            self.halves.push_back(turn.0 - prev.0);
            if self.halves.len() > JUDGED_BY {
                self.halves.pop_front();
            }
            let steady = |d: f64, m: f64| (d - m).abs() <= HALF_SWING_TOLERANCE * m;
            let m = median(self.halves.iter().copied());
            // The first three are judged together, once there is a median to judge them by.
            let judged = match self.halves.len() {
                0..3 => 0,
                3 => 3,
                _ => 1,
            };
            for &d in self.halves.iter().rev().take(judged) {
                if steady(d, m) {
                    self.sum += d;
                    self.counted += 1;
                }
            }
        }
        self.recent.push_back(turn);
    }
}

/// The median of `xs` (0 for none).
fn median(xs: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// m/s: a velocity must get past this on the other side for its zero crossing to count as a
/// turning point, so a start at rest, or a body shivering at a beat node, has none.
pub const TURN_SPEED: f64 = 1e-3;

pub struct MechanicsWorld {
    /// The file's scene.
    file: MechanicsParams,
    /// The scene running: the file's with the parameter controls applied.
    pub(super) scene: MechanicsParams,
    pub(super) world: PhysicsWorld,
    pub(super) bodies: Vec<Option<Body>>,
    pub(super) ground: RigidBodyHandle,
    pub(super) joints: BTreeMap<String, ImpulseJointHandle>,
    pub(super) rods: Vec<Rod>,
    /// Each rod's direction before this step (`world/rods.rs`).
    rod_dirs: Vec<Vector>,
    controls: BTreeMap<String, ControlValue>,
    forces_on: BTreeMap<String, bool>,
    /// Each force's phase, rad (a `Drive`'s or `Shake`'s 2πft + φ; 0 for the others).
    phases: Vec<f64>,
    /// Seconds since the scene was (re)built.
    t: f64,
    released_at: Option<f64>,
    watches: Vec<Watch>,
    events: Vec<String>,
    /// How many times the scene was rebuilt (a parameter, a variant, a reset).
    pub builds: u64,
}

impl MechanicsWorld {
    /// The scene of `file` with the controls at `controls` (missing ones at their defaults).
    pub fn new(file: &MechanicsParams, controls: &BTreeMap<String, ControlValue>) -> Self {
        let mut w = Self {
            file: file.clone(),
            scene: file.clone(),
            world: PhysicsWorld::new(),
            bodies: Vec::new(),
            ground: RigidBodyHandle::invalid(),
            joints: BTreeMap::new(),
            rods: Vec::new(),
            rod_dirs: Vec::new(),
            controls: controls.clone(),
            forces_on: BTreeMap::new(),
            phases: Vec::new(),
            t: 0.0,
            released_at: None,
            watches: Vec::new(),
            events: Vec::new(),
            builds: 0,
        };
        w.rebuild();
        w
    }

    fn rebuild(&mut self) {
        self.scene = build::with_parameters(&self.file, &self.controls);
        let present = build::present_bodies(&self.scene, &self.controls);
        let built = build::world(&self.scene, &present);
        self.world = built.world;
        self.bodies = built.bodies;
        self.ground = built.ground;
        self.joints = built.joints;
        self.rods = built.rods;
        self.forces_on = self
            .scene
            .forces
            .iter()
            .filter_map(|f| match f {
                ForceSpec::Constant { id, on, .. } => {
                    let by_control = self.scene.controls.iter().find_map(|c| match &c.does {
                        Does::Force { force } if force == id => Some(matches!(
                            self.controls.get(&c.name),
                            Some(ControlValue::Bool(true))
                        )),
                        _ => None,
                    });
                    Some((id.clone(), by_control.unwrap_or(*on)))
                }
                _ => None,
            })
            .collect();
        self.phases = self
            .scene
            .forces
            .iter()
            .map(|f| match f {
                ForceSpec::Drive { phase_deg, .. } | ForceSpec::Shake { phase_deg, .. } => {
                    phase_deg.to_radians()
                }
                _ => 0.0,
            })
            .collect();
        // A shaken body starts where its shake has it at t = 0.
        for (f, phase) in self.scene.forces.iter().zip(&self.phases) {
            if let ForceSpec::Shake {
                body, amplitude_m, ..
            } = f
                && let Some((handle, start)) = self.body(body).map(|b| (b.handle, b.start))
            {
                let at = crate::model::add(start, crate::model::scale(*amplitude_m, phase.sin()));
                self.world.bodies[handle].set_translation(vec3(at), true);
            }
        }
        self.t = 0.0;
        let any_held = self.bodies.iter().flatten().any(|b| b.held);
        self.released_at = (!any_held).then_some(0.0);
        self.watches = vec![Watch::default(); self.scene.probes.len()];
        self.builds += 1;
        self.apply_motors();
    }

    /// The scene as it runs now (parameters applied).
    pub fn scene(&self) -> &MechanicsParams {
        &self.scene
    }

    /// Events of the last tick: `release`, and the id of each zone a body entered.
    pub fn events(&self) -> &[String] {
        &self.events
    }

    pub fn seconds(&self) -> f64 {
        self.t
    }

    pub fn released(&self) -> bool {
        self.released_at.is_some()
    }

    /// One 60 Hz tick with the controls at `controls` and an optional grab.
    pub fn step(&mut self, controls: &BTreeMap<String, ControlValue>, grab: Option<Grab>) {
        self.events.clear();
        self.apply_controls(controls);
        let dt = TICK_S / SUBSTEPS as f64;
        self.world.integration_parameters.dt = dt as f32;
        for _ in 0..SUBSTEPS {
            self.apply_forces(grab, dt);
            self.shake(dt);
            self.kick(dt / 2.0);
            self.note_rods();
            self.world.step();
            self.hold_rods(dt);
            self.t += dt;
            self.advance_phases(dt);
            self.kick(dt / 2.0);
            self.rods_slide_only();
            self.watch(dt);
        }
    }

    fn apply_controls(&mut self, now: &BTreeMap<String, ControlValue>) {
        let before = std::mem::replace(&mut self.controls, now.clone());
        let rose = |name: &str| {
            matches!(now.get(name), Some(ControlValue::Bool(true)))
                && !matches!(before.get(name), Some(ControlValue::Bool(true)))
        };
        let changed = |name: &str| now.get(name) != before.get(name);
        let (mut rebuild, mut retune) = (false, false);
        let controls = self.scene.controls.clone();
        for c in &controls {
            match &c.does {
                Does::Reset if rose(&c.name) => rebuild = true,
                Does::Parameter(_) | Does::Variant { .. } if changed(&c.name) => rebuild = true,
                Does::Tune(_) if changed(&c.name) => retune = true,
                _ => {}
            }
        }
        if rebuild {
            self.rebuild();
        } else if retune {
            build::write_numbers(&mut self.scene, &self.file, &self.controls, true);
        }
        for c in &controls {
            match &c.does {
                // A level, not an edge: held bodies go whenever it is on, also in a scene
                // rebuilt with it on (a new gravity, and the race runs again at once).
                Does::Release if matches!(now.get(&c.name), Some(ControlValue::Bool(true))) => {
                    self.release()
                }
                Does::Impulse { body, impulse_n_s } if rose(&c.name) => {
                    if let Some(h) = self.handle(body) {
                        self.world.bodies[h].apply_impulse(vec3(*impulse_n_s), true);
                    }
                }
                Does::Force { force } if changed(&c.name) => {
                    let on = matches!(now.get(&c.name), Some(ControlValue::Bool(true)));
                    self.forces_on.insert(force.clone(), on);
                }
                Does::Motor { .. } if changed(&c.name) => self.apply_motors(),
                _ => {}
            }
        }
    }

    fn release(&mut self) {
        if self.released_at.is_some() {
            return;
        }
        for b in self.bodies.iter_mut().flatten() {
            if b.held {
                b.held = false;
                let rb = &mut self.world.bodies[b.handle];
                rb.set_body_type(RigidBodyType::Dynamic, true);
                rb.set_linvel(vec3(b.launch.0), true);
                rb.set_angvel(vec3(b.launch.1), true);
            }
        }
        self.released_at = Some(self.t);
        self.events.push("release".into());
    }

    /// Each hinge motor at its control's value, or the file's speed.
    fn apply_motors(&mut self) {
        for j in &self.scene.joints {
            let JointKind::Hinge { motor: Some(m), .. } = &j.kind else {
                continue;
            };
            let speed = self
                .scene
                .controls
                .iter()
                .find_map(|c| match &c.does {
                    Does::Motor { joint, .. } if *joint == j.id => match self.controls.get(&c.name)
                    {
                        Some(ControlValue::Number(x)) => Some(*x),
                        _ => Some(0.0),
                    },
                    _ => None,
                })
                .unwrap_or(m.speed_rad_s);
            if let Some(h) = self.joints.get(&j.id)
                && let Some(joint) = self.world.impulse_joints.get_mut(*h, true)
            {
                joint
                    .data
                    .set_motor_velocity(JointAxis::AngX, speed as f32, super::build::MOTOR_GAIN)
                    .set_motor_max_force(JointAxis::AngX, m.max_torque_n_m as f32);
            }
        }
    }

    pub(super) fn handle(&self, id: &str) -> Option<RigidBodyHandle> {
        self.body(id).map(|b| b.handle)
    }

    pub(super) fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().flatten().find(|b| b.id == id)
    }

    /// Every body present: its index in the file's list, position and rotation (x, y, z, w).
    pub fn poses(&self) -> Vec<(usize, V3, [f64; 4])> {
        self.bodies
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let rb = &self.world.bodies[b.as_ref()?.handle];
                let p = rb.translation();
                let q = rb.rotation();
                Some((
                    i,
                    [p.x as f64, p.y as f64, p.z as f64],
                    [q.x as f64, q.y as f64, q.z as f64, q.w as f64],
                ))
            })
            .collect()
    }

    /// The body (index in the file's list) a ray from `origin` along `dir` hits first, and where.
    pub fn pick(&self, origin: V3, dir: V3) -> Option<(usize, V3)> {
        let ray = Ray::new(vec3(origin), vec3(dir).normalize_or_zero());
        let (ch, toi) = self
            .world
            .cast_ray(&ray, 100.0, true, QueryFilter::default())?;
        let hit = ray.point_at(toi);
        let parent = self.world.colliders.get(ch)?.parent()?;
        let i = self
            .bodies
            .iter()
            .position(|b| b.as_ref().is_some_and(|b| b.handle == parent))?;
        Some((i, [hit.x as f64, hit.y as f64, hit.z as f64]))
    }

    /// `p` (world) in the frame of body `i`.
    pub fn to_local(&self, i: usize, p: V3) -> Option<V3> {
        let rb = &self.world.bodies[self.bodies.get(i)?.as_ref()?.handle];
        let l = rb.position().inverse_transform_point(vec3(p));
        Some([l.x as f64, l.y as f64, l.z as f64])
    }

    pub fn is_dynamic(&self, i: usize) -> bool {
        self.bodies
            .get(i)
            .and_then(|b| b.as_ref())
            .is_some_and(|b| self.world.bodies[b.handle].is_dynamic())
    }

    /// Every body's position and velocity finite (rapier quarantines a body that is not).
    pub fn all_finite(&self) -> bool {
        self.bodies.iter().flatten().all(|b| {
            let rb = &self.world.bodies[b.handle];
            rb.translation().is_finite() && rb.linvel().is_finite() && rb.angvel().is_finite()
        }) && self.world.quarantine().is_empty()
    }
}

mod forces;
mod probes;
mod rods;
#[cfg(test)]
mod tests;
