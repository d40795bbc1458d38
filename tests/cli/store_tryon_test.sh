#!/usr/bin/env bash
# `vitrine store` and the fitting room: the demo's garment.json files are what
# assetgen writes; a scripted try-on (coarse drapes, --draft) gives its events
# and screenshots, redrapes on a size change and adds the size worn to the
# cart; --body, body presets and their errors; script words and their errors.
set -u
VT=$1
[[ $VT == */* && $VT != /* ]] && VT=$PWD/$VT
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SUPP=$VT_SOURCE_DIR/tests/support/lsan.supp
if [ -f "$SUPP" ] && [[ "${LSAN_OPTIONS:-}" != *suppressions* ]]; then
  export LSAN_OPTIONS="suppressions=$SUPP${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
export EGL_PLATFORM=${EGL_PLATFORM:-surfaceless}
unset DISPLAY WAYLAND_DISPLAY VITRINE_BODIES
ASSETGEN=$VT_BUILD_DIR/assetgen
[ -x "$ASSETGEN" ] || { echo "FAIL: no assetgen at $ASSETGEN"; exit 1; }

# ---- the demo's garments are generated ---------------------------------
DEMO=$VT_SOURCE_DIR/assets/demo
check demo_json_runs expect_exit 0 "$ASSETGEN" demo -o "$OUT/gen/models" --json "$OUT/gen"
check garment_files_same test "$(cd "$OUT/gen/garments" && ls)" = "$(cd "$DEMO/garments" && ls)"
for g in "$DEMO"/garments/*.json; do
  check "committed_$(basename "$g" .json)" cmp "$g" "$OUT/gen/garments/$(basename "$g")"
done
check every_garment_product_has_one test "$(jq -r '[.products[] | select(.kind == "tshirt" or
  .kind == "long_sleeve_shirt" or .kind == "dress" or .kind == "trousers" or .kind == "jacket")
  | select(.garment == null)] | length' "$DEMO/catalog.json")" = 0
check garment_count test "$(jq '[.products[] | select(.garment)] | length' "$DEMO/catalog.json")" = 8

# ---- a small shop with a fitting room ------------------------------------
DATA=$VT_SOURCE_DIR/tests/data/store_session
S=$OUT/shop
mkdir -p "$S/models" "$S/garments"
jq '.fitting_room = {"position": [-1, 0, 1], "yaw": 0,
    "mirror": {"position": [-1, 1.05, -0.4], "yaw": 0, "size": [0.9, 1.9]}}' \
  "$DATA/store.json" >"$S/store.json"
jq '(.products[] | select(.id == "dress-column")) += {"garment": "garments/dress.json"}' \
  "$DATA/catalog.json" >"$S/catalog.json"
cp "$VT_SOURCE_DIR/assets/garments/dress.json" "$S/garments/dress.json"
"$ASSETGEN" mug -o "$S/models/mug.glb" >/dev/null || { echo "FAIL: assetgen mug"; exit 1; }
"$ASSETGEN" vase -o "$S/models/vase.glb" >/dev/null || { echo "FAIL: assetgen vase"; exit 1; }
python3 "$DATA/make_box.py" "$S/models/counter.glb" 1.6 0.9 0.6 "#6B5B4E" || exit 1
python3 "$DATA/make_box.py" "$S/models/partition.glb" 0.2 2.4 2.0 "#D9D2C7" || exit 1
BODIES=$VT_SOURCE_DIR/assets/bodies

cat >"$OUT/try.txt" <<'EOF'
tryon dress-column
shot draping
wait drape
shot dress
size XS
wait drape
fitmap on
shot fitmap
add
back
back
EOF
check tryon_runs expect_exit 0 env VITRINE_BODIES="$BODIES" "$VT" store "$S/store.json" --draft \
  --verbose --script "$OUT/try.txt" --events "$OUT/events.jsonl" --shots "$OUT/shots"
check tryon_events test "$(jq -r '.event as $e | .ecommerce.items[] |
  "\($e) \(.item_id) \(.item_size // "-")"' "$OUT/events.jsonl" | tr '\n' ',')" = \
  "select_item dress-column -,view_item dress-column -,try_on dress-column -,add_to_cart dress-column XS,"
# the first drape wears the recommended size; the second the one asked for
check tryon_verbose_first grep -Eq "try.txt:3: dress-column in (XS|S|M|L) on female-m: (99\.[5-9][0-9]|100\.00)% outside the body, deepest [01]\.[0-9] mm \([0-9]+ cloth vertices, [0-9]+ ms\); (XS|S|M|L): " "$OUT/stderr"
check tryon_verbose_xs grep -Eq "try.txt:6: dress-column in XS on female-m: " "$OUT/stderr"
check tryon_shots test -s "$OUT/shots/draping.png" -a -s "$OUT/shots/dress.png" -a -s "$OUT/shots/fitmap.png"
# the fit map colours the garment: the two pictures differ on the avatar
check fitmap_differs py "
w, h, a = png.read('$OUT/shots/dress.png'); _, _, b = png.read('$OUT/shots/fitmap.png')
n = sum(1 for y in range(100, 650, 4) for x in range(100, 800, 4)
        if max(abs(a[y * w + x][i] - b[y * w + x][i]) for i in range(3)) > 30)
assert n > 300, n"

# your own body
printf '{"body_type": "male", "stature": 180, "chest_girth": 104, "waist_girth": 90, "hip_girth": 102}\n' \
  >"$OUT/me.json"
printf 'tryon dress-column\nwait drape\n' >"$OUT/mine.txt"
check own_body_runs expect_exit 0 "$VT" store "$S/store.json" --draft --verbose \
  --body "$OUT/me.json" --script "$OUT/mine.txt" --events /dev/null
check own_body_named grep -q "mine.txt:2: dress-column in [0-9A-Z]* on me.json: " "$OUT/stderr"
printf '{"body_type": "male", "stature": 180, "chest_girth": 104, "waist_girth": 12, "hip_girth": 102}\n' \
  >"$OUT/bad.json"
check bad_body_exit expect_exit 2 "$VT" store "$S/store.json" --body "$OUT/bad.json" \
  --script "$OUT/mine.txt"
check bad_body_message test "$(cat "$OUT/stderr")" = \
  "$OUT/bad.json: \$.waist_girth: 12 cm is outside 40..200 cm"

# ---- what cannot be done ---------------------------------------------------
printf 'tryon dress-column\n' >"$OUT/nobodies.txt"
check no_presets_exit expect_exit 1 "$VT" store "$S/store.json" --draft --script "$OUT/nobodies.txt" \
  --events /dev/null
check no_presets_message test "$(cat "$OUT/stderr")" = \
  "$OUT/nobodies.txt:1: no body for the fitting room: $S/../bodies/female-m.json: cannot open"
printf 'tryon mug-stone\n' >"$OUT/mug.txt"
check mug_exit expect_exit 1 env VITRINE_BODIES="$BODIES" "$VT" store "$S/store.json" \
  --script "$OUT/mug.txt" --events /dev/null
check mug_message test "$(cat "$OUT/stderr")" = \
  "$OUT/mug.txt:1: mug-stone cannot be tried on (no garment in the catalog)"
printf 'tryon dress-column\nbody female-xxxl\n' >"$OUT/preset.txt"
check preset_exit expect_exit 1 env VITRINE_BODIES="$BODIES" "$VT" store "$S/store.json" --draft \
  --script "$OUT/preset.txt" --events /dev/null
check preset_message grep -q "preset.txt:2: no body preset 'female-xxxl'" "$OUT/stderr"
printf 'fitmap maybe\n' >"$OUT/word.txt"
check word_exit expect_exit 2 "$VT" store "$S/store.json" --script "$OUT/word.txt"
check word_message test "$(cat "$OUT/stderr")" = "$OUT/word.txt:1: fitmap: 'maybe' is not on or off"

report "store_tryon_test: "
