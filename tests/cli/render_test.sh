#!/usr/bin/env bash
# End-to-end runs of `vitrine render`: arguments, output files, variants,
# backgrounds and the camera convention (yaw 0 = camera on +Z looking along -Z).
set -u
VT=$1
ASSETGEN=$VT_BUILD_DIR/assetgen
PNG="python3 $VT_SOURCE_DIR/tests/tools/png.py"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ASSETGEN" mug -o "$OUT/mug.glb" || { echo "FAIL: assetgen"; exit 1; }
MUG=$OUT/mug.glb

# Bad arguments print usage and exit 2.
check no_args expect_exit 2 "$VT" render
check no_output expect_exit 2 "$VT" render "$MUG"
check unknown_option expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --bogus
check bad_size expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --size 12by3
check bad_tonemap expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --tonemap filmic
check bad_background expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --background "#12345G"
check bad_msaa expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --msaa 3
check usage_printed grep -q "usage: vitrine render" "$OUT/stderr"

# Unreadable input: one line naming the file, exit 2.
check missing_file expect_exit 2 "$VT" render "$OUT/nope.glb" -o "$OUT/x.png"
check missing_file_named grep -q "nope.glb" "$OUT/stderr"
check missing_file_one_line test "$(wc -l <"$OUT/stderr")" -eq 1
check unknown_variant expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --variant Plaid
check missing_hdr expect_exit 2 "$VT" render "$MUG" -o "$OUT/x.png" --env "$OUT/none.hdr"

# A render has the requested size.
check render_runs expect_exit 0 "$VT" render "$MUG" -o "$OUT/mug.png" --size 200x150
check render_size test "$($PNG size "$OUT/mug.png")" = "200 150"

# Turntable: N files named OUT-000.png ...
check turntable expect_exit 0 "$VT" render "$MUG" -o "$OUT/tt.png" --size 64x64 --turntable 3
check turntable_files test -f "$OUT/tt-000.png" -a -f "$OUT/tt-001.png" -a -f "$OUT/tt-002.png" \
  -a ! -f "$OUT/tt-003.png"

# A solid background colour is reproduced exactly where nothing is drawn.
check bg_color expect_exit 0 "$VT" render "$MUG" -o "$OUT/bg.png" --size 96x96 \
  --background "#3366cc" --no-ground
check bg_color_corner py "w, h, p = png.read('$OUT/bg.png'); assert p[0][:3] == (0x33, 0x66, 0xcc), p[0]"

# Transparent background: alpha 0 in the corners, opaque on the product.
check transparent expect_exit 0 "$VT" render "$MUG" -o "$OUT/tr.png" --size 96x96 \
  --background transparent --no-ground
check transparent_alpha py "w, h, p = png.read('$OUT/tr.png'); assert p[0][3] == 0 and p[-1][3] == 0; assert p[(h // 2) * w + w // 2][3] == 255"

# Camera convention: the mug's handle is on +X. Seen from the front (camera on +Z,
# yaw 0) +X is to the right, so the row through the handle reaches further right
# than the row above the handle; from behind (yaw 180) it reaches further left.
extent_py="
w, h, p = png.read(sys.argv[1])
rows = [y for y in range(h) if any(p[y * w + x][3] > 128 for x in range(w))]
def ext(y):
    xs = [x for x in range(w) if p[y * w + x][3] > 128]
    return min(xs), max(xs)
top, bottom = rows[0], rows[-1]
rim = ext(top + (bottom - top) // 12)            # above the handle: the body alone
handle = ext(top + (bottom - top) * 45 // 100)   # through the handle
right = handle[1] - rim[1] > 3 and abs(handle[0] - rim[0]) <= 3
left = rim[0] - handle[0] > 3 and abs(handle[1] - rim[1]) <= 3
print('right' if right else 'left' if left else 'none', rim, handle, file=sys.stderr)
print('right' if right else 'left' if left else 'none')
"
side() { python3 -c "import sys; sys.path.insert(0, '$VT_SOURCE_DIR/tests/tools'); import png; $extent_py" "$1"; }
check front expect_exit 0 "$VT" render "$MUG" -o "$OUT/front.png" --size 160x160 --background transparent --no-ground
check back expect_exit 0 "$VT" render "$MUG" -o "$OUT/back.png" --size 160x160 --background transparent --no-ground --yaw 180
check handle_right_from_front test "$(side "$OUT/front.png")" = right
check handle_left_from_back test "$(side "$OUT/back.png")" = left

# Switching the variant changes the colour of the product's pixels.
check chalk expect_exit 0 "$VT" render "$MUG" -o "$OUT/chalk.png" --size 96x96 --variant Chalk
check midnight expect_exit 0 "$VT" render "$MUG" -o "$OUT/midnight.png" --size 96x96 --variant Midnight
check variant_changes_colour py "
_, _, a = png.read('$OUT/chalk.png'); _, _, b = png.read('$OUT/midnight.png')
c = 48 * 96 + 40
la, lb = sum(a[c][:3]), sum(b[c][:3])
assert la > lb + 150, (a[c], b[c])"

report
