//! 音乐转盘: the disk is the [`Disk`] model alone (one source of truth, no rapier body); the
//! view turns a mesh by its angle and the voice sounds its ring's pitch.

use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, Hint, KindRegistration, Pointers,
    Telemetry, TickPose, ViewAspect, Voice, active_kind, csv_fixed,
};
use crate::descriptor::kinds::ControlValue;
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::TICK_S;
use crate::model::notes::nearest_note;
use crate::model::turntable::{
    Disk, DiskInputs, SongProgress, TurntableParams, hole_passings, pitch_hz, rad_s_to_rpm,
};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::f32::consts::PI;

const KIND: &str = TurntableParams::NAME;

/// The disk's radius on screen, as a fraction of the exhibit view's height.
pub const DISK_VIEW_RADIUS: f64 = 0.42;

#[derive(Resource)]
pub struct TurntableSim {
    pub disk: Disk,
    pub ring: usize,
    pub blowing: bool,
    pub pitch_hz: f64,
    /// Tick fractions at which holes passed the nozzle this tick.
    pub passings: Vec<f64>,
    pub body: Entity,
    pub song: SongProgress,
    /// What each touch does, decided where it landed.
    touches: BTreeMap<u64, Touch>,
}

#[derive(Debug, Clone, Copy)]
enum Touch {
    /// On the nozzle arm (right of the disk): sliding it picks the ring under the finger.
    Arm,
    /// On the disk: grabs it; a short still touch is a tap that picks the ring tapped.
    Disk {
        start: [f64; 2],
        ticks: u32,
        moved: bool,
    },
    /// Elsewhere: ignored.
    Off,
}

impl TurntableSim {
    pub fn holes(&self) -> u32 {
        self.disk
            .params()
            .rings
            .get(self.ring)
            .copied()
            .unwrap_or(0)
    }
    pub fn ring_radius(&self, i: usize) -> f64 {
        self.disk.params().ring_radius(i)
    }
}

/// A touch in normalised view coordinates → (distance from the disk centre in disk radii,
/// angle), in a view `aspect` wide per unit of height (the disk's size on screen follows the
/// camera's vertical field of view, so only x depends on it).
fn polar(p: [f64; 2], aspect: f64) -> (f64, f64) {
    let dx = (p[0] - 0.5) * aspect;
    let dy = 0.5 - p[1];
    ((dx * dx + dy * dy).sqrt() / DISK_VIEW_RADIUS, dy.atan2(dx))
}

fn classify(p: [f64; 2], aspect: f64) -> Touch {
    let (r, a) = polar(p, aspect);
    if r <= 1.05 {
        Touch::Disk {
            start: p,
            ticks: 0,
            moved: false,
        }
    } else if r <= 1.6 && a.abs() < 0.35 {
        Touch::Arm
    } else {
        Touch::Off
    }
}

#[derive(Component)]
pub struct DiskBody;

impl ExhibitKind for TurntableParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin,
        voice,
        columns: |_| super::fixed_columns(COLUMNS),
        gauges: |_| {
            super::fixed_gauges(&[
                ("rpm", "rpm"),
                ("note", ""),
                ("pitch_hz", "Hz"),
                ("cents", "¢"),
            ])
        },
    };
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step.in_set(ExhibitSet::Step).run_if(active_kind(KIND)),
            record.in_set(ExhibitSet::Record).run_if(active_kind(KIND)),
        ),
    );
}

pub fn spawn(world: &mut World) {
    let KindParams::MusicTurntable(p) = &world.resource::<ActiveExhibit>().descriptor.kind else {
        return;
    };
    let disk = Disk::new(p.clone());
    let t = Transform::IDENTITY;
    let body = world
        .spawn((ExhibitEntity, DiskBody, t, TickPose { prev: t, curr: t }))
        .id();
    world.insert_resource(TurntableSim {
        disk,
        ring: 0,
        blowing: false,
        pitch_hz: 0.0,
        passings: Vec::new(),
        body,
        song: SongProgress::default(),
        touches: BTreeMap::new(),
    });
}

/// A tap: shorter than this and moving less than [`TAP_SLOP`] (normalised) picks a ring.
const TAP_TICKS: u32 = 15;
const TAP_SLOP: f64 = 0.02;

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    sim: Option<ResMut<TurntableSim>>,
    mut bodies: Query<&mut Transform, With<DiskBody>>,
    mut hint: ResMut<Hint>,
    aspect: Res<ViewAspect>,
) {
    let Some(mut sim) = sim else { return };
    let sim = &mut *sim;
    let aspect = aspect.0;
    let r_disk = sim.disk.params().disk.radius_m;
    // Touches: lifted ones first (a tap picks the ring it landed on), then the ones down.
    let lifted: Vec<(u64, Touch)> = sim
        .touches
        .iter()
        .filter(|(id, _)| !pointers.down.iter().any(|(d, _)| d == *id))
        .map(|(id, t)| (*id, *t))
        .collect();
    for (id, t) in lifted {
        sim.touches.remove(&id);
        if let Touch::Disk {
            start,
            ticks,
            moved: false,
        } = t
            && ticks < TAP_TICKS
        {
            let ring = sim.disk.params().ring_at(polar(start, aspect).0 * r_disk);
            active.set("ring", ControlValue::Number(ring as f64));
        }
    }
    let mut finger = None;
    for (id, p) in &pointers.down {
        let t = sim
            .touches
            .entry(*id)
            .or_insert_with(|| classify(*p, aspect));
        match t {
            Touch::Arm => {
                let ring = sim.disk.params().ring_at(polar(*p, aspect).0 * r_disk);
                active.set("ring", ControlValue::Number(ring as f64));
            }
            Touch::Disk {
                start,
                ticks,
                moved,
            } => {
                *ticks += 1;
                *moved |= (p[0] - start[0]).hypot(p[1] - start[1]) > TAP_SLOP;
                if finger.is_none() && (*moved || *ticks >= TAP_TICKS) {
                    finger = Some(polar(*p, aspect).1);
                }
            }
            Touch::Off => {}
        }
    }
    let rings = sim.disk.params().rings.len();
    sim.ring = (active.number("ring").max(0.0) as usize).min(rings.saturating_sub(1));
    let blowing = active.bool("blow");
    // Song mode plays on the first eight rings as a major scale; a disk with fewer has no song.
    if active.bool("song") && rings >= 8 {
        if blowing && !sim.blowing {
            sim.song.blown(sim.ring);
        }
        // The ring to blow, and the note it gives at the disk's present speed.
        let next = sim.song.next_ring();
        let holes = sim.disk.params().rings.get(next).copied().unwrap_or(0);
        let hz = pitch_hz(holes, sim.disk.omega);
        let note = nearest_note(hz)
            .filter(|_| hz >= 20.0)
            .map(|n| n.0)
            .unwrap_or_default();
        hint.0 = Some(("song_next", format!("{} · {note} {hz:.0} Hz", next + 1)));
    } else {
        hint.0 = None;
    }
    sim.blowing = blowing;
    let input = DiskInputs {
        motor_rpm: active.number("motor_rpm"),
        finger_angle: finger,
    };
    let (a0, a1) = sim.disk.step(TICK_S, input);
    let holes = sim.holes();
    sim.passings = hole_passings(holes, a0, a1);
    sim.pitch_hz = pitch_hz(holes, sim.disk.omega);
    if let Ok(mut t) = bodies.get_mut(sim.body) {
        // The disk lies in the table plane (x–z) and turns about y.
        t.rotation = Quat::from_rotation_y(sim.disk.angle as f32);
    }
}

/// The CSV columns, in the order [`record`] writes them.
pub const COLUMNS: &[&str] = &[
    "omega_rad_s",
    "rpm",
    "nozzle_ring",
    "ring_holes",
    "pitch_hz",
    "note",
    "cents",
    "blowing",
];

fn record(sim: Option<Res<TurntableSim>>, mut telemetry: ResMut<Telemetry>) {
    let Some(sim) = sim else { return };
    let (note, cents) = nearest_note(sim.pitch_hz)
        .filter(|_| sim.pitch_hz >= 20.0)
        .unwrap_or(("-".into(), 0.0));
    telemetry.record(vec![
        ("omega_rad_s", csv_fixed(sim.disk.omega, 5)),
        ("rpm", csv_fixed(rad_s_to_rpm(sim.disk.omega), 3)),
        ("nozzle_ring", sim.ring.to_string()),
        ("ring_holes", sim.holes().to_string()),
        ("pitch_hz", csv_fixed(sim.pitch_hz, 4)),
        ("note", note),
        ("cents", csv_fixed(cents, 2)),
        ("blowing", (sim.blowing as u8).to_string()),
    ]);
}

/// What the siren sounds like now.
pub fn voice(world: &World) -> Option<Voice> {
    let sim = world.get_resource::<TurntableSim>()?;
    let p = &sim.disk.params().sound;
    Some(Voice {
        freq_hz: sim.pitch_hz,
        level: if sim.blowing { p.volume } else { 0.0 },
        duty: p.puff_duty,
    })
}

// ---------------------------------------------------------------------------------------
// View (kiosk only)

pub fn view_plugin(app: &mut App) {
    app.add_systems(Update, (spawn_view, draw_live).run_if(active_kind(KIND)));
}

#[derive(Component)]
struct DiskVisual;

fn spawn_view(
    mut commands: Commands,
    sim: Option<Res<TurntableSim>>,
    added: Query<Entity, Added<DiskBody>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let (Some(sim), Ok(body)) = (sim, added.single()) else {
        return;
    };
    let r = sim.disk.params().disk.radius_m as f32;
    let steel = materials.add(StandardMaterial {
        base_color: Color::srgb(0.72, 0.74, 0.78),
        metallic: 0.7,
        perceptual_roughness: 0.35,
        ..default()
    });
    let hole_mat = materials.add(StandardMaterial {
        base_color: Color::srgb(0.05, 0.05, 0.08),
        unlit: true,
        ..default()
    });
    let hole_mesh = meshes.add(Cylinder::new(0.0035, 0.0025));
    let disk = commands
        .spawn((
            ExhibitEntity,
            DiskVisual,
            super::FollowBody(body),
            Transform::default(),
            Visibility::default(),
            Mesh3d(meshes.add(Cylinder::new(r, 0.002))),
            MeshMaterial3d(steel),
        ))
        .id();
    for (i, &n) in sim.disk.params().rings.iter().enumerate() {
        let rr = sim.ring_radius(i) as f32;
        for k in 0..n {
            let a = k as f32 * 2.0 * PI / n as f32;
            let hole = commands
                .spawn((
                    Mesh3d(hole_mesh.clone()),
                    MeshMaterial3d(hole_mat.clone()),
                    Transform::from_xyz(rr * a.cos(), 0.0005, -rr * a.sin()),
                ))
                .id();
            commands.entity(disk).add_child(hole);
        }
    }
    // Hub and table.
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cylinder::new(0.015, 0.02))),
        MeshMaterial3d(materials.add(Color::srgb(0.2, 0.2, 0.22))),
        Transform::from_xyz(0.0, 0.005, 0.0),
    ));
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cuboid::new(0.9, 0.02, 0.6))),
        MeshMaterial3d(materials.add(Color::srgb(0.45, 0.33, 0.24))),
        Transform::from_xyz(0.0, -0.02, 0.0),
    ));
}

/// Nozzle arm over the chosen ring, puffs at the nozzle, and the pitch strip.
fn draw_live(
    sim: Option<Res<TurntableSim>>,
    active: Res<ActiveExhibit>,
    mut gizmos: Gizmos,
    mut history: Local<Vec<f32>>,
) {
    let Some(sim) = sim else { return };
    let song_ring =
        (active.bool("song") && sim.disk.params().rings.len() >= 8).then(|| sim.song.next_ring());
    let rr = sim.ring_radius(sim.ring) as f32;
    let r = sim.disk.params().disk.radius_m as f32;
    // The nozzle sits at angle 0 (+x); its arm comes in from the right edge.
    let y = 0.02;
    let tip = Vec3::new(rr, y, 0.0);
    gizmos.line(
        tip,
        Vec3::new(r + 0.08, y, 0.0),
        Color::srgb(0.9, 0.9, 0.95),
    );
    gizmos.circle(
        Isometry3d::new(tip, Quat::from_rotation_x(PI / 2.0)),
        0.006,
        Color::srgb(1.0, 0.85, 0.2),
    );
    gizmos.circle(
        Isometry3d::new(Vec3::new(0.0, 0.003, 0.0), Quat::from_rotation_x(PI / 2.0)),
        rr,
        Color::srgba(1.0, 0.85, 0.2, 0.5),
    );
    // The hole under the nozzle lights up as it passes; brighter while air goes through it.
    if !sim.passings.is_empty() {
        let c = if sim.blowing {
            Color::srgb(0.3, 0.9, 1.0)
        } else {
            Color::srgba(1.0, 0.9, 0.5, 0.6)
        };
        gizmos.sphere(Isometry3d::from_translation(tip), 0.008, c);
    }
    // Song mode: the ring of the next note glows green.
    if let Some(next) = song_ring {
        gizmos.circle(
            Isometry3d::new(Vec3::new(0.0, 0.004, 0.0), Quat::from_rotation_x(PI / 2.0)),
            sim.ring_radius(next) as f32,
            Color::srgb(0.3, 1.0, 0.4),
        );
    }
    // Pitch over the last 4 s along the near edge of the table.
    history.push(sim.pitch_hz as f32);
    let keep = 240;
    if history.len() > keep {
        let extra = history.len() - keep;
        history.drain(..extra);
    }
    let x0 = -0.28;
    let pts = history.iter().enumerate().map(|(k, hz)| {
        Vec3::new(
            x0 + k as f32 * 0.56 / keep as f32,
            0.0,
            0.24 - (hz / 1000.0).min(1.0) * 0.08,
        )
    });
    gizmos.linestrip(pts, Color::srgb(0.3, 1.0, 0.5));
}
