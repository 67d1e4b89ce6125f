//! bevy_rapier3d set-up: physics in `FixedUpdate` at exactly 1/60 s per tick.

use crate::model::{G, TICK_HZ, TICK_S};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use bevy_rapier3d::rapier::dynamics::IntegrationParameters;

/// Substeps per 60 Hz tick: a 1 cm ball pressed by a 30 m/s jet must not sink through a 3 mm
/// cup base, so contacts are stiff (120 Hz) and the substeps fine enough for that (480 Hz).
pub const SUBSTEPS: usize = 8;
pub const CONTACT_HZ: f32 = 120.0;

pub fn plugin(app: &mut App) {
    app.insert_resource(Time::<Fixed>::from_hz(TICK_HZ));
    app.insert_resource(TimestepMode::Fixed {
        dt: TICK_S as f32,
        substeps: SUBSTEPS,
    });
    // Tabletop exhibits: a length unit of 10 cm scales rapier's tolerances to their size.
    let length_unit = 0.1;
    let init = RapierContextInitialization::InitializeDefaultRapierContext {
        integration_parameters: {
            let mut p = IntegrationParameters {
                length_unit,
                ..default()
            };
            p.contact_softness.natural_frequency = CONTACT_HZ;
            p
        },
        rapier_configuration: RapierConfiguration {
            gravity: Vec3::new(0.0, -G as f32, 0.0),
            ..RapierConfiguration::new(length_unit)
        },
    };
    app.add_plugins(
        RapierPhysicsPlugin::<NoUserData>::default()
            .with_custom_initialization(init)
            .in_fixed_schedule(),
    );
}
