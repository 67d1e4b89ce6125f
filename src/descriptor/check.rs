//! Meaning-level checks of a descriptor: ranges, units, localisations, controls, sounds,
//! scripts. Every problem is collected with its field path; `source` places it in the file.

use super::kinds::{ControlDef, ControlType, FileUse};
use super::types::*;
use crate::problems::{Problems, join, num, one_line};

/// The pack's check of one of its files, named relative to the pack, for a use: present,
/// inside the pack, of the use's format; what is wrong with it if not.
pub type AssetCheck<'a> = dyn Fn(&str, FileUse) -> Result<(), String> + 'a;

/// A file of the pack named at `field`: a relative path inside the pack, with an ending of its
/// use, and passing the pack's own `asset` check.
fn check_pack_file(field: &str, rel: &str, used_as: FileUse, asset: &AssetCheck, p: &mut Problems) {
    if !check_relative_path(field, rel, p) {
        return;
    }
    let lower = rel.to_ascii_lowercase();
    if !used_as.extensions().iter().any(|e| lower.ends_with(e)) {
        p.push(
            field,
            format!("`{}` {}", one_line(rel), used_as.wrong_type()),
        );
    } else if let Err(e) = asset(rel, used_as) {
        p.push(field, e);
    }
}

pub fn check_relative_path(path_field: &str, rel: &str, p: &mut Problems) -> bool {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.starts_with('\\')
        || rel.contains(':')
        || rel.split(['/', '\\']).any(|c| c == "..");
    if bad {
        p.push(
            path_field,
            format!("`{}` leaves the pack: use a path inside the pack folder, without `..` or a leading `/`", one_line(rel)),
        );
    }
    !bad
}

pub use crate::problems::parse_color;

fn check_color(path: &str, s: &str, p: &mut Problems) {
    p.color(path, s);
}

fn check_vec(path: &str, v: &[f32], lo: f64, hi: f64, unit: &str, p: &mut Problems) {
    p.range_each(path, v.iter().map(|x| *x as f64), lo, hi, unit);
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

impl ExhibitDescriptor {
    /// Every meaning-level problem of this descriptor, with field paths. `asset` checks a
    /// pack-relative file (present, inside the pack, readable) and says what is wrong with it.
    pub fn check(&self, asset: &AssetCheck) -> Problems {
        let mut p = Problems::default();
        if !is_valid_id(&self.id) {
            p.push(
                "id",
                format!("`{}` is not a valid id: use 1–64 lowercase letters, digits, `_` or `-`, starting with a letter", self.id),
            );
        }
        self.kind.check("kind", &mut p);
        p.one_line_text("title", &self.title);
        p.localized("blurb", &self.blurb, true);
        p.localized("explanation", &self.explanation, false);
        p.range_int("max_pointers", self.max_pointers as i64, 1, 10);
        check_scene(&self.scene, &mut p);
        let defs = self.kind.controls();
        self.check_controls(&defs, &mut p);
        self.check_files(asset, &mut p);
        if let Some(x) = self.reset.idle_s {
            p.range("reset.idle_s", x, 10.0, 3600.0, "s");
        }
        if let Some(x) = self.reset.countdown_s {
            p.range("reset.countdown_s", x, 3.0, 120.0, "s");
        }
        check_script("attract", &self.attract, &defs, &mut p);
        p
    }

    /// One widget per control, of the control's type, with options and dial limits it has.
    fn check_controls(&self, defs: &[ControlDef], p: &mut Problems) {
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        let mut seen = Vec::new();
        for (i, c) in self.controls.iter().enumerate() {
            let path = format!("controls[{i}]");
            p.one_line_text(&join(&path, "label"), &c.label);
            let Some(def) = defs.iter().find(|d| d.name == c.drives) else {
                p.push(
                    join(&path, "drives"),
                    format!(
                        "`{}` is not a control of `{}`: use one of {}",
                        c.drives,
                        self.kind.name(),
                        names.join(", ")
                    ),
                );
                continue;
            };
            if seen.contains(&c.drives) {
                p.push(
                    join(&path, "drives"),
                    format!(
                        "`{}` already has a widget: one widget per control",
                        c.drives
                    ),
                );
            }
            seen.push(c.drives.clone());
            check_widget(&path, c, def, p);
        }
    }

    /// The pack files it names: sounds (with their events), the preview and its kind's files.
    fn check_files(&self, asset: &AssetCheck, p: &mut Problems) {
        let events = self.kind.sound_events();
        for (i, s) in self.sounds.iter().enumerate() {
            let path = format!("sounds[{i}]");
            if !events.contains(&s.on) {
                p.push(
                    join(&path, "on"),
                    format!(
                        "`{}` is not a sound event of `{}`: use one of {}",
                        s.on,
                        self.kind.name(),
                        events.join(", ")
                    ),
                );
            }
            p.range(&join(&path, "volume"), s.volume, 0.0, 1.0, "");
            if let Some(f) = &s.file {
                check_pack_file(&join(&path, "file"), f, FileUse::Sound, asset, p);
            }
        }
        if let Some(f) = &self.preview {
            check_pack_file("preview", f, FileUse::Preview, asset, p);
        }
        for f in self.kind.files() {
            check_pack_file(&join("kind", &f.field), &f.rel, f.used_as, asset, p);
        }
    }
}

/// The widget at `path` for control `def`: a kind that fits, an initial value it takes, dial
/// limits inside the control's range, choice labels for its options.
fn check_widget(path: &str, c: &ControlSpec, def: &ControlDef, p: &mut Problems) {
    use ControlType as T;
    let fits = matches!(
        (&def.ty, c.widget),
        (T::Bool, Widget::Hold | Widget::Toggle)
            | (T::Number { .. }, Widget::Dial)
            | (T::Choice(_), Widget::Choice)
    );
    if !fits {
        let want = match def.ty {
            T::Bool => "hold or toggle",
            T::Number { .. } => "dial",
            T::Choice(_) => "choice",
        };
        p.push(
            join(path, "widget"),
            format!("`{}` needs a {want} widget", c.drives),
        );
    }
    if let Some(v) = &c.initial
        && let Err(e) = def.check(v)
    {
        p.push_named(join(path, "initial"), e);
    }
    if let T::Number { min, max, .. } = def.ty {
        let lo = c.min.unwrap_or(min);
        let hi = c.max.unwrap_or(max);
        let why = format!("the range of `{}`{}", def.name, def.range_source());
        if let Some(x) = c.min {
            p.range_because(&join(path, "min"), x, min, max, "", &why);
        }
        if let Some(x) = c.max {
            p.range_because(&join(path, "max"), x, min, max, "", &why);
        }
        if lo >= hi {
            p.push(
                join(path, "max"),
                format!(
                    "the dial's `max` ({}) must be above its `min` ({})",
                    num(hi),
                    num(lo)
                ),
            );
        }
    } else if c.min.is_some() || c.max.is_some() {
        p.push(join(path, "min"), "`min` and `max` are for dials only");
    }
    if let T::Choice(options) = &def.ty {
        for (key, label) in &c.options {
            let op = format!("{}.{key}", join(path, "options"));
            if !options.contains(key) {
                p.push(
                    op.clone(),
                    format!(
                        "`{key}` is not an option of `{}`: use {}",
                        c.drives,
                        options.join(", ")
                    ),
                );
            }
            p.one_line_text(&op, label);
        }
    }
}

/// The camera, background, lights and props.
fn check_scene(s: &Scene, p: &mut Problems) {
    check_vec(
        "scene.camera.position",
        &s.camera.position,
        -100.0,
        100.0,
        "m",
        p,
    );
    check_vec(
        "scene.camera.look_at",
        &s.camera.look_at,
        -100.0,
        100.0,
        "m",
        p,
    );
    p.range(
        "scene.camera.fov_deg",
        s.camera.fov_deg as f64,
        5.0,
        120.0,
        "°",
    );
    if s.camera.position == s.camera.look_at {
        p.push(
            "scene.camera.look_at",
            "the camera looks at its own position: move `look_at` away from `position`",
        );
    }
    check_color("scene.background", &s.background, p);
    p.range(
        "scene.ambient_brightness",
        s.ambient_brightness as f64,
        0.0,
        10000.0,
        "",
    );
    if s.lights.len() > 8 {
        p.push(
            "scene.lights",
            format!("{} lights; at most 8 keep the kiosk fast", s.lights.len()),
        );
    }
    for (i, l) in s.lights.iter().enumerate() {
        check_light(&format!("scene.lights[{i}]"), l, p);
    }
    if s.props.len() > 200 {
        p.push(
            "scene.props",
            format!("{} props; at most 200", s.props.len()),
        );
    }
    for (i, prop) in s.props.iter().enumerate() {
        check_prop(&format!("scene.props[{i}]"), prop, p);
    }
}

fn check_light(path: &str, l: &LightSpec, p: &mut Problems) {
    match l {
        LightSpec::Directional {
            direction,
            illuminance_lux,
            color,
            ..
        } => {
            check_vec(&join(path, "direction"), direction, -1.0, 1.0, "", p);
            if direction.iter().all(|c| *c == 0.0) {
                p.push(
                    join(path, "direction"),
                    "a light direction cannot be (0, 0, 0)",
                );
            }
            p.range(
                &join(path, "illuminance_lux"),
                *illuminance_lux as f64,
                0.0,
                150000.0,
                "lx",
            );
            check_color(&join(path, "color"), color, p);
        }
        LightSpec::Point {
            position,
            intensity_lm,
            range_m,
            color,
            ..
        } => {
            check_vec(&join(path, "position"), position, -100.0, 100.0, "m", p);
            p.ranges(
                path,
                &[
                    ("intensity_lm", *intensity_lm as f64, 0.0, 1.0e7, "lm"),
                    ("range_m", *range_m as f64, 0.01, 1000.0, "m"),
                ],
            );
            check_color(&join(path, "color"), color, p);
        }
    }
}

fn check_prop(path: &str, prop: &PropSpec, p: &mut Problems) {
    let sp = join(path, "shape");
    match &prop.shape {
        Shape::Box { size } => check_vec(&join(&sp, "size"), size, 0.0001, 100.0, "m", p),
        Shape::Sphere { radius } => {
            p.range(&join(&sp, "radius"), *radius as f64, 0.0001, 100.0, "m")
        }
        Shape::Cylinder { radius, height } => p.ranges(
            &sp,
            &[
                ("radius", *radius as f64, 0.0001, 100.0, "m"),
                ("height", *height as f64, 0.0001, 100.0, "m"),
            ],
        ),
        Shape::Plane { size } => check_vec(&join(&sp, "size"), size, 0.0001, 1000.0, "m", p),
    }
    let m = &prop.material;
    let mp = join(path, "material");
    check_color(&join(&mp, "color"), &m.color, p);
    p.ranges(
        &mp,
        &[
            ("metallic", m.metallic as f64, 0.0, 1.0, ""),
            ("roughness", m.roughness as f64, 0.0, 1.0, ""),
            ("alpha", m.alpha as f64, 0.0, 1.0, ""),
            ("emissive", m.emissive as f64, 0.0, 100.0, ""),
        ],
    );
    let t = &prop.transform;
    let tp = join(path, "transform");
    check_vec(
        &join(&tp, "translation"),
        &t.translation,
        -100.0,
        100.0,
        "m",
        p,
    );
    check_vec(
        &join(&tp, "rotation_deg"),
        &t.rotation_deg,
        -360.0,
        360.0,
        "°",
        p,
    );
    check_vec(&join(&tp, "scale"), &t.scale, 0.001, 1000.0, "", p);
}

/// Checks a list of timed inputs against the kind's controls.
pub fn check_script(path: &str, events: &[ScriptEvent], defs: &[ControlDef], p: &mut Problems) {
    let mut last = 0.0;
    for (i, e) in events.iter().enumerate() {
        let ep = format!("{path}[{i}]");
        p.range(&join(&ep, "t_s"), e.t_s, 0.0, 86_400.0, "s");
        if e.t_s < last {
            p.push(
                join(&ep, "t_s"),
                format!(
                    "events must be in time order: {} s comes after {} s",
                    num(e.t_s),
                    num(last)
                ),
            );
        }
        last = e.t_s;
        match &e.input {
            Input::Set { control, value } => match defs.iter().find(|d| &d.name == control) {
                None => p.push(
                    join(&ep, "input.control"),
                    format!(
                        "`{control}` is not a control here: use one of {}",
                        defs.iter()
                            .map(|d| d.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some(d) => {
                    if let Err(err) = d.check(value) {
                        p.push_named(join(&ep, "input.value"), err);
                    }
                }
            },
            Input::Touch { x, y, .. } => {
                p.range(&join(&ep, "input.x"), *x, 0.0, 1.0, "");
                p.range(&join(&ep, "input.y"), *y, 0.0, 1.0, "");
            }
            Input::Button { .. } => {}
        }
    }
}
