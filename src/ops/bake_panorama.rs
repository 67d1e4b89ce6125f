//! `caravan bake-panorama EXHIBIT --out FILE`: a 360° image of an exhibit's scene, for a
//! `panorama` exhibit. The kiosk renders six 90° views from one point (the faces of a cube,
//! each by `caravan screenshot --bare` with the camera moved), and this joins them into an
//! equirectangular image: for each of its pixels, the direction it stands for
//! (`panorama::direction`), the face that looks most nearly that way, and the point of that
//! face's picture where the direction shows, through the very camera the kiosk placed.

use crate::descriptor::CameraSpec;
use crate::exhibits::camera_transform;
use crate::model::panorama::direction;
use crate::ops::simulate::resolve;
use bevy::math::Vec3;
use image::{Rgb, RgbImage};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// An exhibit id from the packs (or an exhibit file).
    pub exhibit: String,
    /// The equirectangular image to write: `.jpg` or `.png`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Where the camera stands, X,Y,Z in metres (default: the exhibit's camera).
    #[arg(long, value_name = "X,Y,Z")]
    pub at: Option<String>,
    /// The image's width; its height is half of it.
    #[arg(long, default_value_t = 4096)]
    pub width: u32,
    /// Each face's size in pixels (the screen must be at least this big).
    #[arg(long, default_value_t = 1024)]
    pub face: u32,
    /// Ticks the exhibit runs before the faces are taken.
    #[arg(long, default_value_t = 60)]
    pub ticks: u32,
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
    /// Override a parameter or hold a control, as in `screenshot`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
}

/// A face's field of view: a little over 90° so that the faces overlap at their edges.
const FACE_FOV_DEG: f32 = 92.0;

/// The six faces: where each looks. Up and down lean a hair toward −z, so that "up" on the
/// face (the kiosk's camera keeps +y up) is defined; the joining uses each face's true camera.
const FACES: [[f32; 3]; 6] = [
    [0.0, 0.0, -1.0],
    [1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0],
    [-1.0, 0.0, 0.0],
    [0.0, 1.0, -0.001],
    [0.0, -1.0, -0.001],
];

pub fn run(a: &Args) -> Result<(), String> {
    let lower = a.out.to_string_lossy().to_ascii_lowercase();
    if ![".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e)) {
        return Err("--out takes a .jpg or .png file".into());
    }
    if a.width < 64 || a.width > 8192 || !a.width.is_multiple_of(2) {
        return Err("--width takes an even number from 64 to 8192".into());
    }
    if !(64..=4096).contains(&a.face) {
        return Err("--face takes 64 to 4096 pixels".into());
    }
    let (d, _) = resolve(&a.exhibit, &a.packs).map_err(|e| e.join("\n"))?;
    let at = match &a.at {
        Some(s) => parse_point(s).ok_or("--at takes X,Y,Z in metres, e.g. 0,0.4,0.5")?,
        None => d.scene.camera.position,
    };
    let dir = std::env::temp_dir().join(format!("caravan-bake-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut faces = Vec::new();
    for (i, look) in FACES.iter().enumerate() {
        let cam = CameraSpec {
            position: at,
            look_at: [at[0] + look[0], at[1] + look[1], at[2] + look[2]],
            fov_deg: FACE_FOV_DEG,
        };
        let file = dir.join(format!("face{i}.png"));
        render_face(a, &cam, &file)?;
        let img = image::open(&file)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .to_rgb8();
        faces.push((cam, img));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let out = join_faces(&faces, a.width);
    out.save(&a.out)
        .map_err(|e| format!("{}: {e}", a.out.display()))?;
    Ok(())
}

fn parse_point(s: &str) -> Option<[f32; 3]> {
    let v: Vec<f32> = s
        .split(',')
        .map(|x| x.trim().parse().ok())
        .collect::<Option<_>>()?;
    let p: [f32; 3] = v.try_into().ok()?;
    p.iter().all(|x| x.is_finite()).then_some(p)
}

/// One face by `caravan screenshot`: the same kiosk, the camera moved by `--set`.
fn render_face(a: &Args, cam: &CameraSpec, file: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut c = Command::new(exe);
    c.args(["screenshot", &a.exhibit, "--bare", "--out"])
        .arg(file)
        .args(["--size", &format!("{0}x{0}", a.face)])
        .args(["--ticks", &a.ticks.to_string()]);
    for p in &a.packs {
        c.arg("--pack").arg(p);
    }
    for s in &a.sets {
        c.args(["--set", s]);
    }
    for (name, v) in [("position", cam.position), ("look_at", cam.look_at)] {
        for (k, x) in v.iter().enumerate() {
            c.args(["--set", &format!("scene.camera.{name}.{k}={x}")]);
        }
    }
    c.args(["--set", &format!("scene.camera.fov_deg={}", cam.fov_deg)]);
    let status = c.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!(
            "rendering a face failed ({status}): run under a screen, e.g. xvfb-run -s \"-screen 0 {0}x{0}x24\"",
            a.face
        ));
    }
    Ok(())
}

/// The equirectangular image `width` × `width/2` seen through the six faces.
pub fn join_faces(faces: &[(CameraSpec, RgbImage)], width: u32) -> RgbImage {
    let height = width / 2;
    let axes: Vec<_> = faces
        .iter()
        .map(|(cam, img)| {
            let t = camera_transform(cam);
            let half = (cam.fov_deg.to_radians() / 2.0).tan();
            (*t.forward(), *t.right(), *t.up(), half, img)
        })
        .collect();
    RgbImage::from_fn(width, height, |x, y| {
        let yaw = (x as f64 + 0.5) / width as f64 * 360.0 - 180.0;
        let pitch = 90.0 - (y as f64 + 0.5) / height as f64 * 180.0;
        let d = direction(yaw, pitch);
        let d = Vec3::new(d[0] as f32, d[1] as f32, d[2] as f32);
        let (fwd, right, up, half, img) = axes
            .iter()
            .max_by(|a, b| d.dot(a.0).total_cmp(&d.dot(b.0)))
            .expect("six faces");
        let z = d.dot(*fwd);
        let sx = d.dot(*right) / z / half;
        let sy = d.dot(*up) / z / half;
        let px = (sx + 1.0) / 2.0 * img.width() as f32 - 0.5;
        let py = (1.0 - sy) / 2.0 * img.height() as f32 - 0.5;
        bilinear(img, px, py)
    })
}

fn bilinear(img: &RgbImage, x: f32, y: f32) -> Rgb<u8> {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |i: i64, j: i64| {
        img.get_pixel(i.clamp(0, w - 1) as u32, j.clamp(0, h - 1) as u32)
            .0
    };
    let (x0, y0) = (x0 as i64, y0 as i64);
    let (a, b, c, d) = (
        at(x0, y0),
        at(x0 + 1, y0),
        at(x0, y0 + 1),
        at(x0 + 1, y0 + 1),
    );
    let mut out = [0u8; 3];
    for k in 0..3 {
        let top = a[k] as f32 * (1.0 - fx) + b[k] as f32 * fx;
        let bottom = c[k] as f32 * (1.0 - fx) + d[k] as f32 * fx;
        out[k] = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
    }
    Rgb(out)
}
