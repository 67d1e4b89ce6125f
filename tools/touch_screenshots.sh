#!/usr/bin/env bash
# The README's screenshots that need a finger: the kiosk runs under Xvfb at 1280×800 and
# xdotool taps it as a visitor or staff member would; ImageMagick's `import` takes the screen.
# - docs/screenshot-operator.png: the built-in packs and a museum's new pack with a mistake in
#   it; the attract loop woken, the staff gesture in the top-right corner (hold, lift, two
#   taps), the shipped config's PIN (2468).
# - docs/screenshot-vr_tour-{zh-CN,en}.png: the tour, a hotspot tapped (the question in
#   Chinese, the pendulum wave's panel in English).
# Usage, from the repository root: xvfb-run -a -s "-screen 0 1280x800x24" \
#   tools/touch_screenshots.sh CARAVAN_BINARY
set -euo pipefail
bin=$1
pack=museum-pack
trap 'kill "${kiosk:-}" 2>/dev/null || true; rm -rf "$pack"' EXIT

# Starts the kiosk with "$@", lets it load (software rendering is slow), and keeps it out of
# safe mode from earlier starts.
start() {
  rm -f "${XDG_STATE_HOME:-$HOME/.local/state}/caravan/recent-starts"
  "$bin" run --windowed "$@" >/dev/null 2>&1 &
  kiosk=$!
  sleep 25
}
stop() {
  kill "$kiosk"
  wait "$kiosk" 2>/dev/null || true
}
tap() {
  xdotool mousemove "$1" "$2" click 1
  sleep 0.7
}

rm -rf "$pack" && mkdir "$pack"
cp -r exhibits-mechanics/previews exhibits-mechanics/sounds "$pack"/
# A joint to a body that is not there: the operator screen names the file, line and column.
sed 's/id: "pendulums"/id: "long_pendulum"/; s/b: "bob3"/b: "bob33"/' \
  exhibits-mechanics/pendulums.exhibit.ron >"$pack"/long_pendulum.exhibit.ron
cat >"$pack"/pack.ron <<'RON'
(
    name: { "zh-CN": "市科技馆 · 新展品", "en": "City Science Museum · New exhibits" },
    version: "0.3.0",
    requires_runtime: "0.1",
    exhibits: ["long_pendulum.exhibit.ron"],
)
RON
start --lang en --pack exhibits --pack exhibits-mechanics --pack exhibits-tour --pack "$pack"
tap 640 400
sleep 1.3
# The kiosk's clock skips long frames (a few a second here): the hold is long, the taps slow.
xdotool mousemove 1250 30 mousedown 1
sleep 7
xdotool mouseup 1
sleep 0.6
tap 1250 30
tap 1250 30
sleep 1.3
# The PIN pad's keys 2, 4, 6, 8 and OK.
for xy in "640 245" "528 333" "752 333" "640 421" "752 509"; do
  tap $xy
done
sleep 3
import -window root docs/screenshot-operator.png
stop

for shot in "zh-CN 1011 338" "en 268 400"; do
  set -- $shot
  start --lang "$1" --pack exhibits-tour --exhibit vr_tour
  tap "$2" "$3"
  sleep 3
  import -window root "docs/screenshot-vr_tour-$1.png"
  stop
done
