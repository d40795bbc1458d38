#!/usr/bin/env bash
# End-to-end runs of `vitrine store` headless: scripted sessions and their
# exact GA4 events, variant colours in the pixels, script errors naming the
# line, walking into a wall, bad store files, --lenient, --lang zh, the
# preview without a display and the demo store lookup.
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
unset DISPLAY WAYLAND_DISPLAY

# The test store: JSON from tests/data/store_session, models made here.
DATA=$VT_SOURCE_DIR/tests/data/store_session
S=$OUT/shop
mkdir -p "$S/models"
cp "$DATA/store.json" "$DATA/catalog.json" "$S/"
ASSETGEN=$VT_BUILD_DIR/assetgen
[ -x "$ASSETGEN" ] || { echo "FAIL: no assetgen at $ASSETGEN"; exit 1; }
"$ASSETGEN" mug -o "$S/models/mug.glb" >/dev/null || { echo "FAIL: assetgen mug"; exit 1; }
"$ASSETGEN" vase -o "$S/models/vase.glb" >/dev/null || { echo "FAIL: assetgen vase"; exit 1; }
python3 "$DATA/make_box.py" "$S/models/counter.glb" 1.6 0.9 0.6 "#6B5B4E" || exit 1
python3 "$DATA/make_box.py" "$S/models/partition.glb" 0.2 2.4 2.0 "#D9D2C7" || exit 1

# ---- arguments ----------------------------------------------------------
check help expect_exit 0 "$VT" store --help
check help_on_stdout grep -q "usage: vitrine store" "$OUT/stdout"
check unknown_option expect_exit 2 "$VT" store "$S/store.json" --bogus
check usage_after_error grep -q "usage: vitrine store" "$OUT/stderr"
check bad_size expect_exit 2 "$VT" store "$S/store.json" --size 10x10
check bad_lang expect_exit 2 "$VT" store "$S/store.json" --lang "e n"
check missing_value expect_exit 2 "$VT" store "$S/store.json" --script
check two_inputs expect_exit 2 "$VT" store "$S/store.json" "$S/store.json"
check missing_script expect_exit 2 "$VT" store "$S/store.json" --script "$OUT/none.txt"
check missing_body expect_exit 2 "$VT" store "$S/store.json" --body "$OUT/none.json"
check listed_in_main expect_exit 0 "$VT" --help
check main_usage grep -q "store \[STORE.json\]" "$OUT/stdout"

# ---- a scripted session: the exact events -------------------------------
cat >"$OUT/session.txt" <<'EOF'
# a shopper at the counter
look mug-stone
click mug-stone
shot chalk
variant mug-stone-rust
shot rust
add 2
back
look dress-column
click dress-column
size M
add
cart
remove mug-stone
checkout
EOF
check session_runs expect_exit 0 "$VT" store "$S/store.json" --script "$OUT/session.txt" \
  --events "$OUT/events.jsonl" --shots "$OUT/shots"
check session_no_stdout test ! -s "$OUT/stdout"
check event_names test "$(jq -r .event "$OUT/events.jsonl" | tr '\n' ' ')" = \
  "select_item view_item add_to_cart select_item view_item add_to_cart view_cart remove_from_cart begin_checkout "
# every item of every event: id variant size price quantity
check event_items test "$(jq -r '.event as $e | .ecommerce.items[] |
  "\($e) \(.item_id) \(.item_variant) \(.item_size // "-") \(.price) \(.quantity)"' \
  "$OUT/events.jsonl")" = "select_item mug-stone mug-stone-chalk - 14.5 1
view_item mug-stone mug-stone-chalk - 14.5 1
add_to_cart mug-stone mug-stone-rust - 14.5 2
select_item dress-column dress-column-sand - 129 1
view_item dress-column dress-column-sand - 129 1
add_to_cart dress-column dress-column-sand M 129 1
view_cart mug-stone mug-stone-rust - 14.5 2
view_cart dress-column dress-column-sand M 129 1
remove_from_cart mug-stone mug-stone-rust - 14.5 2
begin_checkout dress-column dress-column-sand M 129 1"
check event_values test "$(jq -r '"\(.ecommerce.currency) \(.ecommerce.value)"' \
  "$OUT/events.jsonl" | tr '\n' ',')" = \
  "EUR 14.5,EUR 14.5,EUR 29,EUR 129,EUR 129,EUR 129,EUR 158,EUR 29,EUR 129,"
check event_names_brands test "$(jq -r '.ecommerce.items[0] | "\(.item_name)/\(.item_brand)/\(.item_category)"' \
  "$OUT/events.jsonl" | sort -u | tr '\n' ',')" = \
  "Column dress/Nordlys/dress,Stoneware mug/Keramik/mug,"

# Without --events the events go to stdout, one JSON object a line.
printf 'look vase-tall\nclick vase-tall\n' >"$OUT/vase.txt"
check events_to_stdout expect_exit 0 "$VT" store "$S/store.json" --script "$OUT/vase.txt" \
  --shots "$OUT/shots"
check events_stdout_lines test "$(jq -r '"\(.event) \(.ecommerce.items[0].item_variant)"' \
  "$OUT/stdout" | tr '\n' ',')" = "select_item vase-tall-celadon,view_item vase-tall-celadon,"

# The variant switch shows in the product's pixels: the inspected mug turns
# from chalk white to rust red, and the rest of the picture stays.
check variant_changes_colour py "
w, h, a = png.read('$OUT/shots/chalk.png'); _, _, b = png.read('$OUT/shots/rust.png')
assert (w, h) == (1280, 720), (w, h)
red = white = changed = 0
for y in range(160, 560, 2):
    for x in range(220, 620, 2):
        p, q = a[y * w + x], b[y * w + x]
        if max(abs(p[i] - q[i]) for i in range(3)) > 40:
            changed += 1
            white += p[0] > 150 and abs(p[0] - p[2]) < 45
            red += q[0] > q[1] + 45 and q[0] > q[2] + 45
assert changed > 1500 and red > 0.8 * changed and white > 0.6 * changed, (changed, red, white)
far = sum(1 for y in range(0, h, 4) for x in range(0, 120, 4)
          if max(abs(a[y * w + x][i] - b[y * w + x][i]) for i in range(3)) > 8)
assert far == 0, far"
# The inspect panel: a light card on the right with dark text.
check inspect_panel py "
w, h, p = png.read('$OUT/shots/chalk.png')
box = [p[y * w + x] for y in range(40, 380, 3) for x in range(850, 1250, 3)]
light = sum(1 for c in box if min(c[:3]) > 235) / len(box)
ink = sum(1 for c in box if max(c[:3]) < 60)
assert light > 0.7 and ink > 200, (light, ink)"

# ---- actions that cannot be done: SCRIPT:LINE: cause, exit 1 -------------
fails() { # fails NAME 'SCRIPT TEXT' 'EXPECTED STDERR LINE'
  printf '%b' "$2" >"$OUT/$1.txt"
  expect_exit 1 "$VT" store "$S/store.json" --script "$OUT/$1.txt" --shots "$OUT/shots" &&
    test "$(cat "$OUT/stderr")" = "$OUT/$1.txt:$3"
}
check hidden_product fails hidden '# behind the partition\n\nlook mug-hidden\n' \
  "3: mug-hidden is not visible from (0.00, 2.00): something is in the way"
check click_hidden fails click_hidden 'click mug-hidden\n' \
  "1: mug-hidden is not visible in the view (look mug-hidden first)"
check unknown_product fails unknown 'look mug-stone\nclick mug-nope\n' \
  "2: no product 'mug-nope' in the catalog"
check size_first fails size_first 'look dress-column\nclick dress-column\nadd\n' \
  "3: dress-column needs a size first (size LABEL)"
check bad_size_label fails bad_size_label 'look dress-column\nclick dress-column\nsize XXL\n' \
  "3: dress-column has no size 'XXL' (sizes: XS S M L)"
check foreign_variant fails foreign_variant 'look mug-stone\nclick mug-stone\nvariant vase-tall-ink\n' \
  "3: mug-stone has no variant 'vase-tall-ink'"
check add_nothing fails add_nothing 'add\n' "1: no product is inspected (click one first)"
check remove_absent fails remove_absent 'remove mug-stone\n' "1: mug-stone is not in the cart"
check empty_checkout fails empty_checkout 'cart\ncheckout\n' "2: the cart is empty"
check back_from_walk fails back_from_walk 'back\n' "1: nothing to go back from (already walking)"
# A tap on the panel's close button goes back to walking, so `back` fails.
check tap_closes fails tap_closes 'look mug-stone\nclick mug-stone\ntap 1226 53\nback\n' \
  "4: nothing to go back from (already walking)"
# A tap on the walk view's cart button opens the cart (view_cart); one back
# returns to walking.
printf 'tap 1227 41\nback\nback\n' >"$OUT/tap_cart.txt"
check tap_cart_button expect_exit 1 "$VT" store "$S/store.json" --script "$OUT/tap_cart.txt" \
  --shots "$OUT/shots"
check tap_cart_event test "$(jq -r '"\(.event) \(.ecommerce.value) \(.ecommerce.items | length)"' "$OUT/stdout")" = "view_cart 0 0"
check tap_cart_back test "$(cat "$OUT/stderr")" = "$OUT/tap_cart.txt:3: nothing to go back from (already walking)"
# A bad script line is a usage error: exit 2, naming the line.
printf 'walk 0 1\nbogus 3\n' >"$OUT/bogus.txt"
check script_syntax expect_exit 2 "$VT" store "$S/store.json" --script "$OUT/bogus.txt"
check script_syntax_line test "$(cat "$OUT/stderr")" = "$OUT/bogus.txt:2: unknown action 'bogus'"

# ---- walking ------------------------------------------------------------
# Straight into the south wall (z = 3): the shopper (radius 0.25) stops at
# z = 2.75 with a warning, and the script goes on.
printf 'walk 0 10\nwalk -2 1.5\nwalk 0 -1\n' >"$OUT/walk.txt"
check walk_runs expect_exit 0 "$VT" store "$S/store.json" --script "$OUT/walk.txt" --verbose \
  --shots "$OUT/shots"
check walk_blocked_warns grep -qx "$OUT/walk.txt:1: warning: walk to (0.00, 10.00) stopped at (0.00, 2.75): the way is blocked" "$OUT/stderr"
check walk_stops_at_wall grep -qx "$OUT/walk.txt:1: at 0.000 2.750" "$OUT/stderr"
check walk_free grep -qx "$OUT/walk.txt:2: at -2.000 1.500" "$OUT/stderr"
check walk_free_no_warning test "$(grep -c "walk.txt:2: warning" "$OUT/stderr")" -eq 0
# Into the counter (z in [-1.3, -0.7]): stopped a radius in front of it.
check walk_counter_blocks grep -q "$OUT/walk.txt:3: warning: walk to (0.00, -1.00) stopped at" "$OUT/stderr"
check walk_counter_front py "
import re
m = re.search(r'walk.txt:3: at (\S+) (\S+)', open('$OUT/stderr').read())
x, z = float(m.group(1)), float(m.group(2))
assert abs(z + 0.45) < 0.01 and abs(x) < 0.1, (x, z)"

# ---- bad store files: one line naming the file, exit 2 ------------------
bad() { # bad NAME SED_SCRIPT FILE EXPECTED_LINE
  rm -rf "$OUT/bad" && cp -r "$S" "$OUT/bad" && sed -i "$2" "$OUT/bad/$3" &&
    expect_exit 2 "$VT" store "$OUT/bad/store.json" --headless --shots "$OUT/shots" &&
    test "$(cat "$OUT/stderr")" = "$4"
}
check dup_id bad dup_id 's/"id": "vase-tall",/"id": "mug-stone",/' catalog.json \
  "$OUT/bad/catalog.json:21:13: products[1].id: duplicate product id 'mug-stone'"
check unknown_placement bad unknown 's/"product": "vase-tall"/"product": "vase-nope"/' store.json \
  "$OUT/bad/store.json:22:17: placements[1].product: unknown product 'vase-nope'"
check bad_price bad price 's/"value": "39"/"value": "39.999"/' catalog.json \
  "$OUT/bad/catalog.json:25:26: products[1].price.value: price '39.999' has more than 2 decimals for EUR"
check malformed bad malformed 's/"currency": "EUR",$/"currency": "EUR"/' catalog.json \
  "$OUT/bad/catalog.json:3:12: '}' expected near '\"products\"'"
check missing_store expect_exit 2 "$VT" store "$OUT/none/store.json" --headless
check missing_store_line test "$(wc -l <"$OUT/stderr")" -eq 1
check missing_store_named grep -q "$OUT/none/store.json" "$OUT/stderr"

# --lenient: the broken product and its placement are listed and left out,
# the rest opens and shops.
rm -rf "$OUT/len" && cp -r "$S" "$OUT/len"
sed -i 's/"value": "39"/"value": "39.999"/' "$OUT/len/catalog.json"
printf 'look mug-stone\nclick mug-stone\nadd\n' >"$OUT/len.txt"
check lenient_runs expect_exit 0 "$VT" store "$OUT/len/store.json" --lenient --script "$OUT/len.txt" \
  --events "$OUT/len.jsonl" --shots "$OUT/shots"
check lenient_lists test "$(cat "$OUT/stderr")" = "$OUT/len/catalog.json:25:26: products[1].price.value: price '39.999' has more than 2 decimals for EUR
$OUT/len/store.json:22:17: placements[1].product: product 'vase-tall' was left out (broken in the catalog)
vitrine store: 2 entries left out (--lenient)"
check lenient_shops test "$(jq -r .event "$OUT/len.jsonl" | tr '\n' ' ')" = \
  "select_item view_item add_to_cart "
printf 'look vase-tall\n' >"$OUT/len2.txt"
check lenient_left_out expect_exit 1 "$VT" store "$OUT/len/store.json" --lenient \
  --script "$OUT/len2.txt" --shots "$OUT/shots"
check lenient_left_out_msg grep -qx "$OUT/len2.txt:1: no product 'vase-tall' in the catalog" "$OUT/stderr"

# ---- Chinese ------------------------------------------------------------
# The same inspect card in en and zh: the title differs and the zh one has
# ink (CJK glyphs from the fallback font, not empty boxes).
printf 'look mug-stone\nclick mug-stone\nshot card\n' >"$OUT/card.txt"
check card_en expect_exit 0 "$VT" store "$S/store.json" --script "$OUT/card.txt" --shots "$OUT/en"
check card_zh expect_exit 0 "$VT" store "$S/store.json" --lang zh --script "$OUT/card.txt" \
  --shots "$OUT/zh"
check zh_title_rendered py "
w, h, a = png.read('$OUT/en/card.png'); _, _, b = png.read('$OUT/zh/card.png')
def ink(p, y0, y1):
    return [(x, y) for y in range(y0, y1) for x in range(860, 1200) if max(p[y * w + x][:3]) < 90]
ia, ib = ink(a, 62, 100), ink(b, 62, 100)
assert len(ib) > 250 and set(ia) != set(ib), (len(ia), len(ib))
# strokes: many dark runs across the rows (a box glyph has two per row)
runs = 0
for y in range(62, 100):
    row = [max(b[y * w + x][:3]) < 90 for x in range(860, 1200)]
    runs += sum(1 for i in range(1, len(row)) if row[i] and not row[i - 1])
assert runs > 150, runs"

# An apparel card keeps its description: the same card without the
# description in the catalog looks different in the text rows.
rm -rf "$OUT/nodesc" && cp -r "$S" "$OUT/nodesc"
sed -i '/"A long column of washed silk."/d' "$OUT/nodesc/catalog.json"
printf 'look dress-column\nclick dress-column\nshot dress\n' >"$OUT/dress.txt"
check dress_card expect_exit 0 "$VT" store "$S/store.json" --script "$OUT/dress.txt" \
  --shots "$OUT/desc" --events /dev/null
check dress_card_nodesc expect_exit 0 "$VT" store "$OUT/nodesc/store.json" --script \
  "$OUT/dress.txt" --shots "$OUT/nodesc" --events /dev/null
check dress_card_has_description py "
w, h, a = png.read('$OUT/desc/dress.png'); _, _, b = png.read('$OUT/nodesc/dress.png')
diff = sum(1 for y in range(140, 200) for x in range(868, 1230)
           if max(abs(a[y * w + x][k] - b[y * w + x][k]) for k in range(3)) > 60)
assert diff > 300, diff"

# ---- the preview without a display, and the demo store ------------------
mkdir -p "$OUT/cwd"
check preview_runs bash -c "cd '$OUT/cwd' && '$VT' store '$S/store.json' >'$OUT/stdout' 2>'$OUT/stderr'"
check preview_says_so grep -qx "vitrine store: no display; rendered the store from the entrance to out/store.png (1280x720)" "$OUT/stdout"
check preview_image py "
w, h, p = png.read('$OUT/cwd/out/store.png')
assert (w, h) == (1280, 720)
assert len({p[i][:3] for i in range(0, w * h, 97)}) > 100"
# A script without shots leaves no out/ folder behind.
mkdir -p "$OUT/cwd2"
printf 'walk 0 1\n' >"$OUT/noshot.txt"
check script_no_shots bash -c "cd '$OUT/cwd2' && '$VT' store '$S/store.json' --script '$OUT/noshot.txt' >/dev/null 2>&1"
check script_no_out_folder test ! -e "$OUT/cwd2/out"
check demo_from_env expect_exit 0 env VITRINE_DEMO="$S" "$VT" store --headless --size 320x200 \
  --shots "$OUT/demo"
check demo_image test -s "$OUT/demo/store.png"
check demo_message grep -q "headless; rendered the store from the entrance to $OUT/demo/store.png (320x200)" "$OUT/stdout"

# ---- output that cannot be written --------------------------------------
printf 'look mug-stone\nclick mug-stone\n' >"$OUT/full.txt"
check events_disk_full expect_exit 1 "$VT" store "$S/store.json" --script "$OUT/full.txt" \
  --events /dev/full
check events_disk_full_msg test "$(cat "$OUT/stderr")" = \
  "vitrine: store: /dev/full: cannot write the events (No space left on device)"
check stdout_disk_full bash -c "'$VT' store '$S/store.json' --script '$OUT/full.txt' \
  >/dev/full 2>'$OUT/stderr'; test \$? -eq 1"
check stdout_disk_full_msg test "$(cat "$OUT/stderr")" = \
  "vitrine: store: stdout: cannot write the events (No space left on device)"
check shots_uncreatable expect_exit 2 "$VT" store "$S/store.json" --script "$OUT/card.txt" \
  --shots /proc/vitrine-shots
check shots_uncreatable_msg test "$(cat "$OUT/stderr")" = \
  "vitrine: store: /proc/vitrine-shots: cannot create the folder (No such file or directory)"

report "store_test: "
