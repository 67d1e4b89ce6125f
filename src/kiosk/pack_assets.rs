//! The packs' files the screens play and show, decoded once each time the packs load or reload
//! (never on entering a screen): each exhibit's sounds and its launcher preview, and the
//! images its kind names (panoramas, panel pictures), those on the compute pool: a
//! 16-megapixel JPEG takes longer to decode than a frame lasts.

use super::Shown;
use crate::descriptor::kinds::FileUse;
use crate::engine::audio::Sample;
use crate::exhibits::panorama::PanoramaImages;
use crate::pack::Catalogue;
use bevy::asset::RenderAssetUsages;
use bevy::image::{
    CompressedImageFormats, ImageAddressMode, ImageSampler, ImageSamplerDescriptor, ImageType,
};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Decoding>();
    app.add_systems(Update, finish_decoding);
}

/// Images being decoded on the compute pool, by their full path.
#[derive(Resource, Default)]
pub struct Decoding(Vec<(PathBuf, Task<Option<Image>>)>);

impl Decoding {
    /// Whether any image is still being decoded (a screenshot waits for them).
    pub fn busy(&self) -> bool {
        !self.0.is_empty()
    }
}

/// One of an exhibit's sounds: its event, the decoded file (None if it has none, or the file
/// went bad since it was checked) and its volume.
pub struct ExhibitSound {
    pub on: String,
    pub sample: Option<Sample>,
    pub volume: f32,
}

/// Decoded assets by exhibit id.
#[derive(Resource, Default)]
pub struct PackAssets {
    sounds: BTreeMap<String, Arc<Vec<ExhibitSound>>>,
    previews: BTreeMap<String, Handle<Image>>,
    /// Topic icons, by the topic's English name.
    icons: BTreeMap<String, Handle<Image>>,
}

impl PackAssets {
    pub fn sounds(&self, id: &str) -> Arc<Vec<ExhibitSound>> {
        self.sounds.get(id).cloned().unwrap_or_default()
    }

    pub fn preview(&self, id: &str) -> Option<Handle<Image>> {
        self.previews.get(id).cloned()
    }

    pub fn topic_icon(&self, name_en: &str) -> Option<Handle<Image>> {
        self.icons.get(name_en).cloned()
    }

    fn decode(catalogue: &Catalogue, images: &mut Assets<Image>) -> Self {
        let mut a = Self::default();
        for pack in &catalogue.packs {
            for d in &pack.exhibits {
                let own = d.kind.files().into_iter().filter_map(|f| {
                    Some(ExhibitSound {
                        on: f.cue?,
                        sample: read_sample(&pack.dir.join(&f.rel)),
                        volume: 1.0,
                    })
                });
                let sounds = d.sounds.iter().map(|s| ExhibitSound {
                    on: s.on.clone(),
                    sample: s.file.as_ref().and_then(|f| read_sample(&pack.dir.join(f))),
                    volume: s.volume as f32,
                });
                let sounds = sounds.chain(own);
                a.sounds.insert(d.id.clone(), Arc::new(sounds.collect()));
                let preview = d.preview.as_ref().and_then(|f| read_png(&pack.dir.join(f)));
                if let Some(img) = preview {
                    a.previews.insert(d.id.clone(), images.add(img));
                }
            }
        }
        for t in catalogue.topics() {
            if let (Some(name), Some(img)) =
                (t.name.get("en"), t.icon.as_deref().and_then(read_png))
            {
                a.icons.insert(name.clone(), images.add(img));
            }
        }
        a
    }
}

/// Decodes the assets of the packs shown now, replacing those of the packs shown before.
pub(super) fn refresh(world: &mut World) {
    let fresh = world.resource_scope(|world, mut images: Mut<Assets<Image>>| {
        PackAssets::decode(&world.resource::<Shown>().catalogue, &mut images)
    });
    // The old handles drop with the old resource, and their images with them.
    world.insert_resource(fresh);
    if world.contains_resource::<PanoramaImages>() {
        let tasks = start_decoding(&world.resource::<Shown>().catalogue);
        world.insert_resource(PanoramaImages::default());
        world.insert_resource(Decoding(tasks));
    }
}

/// A task for each image a kind names in the packs (each file once).
fn start_decoding(catalogue: &Catalogue) -> Vec<(PathBuf, Task<Option<Image>>)> {
    let mut paths = Vec::new();
    for pack in &catalogue.packs {
        for d in &pack.exhibits {
            for f in d.kind.files() {
                let image = matches!(f.used_as, FileUse::Panorama | FileUse::Picture);
                let path = pack.dir.join(&f.rel);
                if image && !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
    }
    let pool = AsyncComputeTaskPool::get();
    paths
        .into_iter()
        .map(|p| {
            let path = p.clone();
            (p, pool.spawn(async move { read_image(&path) }))
        })
        .collect()
}

fn finish_decoding(
    mut decoding: ResMut<Decoding>,
    mut images: ResMut<Assets<Image>>,
    shown: Option<ResMut<PanoramaImages>>,
) {
    let Some(mut shown) = shown else { return };
    decoding
        .0
        .retain_mut(|(path, task)| match check_ready(task) {
            None => true,
            Some(decoded) => {
                match decoded {
                    Some(img) => {
                        shown.0.insert(path.clone(), images.add(img));
                    }
                    None => warn!(
                        "{} could not be decoded: its scene stays dark",
                        path.display()
                    ),
                }
                false
            }
        });
}

/// A PNG or JPEG for the GPU only (the decoded pixels are dropped once uploaded), sampled
/// across the seam: u wraps round, as a panorama does.
pub fn read_image(path: &Path) -> Option<Image> {
    let sampler = ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::Repeat,
        ..ImageSamplerDescriptor::linear()
    };
    decode(
        path,
        ImageSampler::Descriptor(sampler),
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// The PNG or JPEG at `path` (its format from its name, as the pack's check held it to).
fn decode(path: &Path, sampler: ImageSampler, usage: RenderAssetUsages) -> Option<Image> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Image::from_buffer(
        &std::fs::read(path).ok()?,
        ImageType::Extension(&ext),
        CompressedImageFormats::NONE,
        true,
        sampler,
        usage,
    )
    .ok()
}

fn read_sample(path: &Path) -> Option<Sample> {
    let (rate, frames) = crate::wav::read(&std::fs::read(path).ok()?)?;
    Some(Sample {
        frames: Arc::new(frames),
        rate,
    })
}

/// A launcher preview: a PNG, sampled linearly.
fn read_png(path: &Path) -> Option<Image> {
    decode(path, ImageSampler::linear(), RenderAssetUsages::default())
}
