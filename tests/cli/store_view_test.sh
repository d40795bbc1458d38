#!/usr/bin/env bash
# `vitrine store` in a window under Xvfb: it opens, W walks forward, C opens
# and Esc closes the cart, Esc in walk mode quits.
set -u
VT=$1
[[ $VT == */* && $VT != /* ]] && VT=$PWD/$VT
OUT=$(mktemp -d)
XVFB_PID=
cleanup() {
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
  rm -rf "$OUT"
}
trap cleanup EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SUPP=$VT_SOURCE_DIR/tests/support/lsan.supp
if [ -f "$SUPP" ] && [[ "${LSAN_OPTIONS:-}" != *suppressions* ]]; then
  export LSAN_OPTIONS="suppressions=$SUPP${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

if ! command -v Xvfb >/dev/null 2>&1 || ! command -v xdotool >/dev/null 2>&1; then
  echo "skipped: no Xvfb or xdotool: the store window was not exercised"
  exit 0
fi

DATA=$VT_SOURCE_DIR/tests/data/store_session
S=$OUT/shop
mkdir -p "$S/models"
cp "$DATA/store.json" "$DATA/catalog.json" "$S/"
"$VT_BUILD_DIR/assetgen" mug -o "$S/models/mug.glb" >/dev/null || exit 1
"$VT_BUILD_DIR/assetgen" vase -o "$S/models/vase.glb" >/dev/null || exit 1
python3 "$DATA/make_box.py" "$S/models/counter.glb" 1.6 0.9 0.6 "#6B5B4E" || exit 1
python3 "$DATA/make_box.py" "$S/models/partition.glb" 0.2 2.4 2.0 "#D9D2C7" || exit 1

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
[ -n "$XVFB_PID" ] || { echo "FAIL: Xvfb did not start"; cat "$OUT/xvfb.log"; exit 1; }
export DISPLAY=:$N
unset WAYLAND_DISPLAY

# A few frames and out: the window path runs and quits cleanly.
check frames_run expect_exit 0 "$VT" store "$S/store.json" --size 480x270 --frames 3 --verbose \
  --events "$OUT/none.jsonl"
check frames_at_spawn grep -qx "at 0.000 2.000 yaw 0.0" "$OUT/stdout"

# Keys through XTEST: hold W to walk towards the counter, C and Esc for the
# cart (a view_cart event), Esc again quits.
timeout 120 "$VT" store "$S/store.json" --size 640x360 --verbose --events "$OUT/events.jsonl" \
  >"$OUT/win.out" 2>"$OUT/win.err" &
VPID=$!
WID=$(timeout 60 xdotool search --sync --onlyvisible --name "Session test shop" 2>/dev/null | head -1)
if [ -n "$WID" ]; then
  xdotool windowactivate --sync "$WID" 2>/dev/null || xdotool windowfocus "$WID"
  sleep 1
  xdotool keydown w
  sleep 1
  xdotool keyup w
  sleep 0.3
  xdotool key c
  sleep 0.5
  xdotool key Escape
  sleep 0.5
  xdotool key Escape
else
  echo "FAIL: the store window did not appear"; fail=$((fail + 1))
  kill "$VPID" 2>/dev/null
fi
wait "$VPID"
check esc_quits_cleanly test $? -eq 0
check walked_forward py "
import re
m = re.search(r'at (\S+) (\S+) yaw', open('$OUT/win.out').read())
x, z = float(m.group(1)), float(m.group(2))
assert abs(x) < 0.05 and -0.46 <= z < 1.6, (x, z)"
check cart_opened test "$(jq -r .event "$OUT/events.jsonl")" = "view_cart"

report "store_view_test: "
