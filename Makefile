# Caravan: `make run` starts the kiosk, `make test` runs every check. Both install what they
# need on Debian first (only what is missing).

CARGO ?= cargo
export CARGO_TARGET_DIR ?= $(CURDIR)/target

# Build and run-time libraries: ALSA (sound), udev (gamepads), xkbcommon/wayland (windows).
BUILD_DEBS := pkg-config libasound2-dev libudev-dev libxkbcommon-dev libwayland-dev
# A headless screen and software Vulkan, for the screenshot test.
TEST_DEBS := xvfb xauth mesa-vulkan-drivers libvulkan1 prometheus
# Fingers and a camera for the screenshots that need a tap (tools/touch_screenshots.sh).
SHOT_DEBS := xdotool imagemagick
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps test-deps shot-deps rust verify bench screenshots previews panoramas clean

run: deps rust
	$(CARGO) run --locked -- run $(ARGS)

test: deps test-deps rust
	$(CARGO) test --locked

verify: deps rust
	$(CARGO) run --locked -- verify

bench: deps rust
	$(CARGO) run --locked -- bench

# Screenshots of every screen for docs/, under a virtual screen with software Vulkan.
screenshots: deps test-deps shot-deps rust
	$(CARGO) build --locked
	for s in attract launcher bernoulli_cups music_turntable; do \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$s \
	    --out docs/screenshot-$$s.png --size 1280x800 --ticks 120 --lang zh-CN || exit 1; \
	done
	xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot bernoulli_cups \
	  --out docs/screenshot-bernoulli_cups-blowing.png --size 1280x800 --ticks 30 --lang zh-CN \
	  --set controls.blow=true --set controls.air_speed_m_s=12
	xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot airflow_obstacle \
	  --out docs/screenshot-airflow_obstacle.png --size 1280x800 --ticks 480 --lang zh-CN --set controls.blow=true
	xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot airflow_obstacle \
	  --out docs/screenshot-airflow_obstacle-square-en.png --size 1280x800 --ticks 480 --lang en \
	  --set controls.blow=true --set controls.obstacle=square
	for s in "brachistochrone 42 zh-CN" "double_cone 100 en" "pendulums 200 zh-CN" "pendulums 200 en"; do \
	  set -- $$s; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 \
	    --out docs/screenshot-$$1-$$3.png --size 1280x800 --ticks $$2 --lang $$3 --set controls.release=true || exit 1; \
	done
	for s in "rolling_race 60 zh-CN go" "eddy_tube 150 en drop" "barton_pendulums 1500 zh-CN -" \
	         "magnet_pendulums 270 en go"; do \
	  set -- $$s; sets=""; [ "$$4" = - ] || sets="--set controls.$$4=true"; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 \
	    --out docs/screenshot-$$1-$$3.png --size 1280x800 --ticks $$2 --lang $$3 $$sets || exit 1; \
	done
	for s in "shake_hands zh-CN hand_x=-0.6" "infinity_mirror en tilt_deg=1" \
	         "kaleidoscope zh-CN angle_deg=45" "prism_rainbow en blue_laser=true"; do \
	  set -- $$s; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 \
	    --out docs/screenshot-$$1-$$2.png --size 1280x800 --ticks 5 --lang $$2 --set controls.$$3 || exit 1; \
	done
	for s in "blow_round 480 en blow=true" "vortex_street 1800 zh-CN wind_m_s=0.9" \
	         "between_balls 900 en gap=0.85"; do \
	  set -- $$s; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 \
	    --out docs/screenshot-$$1-$$3.png --size 1280x800 --ticks $$2 --lang $$3 --set controls.$$4 || exit 1; \
	done
	for size in 1280x800 1920x1080; do for lang in zh-CN en; do \
	  for s in "launcher topics" "launcher:2 mechanics"; do \
	    set -- $$s; \
	    xvfb-run -a -s "-screen 0 1920x1080x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 \
	      --out docs/screenshot-launcher-$$2-$$lang-$$size.png --size $$size --ticks 30 --lang $$lang || exit 1; \
	  done; \
	done; done
	xvfb-run -a -s "-screen 0 1280x800x24" tools/touch_screenshots.sh $(CARGO_TARGET_DIR)/debug/caravan

# The launcher tiles' pictures: each exhibit's scene alone, rendered by the kiosk itself.
previews: deps test-deps rust
	$(CARGO) build --locked
	for s in "bernoulli_cups 30 --set controls.blow=true --set controls.air_speed_m_s=12" \
	         "music_turntable 480 --set controls.motor_rpm=600 --set controls.blow=true" \
	         "airflow_obstacle 480 --set controls.blow=true"; do \
	  set -- $$s; id=$$1; ticks=$$2; shift 2; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$id --bare \
	    --size 480x300 --ticks $$ticks --out exhibits/previews/$$id.png "$$@" || exit 1; \
	done
	for s in "brachistochrone 36" "double_cone 60" "pendulums 150"; do \
	  set -- $$s; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 --bare \
	    --size 480x300 --ticks $$2 --out exhibits-mechanics/previews/$$1.png --set controls.release=true || exit 1; \
	done
	for s in "rolling_race 50 go" "eddy_tube 90 drop" "barton_pendulums 1500 -" "magnet_pendulums 200 go" \
	         "overbalanced_wheel 90 push" "double_pendulum 200 go" "sand_pendulum 600 go"; do \
	  set -- $$s; sets=""; [ "$$3" = - ] || sets="--set controls.$$3=true"; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 --bare \
	    --size 480x300 --ticks $$2 --out exhibits-forces/previews/$$1.png $$sets || exit 1; \
	done
	for s in "shake_hands -" "infinity_mirror -" "kaleidoscope -" "prism_rainbow lasers" "telescope -" \
	         "laser_harp string_3"; do \
	  set -- $$s; sets=""; [ "$$2" = - ] || sets="--set controls.$$2=true"; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 --bare \
	    --size 480x300 --ticks 2 --out exhibits-optics/previews/$$1.png $$sets || exit 1; \
	done
	for s in "ripple_tank 240 -" "sound_dishes 400 -" "standing_wave 400 -" "open_tube 30 -" \
	         "speaking_tube 400 -"; do \
	  set -- $$s; sets=""; [ "$$3" = - ] || sets="--set controls.$$3=true"; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 --bare \
	    --size 480x300 --ticks $$2 --out exhibits-waves/previews/$$1.png $$sets || exit 1; \
	done
	for s in "blow_round 600 blow" "vortex_street 900 -" "falling_ball 300 -" \
	         "wing 900 -" "between_balls 900 -"; do \
	  set -- $$s; sets=""; [ "$$3" = - ] || sets="--set controls.$$3=true"; \
	  xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot $$1 --bare \
	    --size 480x300 --ticks $$2 --out exhibits-flow/previews/$$1.png $$sets || exit 1; \
	done
	cp exhibits-mechanics/previews/pendulums.png exhibits-tour/pictures/pendulum_wave.png
	cp exhibits-mechanics/previews/brachistochrone.png exhibits-tour/pictures/race.png
	xvfb-run -a -s "-screen 0 480x300x24" $(CARGO_TARGET_DIR)/debug/caravan screenshot vr_tour --bare \
	  --size 480x300 --ticks 60 --out exhibits-tour/previews/vr_tour.png

# The VR tour's 360° images, baked by the kiosk from the rooms in tools/panorama-studio/
# (tools/panorama_studio.py writes them round the 力学 pack's scenes). About 3 minutes each.
panoramas: deps test-deps rust
	$(CARGO) build --locked
	python3 tools/panorama_studio.py
	xvfb-run -a -s "-screen 0 1024x1024x24" $(CARGO_TARGET_DIR)/debug/caravan bake-panorama studio_pendulums \
	  --pack tools/panorama-studio --ticks 150 --set controls.release=true --out exhibits-tour/images/pendulums.jpg
	xvfb-run -a -s "-screen 0 1024x1024x24" $(CARGO_TARGET_DIR)/debug/caravan bake-panorama studio_race \
	  --pack tools/panorama-studio --ticks 24 --set controls.release=true --out exhibits-tour/images/race.jpg

# Installs those of the Debian packages $(1) that are missing.
define install_missing
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEBS))

test-deps:
	$(call install_missing,$(TEST_DEBS))

shot-deps:
	$(call install_missing,$(SHOT_DEBS))

# Rust 1.95 (Bevy 0.19 needs it). Debian's own cargo is too old; rustup installs the right one.
rust:
	@if ! command -v $(CARGO) >/dev/null 2>&1; then \
	  echo "Installing Rust with rustup (https://rustup.rs)"; \
	  $(SUDO) apt-get install -y -qq curl ca-certificates build-essential >/dev/null; \
	  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain 1.95.0; \
	  echo "Rust installed: open a new shell (or run . $$HOME/.cargo/env) and run make again"; exit 1; \
	fi

clean:
	$(CARGO) clean
