//! bevy_rapier3d set-up: physics in `FixedUpdate` at exactly 1/60 s per tick.

use crate::model::{G, TICK_HZ, TICK_S};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use bevy_rapier3d::rapier::dynamics::IntegrationParameters;

/// Substeps per 60 Hz tick: a 2 cm ball at several m/s must not skip through a 1.5 mm wall.
pub const SUBSTEPS: usize = 4;

pub fn plugin(app: &mut App) {
    app.insert_resource(Time::<Fixed>::from_hz(TICK_HZ));
    app.insert_resource(TimestepMode::Fixed {
        dt: TICK_S as f32,
        substeps: SUBSTEPS,
    });
    // Tabletop exhibits: a length unit of 10 cm scales rapier's tolerances to their size.
    let length_unit = 0.1;
    let init = RapierContextInitialization::InitializeDefaultRapierContext {
        integration_parameters: IntegrationParameters {
            length_unit,
            ..default()
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
