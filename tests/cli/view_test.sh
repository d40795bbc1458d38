#!/usr/bin/env bash
# End-to-end runs of `vitrine view`: arguments, the no-display message, and a
# scripted window under Xvfb (--frames, --shot) whose screenshot is checked.
set -u
VT=$1
[[ $VT == */* && $VT != /* ]] && VT=$PWD/$VT # some checks run in another folder
OUT=$(mktemp -d)
XVFB_PID=
cleanup() {
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
  rm -rf "$OUT"
}
trap cleanup EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Mesa, LLVM, SDL and X keep allocations for the life of the process.
SUPP=$VT_SOURCE_DIR/tests/support/lsan.supp
if [ -f "$SUPP" ] && [[ "${LSAN_OPTIONS:-}" != *suppressions* ]]; then
  export LSAN_OPTIONS="suppressions=$SUPP${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

MODEL=${VT_ASSIMP_MODELS:-/usr/share/assimp/models}/glTF2/BoxTextured-glTF-Binary/BoxTextured.glb
if [ ! -f "$MODEL" ] && [ -x "$VT_BUILD_DIR/assetgen" ]; then
  "$VT_BUILD_DIR/assetgen" mug -o "$OUT/mug.glb" >/dev/null && MODEL=$OUT/mug.glb
fi
[ -f "$MODEL" ] || { echo "FAIL: no test model (BoxTextured.glb or assetgen)"; exit 1; }

# Bad arguments print usage and exit 2; --help exits 0.
check no_args expect_exit 2 "$VT" view
check usage_printed grep -q "usage: vitrine view" "$OUT/stderr"
check unknown_option expect_exit 2 "$VT" view "$MODEL" --bogus
check bad_size expect_exit 2 "$VT" view "$MODEL" --size 12by3
check bad_frames expect_exit 2 "$VT" view "$MODEL" --frames 0
check missing_value expect_exit 2 "$VT" view "$MODEL" --shot
check two_inputs expect_exit 2 "$VT" view "$MODEL" "$MODEL"
check help expect_exit 0 "$VT" view --help
check help_on_stdout grep -q "usage: vitrine view" "$OUT/stdout"

# No display: exactly one line saying so and how to render headless, exit 2.
NO_DISPLAY_MSG="vitrine view: no display (DISPLAY is unset); render headless with: vitrine render FILE -o OUT.png"
check no_display expect_exit 2 env -u DISPLAY -u WAYLAND_DISPLAY "$VT" view "$MODEL"
check no_display_message test "$(cat "$OUT/stderr")" = "$NO_DISPLAY_MSG"
check no_display_one_line test "$(wc -l <"$OUT/stderr")" -eq 1
check no_display_no_stdout test ! -s "$OUT/stdout"

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "skipped: no Xvfb (Debian package xvfb): the window tests did not run"
  echo "view_test: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit
fi

# A private X server on a free display number.
for attempt in 1 2 3 4 5; do
  N=$((200 + RANDOM % 700))
  [ -e "/tmp/.X11-unix/X$N" ] || [ -e "/tmp/.X$N-lock" ] && continue
  Xvfb ":$N" -screen 0 1280x800x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$N" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -e "/tmp/.X11-unix/X$N" ] && break
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=
done
if [ -z "$XVFB_PID" ]; then
  echo "FAIL: Xvfb did not start"; cat "$OUT/xvfb.log"; exit 1
fi
export DISPLAY=:$N
unset WAYLAND_DISPLAY

# Five frames in a 640x360 window, the last one saved with the overlay.
check window_runs expect_exit 0 "$VT" view "$MODEL" --size 640x360 --frames 5 \
  --shot "$OUT/shot.png"
check shot_reported grep -q "wrote $OUT/shot.png (640x360)" "$OUT/stdout"
check shot_exists test -s "$OUT/shot.png"
check shot_size py "w, h, p = png.read('$OUT/shot.png'); assert (w, h) == (640, 360), (w, h)"
# Not one flat colour: the model, the studio and the panel differ.
check shot_not_flat py "
w, h, p = png.read('$OUT/shot.png')
colours = {p[i][:3] for i in range(0, w * h, 7)}
assert len(colours) > 50, len(colours)"
# The panel, top left: a dark translucent box with light text on it.
check shot_panel py "
w, h, p = png.read('$OUT/shot.png')
box = [p[y * w + x][:3] for y in range(14, 80) for x in range(14, 150)]
lum = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in box]
dark = sum(1 for v in lum if v < 80) / len(lum)
light = sum(1 for v in lum if v > 190)
assert dark > 0.6 and light > 60, (dark, light)"
# The model is in the middle of the window.
check shot_model_centred py "
w, h, p = png.read('$OUT/shot.png')
c = p[h // 2 * w + w // 2][:3]; e = p[h // 2 * w + w - 2][:3]
assert max(abs(a - b) for a, b in zip(c, e)) > 8, (c, e)"

# No usable font: the viewer runs without its overlay and says why.
check no_font_runs expect_exit 0 env VITRINE_FONT="$OUT/none.ttf" "$VT" view "$MODEL" \
  --size 320x200 --frames 2 --shot "$OUT/nofont.png"
check no_font_warns grep -q "running without the overlay.*VITRINE_FONT" "$OUT/stderr"
check no_font_no_panel py "
w, h, p = png.read('$OUT/nofont.png')
lum = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b, a in (p[y * w + x] for y in range(14, 60) for x in range(14, 120))]
assert sum(1 for v in lum if v < 80) / len(lum) < 0.2"

# A file that does not load: one line naming it, exit 2, no window left over.
check window_missing_file expect_exit 2 "$VT" view "$OUT/nope.glb" --frames 1
check window_missing_file_named grep -q "nope.glb" "$OUT/stderr"

# A hostile file (garbage with a glTF name) fails cleanly too.
head -c 4096 /dev/urandom >"$OUT/garbage.glb"
check window_garbage_file expect_exit 2 "$VT" view "$OUT/garbage.glb" --frames 1

# Keyboard and mouse through XTEST (xdotool): P saves the model alone at the
# window size, a drag turns the camera, Q quits and --shot saves that frame.
if command -v xdotool >/dev/null 2>&1; then
  mkdir -p "$OUT/keys"
  (cd "$OUT/keys" && exec timeout 120 "$VT" view "$MODEL" --size 480x320 --shot "$OUT/keys/last.png" \
    >"$OUT/keys.out" 2>&1) &
  VPID=$!
  WID=$(timeout 60 xdotool search --sync --onlyvisible --name "BoxTextured" 2>/dev/null | head -1)
  wait_file() { for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
  if [ -n "$WID" ]; then
    xdotool mousemove --window "$WID" 240 160
    sleep 0.5
    xdotool key p
    check key_p_saves wait_file "$OUT/keys/vitrine-000.png"
    xdotool mousedown 1
    for _ in $(seq 8); do xdotool mousemove_relative -- 15 5; sleep 0.05; done
    xdotool mouseup 1
    sleep 0.5
    xdotool key p
    check key_p_numbers wait_file "$OUT/keys/vitrine-001.png"
    xdotool click 4 click 4 # zoom in
    sleep 0.3
    xdotool key r
    sleep 0.3
    xdotool key p
    check key_r_then_p wait_file "$OUT/keys/vitrine-002.png"
    sleep 0.5
    xdotool key q
  else
    echo "FAIL: the window did not appear"; fail=$((fail + 1))
    kill "$VPID" 2>/dev/null
  fi
  wait "$VPID"
  check key_q_quits_cleanly test $? -eq 0
  check key_p_size py "w, h, p = png.read('$OUT/keys/vitrine-000.png'); assert (w, h) == (480, 320)"
  check drag_turns_the_model py "
a = png.read('$OUT/keys/vitrine-000.png')[2]; b = png.read('$OUT/keys/vitrine-001.png')[2]
changed = sum(1 for i in range(0, len(a), 5) if max(abs(x - y) for x, y in zip(a[i], b[i])) > 24)
assert changed > len(a) // 5 // 20, changed"
  check key_r_resets_the_view py "
a = png.read('$OUT/keys/vitrine-000.png')[2]; b = png.read('$OUT/keys/vitrine-002.png')[2]
assert max(max(abs(x - y) for x, y in zip(p, q)) for p, q in zip(a, b)) <= 2"
  check quit_shot test -s "$OUT/keys/last.png"
  check key_p_reported grep -q "wrote vitrine-000.png (480x320)" "$OUT/keys.out"
else
  echo "skipped: no xdotool: keyboard and mouse were not exercised"
fi

report "view_test: "
