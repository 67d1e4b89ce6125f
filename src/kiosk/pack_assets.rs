//! The packs' files the screens play and show, decoded once each time the packs load or reload
//! (never on entering a screen): each exhibit's sounds and its launcher preview.

use super::Shown;
use crate::engine::audio::Sample;
use crate::pack::Catalogue;
use bevy::asset::RenderAssetUsages;
use bevy::image::{CompressedImageFormats, ImageSampler, ImageType};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

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
}

impl PackAssets {
    pub fn sounds(&self, id: &str) -> Arc<Vec<ExhibitSound>> {
        self.sounds.get(id).cloned().unwrap_or_default()
    }

    pub fn preview(&self, id: &str) -> Option<Handle<Image>> {
        self.previews.get(id).cloned()
    }

    fn decode(catalogue: &Catalogue, images: &mut Assets<Image>) -> Self {
        let mut a = Self::default();
        for pack in &catalogue.packs {
            for d in &pack.exhibits {
                let sounds = d.sounds.iter().map(|s| ExhibitSound {
                    on: s.on.clone(),
                    sample: s.file.as_ref().and_then(|f| read_sample(&pack.dir.join(f))),
                    volume: s.volume as f32,
                });
                a.sounds.insert(d.id.clone(), Arc::new(sounds.collect()));
                let preview = d.preview.as_ref().and_then(|f| read_png(&pack.dir.join(f)));
                if let Some(img) = preview {
                    a.previews.insert(d.id.clone(), images.add(img));
                }
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
}

fn read_sample(path: &Path) -> Option<Sample> {
    let (rate, frames) = crate::wav::read(&std::fs::read(path).ok()?)?;
    Some(Sample {
        frames: Arc::new(frames),
        rate,
    })
}

fn read_png(path: &Path) -> Option<Image> {
    Image::from_buffer(
        &std::fs::read(path).ok()?,
        ImageType::Extension("png"),
        CompressedImageFormats::NONE,
        true,
        ImageSampler::linear(),
        RenderAssetUsages::default(),
    )
    .ok()
}
