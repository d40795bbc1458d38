#!/usr/bin/env bash
# assetgen: the demo store's generated models (materials as intended, named for
# the catalog's variant overrides, under the web budget, the same bytes every
# run), the committed catalog.json / store.json being what assetgen writes, and
# the shape of `assetgen --stress N`. $1 is the vitrine binary; assetgen is next
# to it.
set -u
VT=$1
ASSETGEN=$(dirname "$VT")/assetgen
DEMO=$VT_SOURCE_DIR/assets/demo
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- usage errors: exit 2 with a message ----
check no_args expect_exit 2 "$ASSETGEN"
check demo_without_output expect_exit 2 "$ASSETGEN" demo
check demo_unknown_option expect_exit 2 "$ASSETGEN" demo -o "$OUT/x" --bogus
check stress_zero expect_exit 2 "$ASSETGEN" --stress 0 -o "$OUT/s0"
check stress_too_many expect_exit 2 "$ASSETGEN" --stress 100001 -o "$OUT/s0"
check stress_not_a_number expect_exit 2 "$ASSETGEN" --stress 12x -o "$OUT/s0"
check stress_negative expect_exit 2 "$ASSETGEN" --stress -5 -o "$OUT/s0"
check stress_without_output expect_exit 2 "$ASSETGEN" --stress 10
check stress_message grep -q "from 1 to 100000" <(
  "$ASSETGEN" --stress 0 -o "$OUT/s0" 2>&1
)
check stress_wrote_nothing test ! -e "$OUT/s0"
check demo_unwritable expect_exit 1 "$ASSETGEN" demo -o /proc/no/such/dir
check demo_unwritable_named grep -q "/proc/no/such/dir" "$OUT/stderr"

# ---- the demo: twice, byte for byte the same, and what is committed ----
check demo_runs expect_exit 0 "$ASSETGEN" demo -o "$OUT/a/models" --json "$OUT/a"
check demo_runs_again expect_exit 0 "$ASSETGEN" demo -o "$OUT/b/models" --json "$OUT/b"
check demo_deterministic diff -r "$OUT/a" "$OUT/b"
check committed_catalog_is_generated cmp "$OUT/a/catalog.json" "$DEMO/catalog.json"
check committed_store_is_generated cmp "$OUT/a/store.json" "$DEMO/store.json"
C=$OUT/a/catalog.json
S=$OUT/a/store.json

# ---- catalog: counts, kinds, variants, sizes, prices ----
check products_at_least_30 test "$(jq '.products | length' "$C")" -ge 30
check kinds_at_least_8 test "$(jq '[.products[].kind] | unique | length' "$C")" -ge 8
check variants_2_to_4 test "$(jq '[.products[] | .variants | length | select(. < 2 or . > 4)] | length' "$C")" -eq 0
check product_ids_unique test "$(jq '[.products[].id] | (length == (unique | length))' "$C")" = true
check variant_ids_unique test "$(jq '[.products[].variants[].id] | (length == (unique | length))' "$C")" = true
check apparel_has_sizes test "$(jq '[.products[] | select(.kind | IN("tshirt","long_sleeve_shirt","dress","skirt","trousers","jacket")) | select((.sizes | length) < 1)] | length' "$C")" -eq 0
check prices_eur_cents test "$(jq '[.products[].price | select(.currency != "EUR" or (.value | test("^[0-9]+\\.[0-9]{2}$") | not))] | length' "$C")" -eq 0
check titles_en_zh test "$(jq '[.products[] | .title, .description, .material, .variants[].title | select((.en | length) < 1 or (.zh | length) < 1)] | length' "$C")" -eq 0
# GTINs (optional in the format): 8, 12, 13 or 14 digits with a valid GS1 check digit.
bad_gtin=$(jq -r '.products[].gtin // empty' "$C" | awk '{ n = length($0); s = 0
  for (i = 1; i < n; i++) s += substr($0, i, 1) * ((n - i) % 2 ? 3 : 1)
  if ($0 !~ /^[0-9]+$/ || (n != 8 && n != 12 && n != 13 && n != 14) || (10 - s % 10) % 10 != substr($0, n, 1)) print }')
check gtins_valid test -z "$bad_gtin"
check gtins_unique test "$(jq '[.products[].gtin // empty] | (length == (unique | length))' "$C")" = true
check every_variant_overrides test "$(jq '[.products[].variants[] | select((.materials | length) < 1)] | length' "$C")" -eq 0

# ---- store: within the room, products placed, up to 8 lights, a mirror ----
check store_lights_at_most_8 test "$(jq '.lights | length' "$S")" -le 8
check store_every_product_placed test "$(jq -n --slurpfile c "$C" --slurpfile s "$S" \
  '($c[0].products | map(.id)) - ($s[0].placements | map(.product)) | length')" -eq 0
check store_placements_known test "$(jq -n --slurpfile c "$C" --slurpfile s "$S" \
  '($s[0].placements | map(.variant)) - ($c[0].products | map(.variants[].id)) | length')" -eq 0
check store_inside_room test "$(jq '.room as $r | [.placements[], .fixtures[] | .position
  | select((.[0] | fabs) > $r.width / 2 or (.[2] | fabs) > $r.depth / 2 or .[1] < 0)] | length' "$S")" -eq 0
check store_has_mirror test "$(jq '.fitting_room.mirror.size | length' "$S")" -eq 2
check store_signs_en_zh test "$(jq '[.signs[].text | select(.en and .zh)] | length' "$S")" -ge 3

# ---- every model named in catalog and store exists and imports as intended ----
mkdir -p "$OUT/info"
models=$( (jq -r '.products[].model' "$C"; jq -r '.fixtures[].model' "$S") | sort -u)
missing=0 unreadable=0
for m in $models; do
  [ -f "$OUT/a/$m" ] || { echo "  missing $m"; missing=$((missing + 1)); continue; }
  "$VT" info "$OUT/a/$m" --json >"$OUT/info/$(basename "$m" .glb).json" 2>"$OUT/info.err" ||
    { echo "  unreadable $m: $(cat "$OUT/info.err")"; unreadable=$((unreadable + 1)); }
done
check models_exist test "$missing" -eq 0
check models_import test "$unreadable" -eq 0
check models_count test "$(echo "$models" | wc -l)" -ge 40

# Materials by name: cloth has sheen, glass transmits, metals are metallic.
bad_materials() { # bad_materials NAME-REGEX JQ-CONDITION: materials of that name failing the condition
  jq -r --arg re "$1" ".materials[] | select(.name | test(\"^(\" + \$re + \")\$\")) | select(($2) | not)
    | input_filename + \": \" + .name" "$OUT"/info/*.json
}
check fabric_has_sheen test -z "$(bad_materials 'Fabric|Felt|Knit|Linen|Lace|Lining' \
  '.extensions | index("KHR_materials_sheen")')"
check glass_transmits test -z "$(bad_materials 'Glass|Lens|Liquid' \
  '(.extensions | index("KHR_materials_transmission")) and .metallic == 0')"
check metal_is_metallic test -z "$(bad_materials 'Metal|Steel|Mirror' '.metallic == 1')"
check glaze_clearcoat test -z "$(bad_materials 'Glaze|Acetate' '.extensions | index("KHR_materials_clearcoat")')"
check leather_dielectric test -z "$(bad_materials 'Leather|Cushion|Band' '.metallic == 0 and .roughness > 0.3')"
check fabric_count test "$(jq -s '[.[].materials[] | select(.name == "Fabric")] | length' "$OUT"/info/*.json)" -ge 10
check glass_count test "$(jq -s '[.[].materials[] | select(.name == "Glass")] | length' "$OUT"/info/*.json)" -ge 3
check metal_count test "$(jq -s '[.[].materials[] | select(.name == "Metal")] | length' "$OUT"/info/*.json)" -ge 8

# Every material a variant overrides exists in that product's model.
unknown=$(jq -r '.products[] | .model as $m | .variants[] | .materials | keys[] | "\($m) \(.)"' "$C" | sort -u |
  while read -r m name; do
    jq -e --arg n "$name" '[.materials[].name] | index($n)' "$OUT/info/$(basename "$m" .glb).json" >/dev/null ||
      echo "$m: $name"
  done)
[ -z "$unknown" ] || echo "  overridden but absent: $unknown"
check overrides_exist test -z "$unknown"

# True scale: bottoms on y = 0, sizes of real things.
size() { jq -r ".bounds.size[$2]" "$OUT/info/$1.json"; }
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }
check bottoms_on_floor test "$(jq -s '[.[] | .bounds.min[1] | select(fabs > 0.0005)] | length' "$OUT"/info/*.json)" -eq 0
check mug_height between "$(size mug-stoneware 1)" 0.09 0.10
check tee_width between "$(size tee-organic 0)" 0.6 0.8
check dress_height between "$(size dress-linen-midi 1)" 1.1 1.4
check shoes_length between "$(size sneaker-court 2)" 0.27 0.32
check table_height between "$(size fixture-table 1)" 0.75 0.77
check shelf_height between "$(size fixture-shelf 1)" 1.9 2.2

# The web budget: every product file passes `vitrine validate --profile web`.
failed=0
for m in $(jq -r '.products[].model' "$C"); do
  "$VT" validate "$OUT/a/$m" --profile web >"$OUT/validate.txt" 2>&1 ||
    { echo "  over budget: $m"; grep FAIL "$OUT/validate.txt"; failed=$((failed + 1)); }
done
check products_web_budget test "$failed" -eq 0

# The store loader opens the demo as written (headless preview from the entrance).
check demo_store_opens expect_exit 0 "$VT" store "$S" --headless --size 320x200 --shots "$OUT/shots"
check demo_store_preview test -s "$OUT/shots/store.png"

# ---- --stress: shape of a 1000-product store ----
check stress_runs expect_exit 0 "$ASSETGEN" --stress 1000 -o "$OUT/s"
SC=$OUT/s/catalog.json
SS=$OUT/s/store.json
check stress_products test "$(jq '.products | length' "$SC")" -eq 1000
check stress_placements test "$(jq '.placements | length' "$SS")" -eq 1000
check stress_ids_unique test "$(jq '[.products[].id] | unique | length' "$SC")" -eq 1000
check stress_variants_2_3 test "$(jq '[.products[].variants | length | select(. < 2 or . > 3)] | length' "$SC")" -eq 0
distinct=$(jq '[.products[].model] | unique | length' "$SC")
check stress_models_reused between "$distinct" 10 20
check stress_models_exist test "$(jq -r '.products[].model' "$SC" | sort -u | while read -r m; do
  [ -f "$OUT/s/$m" ] || echo "$m"; done | wc -l)" -eq 0
check stress_placed_products_known test "$(jq -n --slurpfile c "$SC" --slurpfile s "$SS" \
  '($s[0].placements | map(.product)) - ($c[0].products | map(.id)) | length')" -eq 0
check stress_placed_variants_known test "$(jq -n --slurpfile c "$SC" --slurpfile s "$SS" \
  '($s[0].placements | map(.variant)) - ($c[0].products | map(.variants[].id)) | length')" -eq 0
check stress_inside_room test "$(jq '.room as $r | [.placements[], .fixtures[] | .position
  | select((.[0] | fabs) > $r.width / 2 or (.[2] | fabs) > $r.depth / 2)] | length' "$SS")" -eq 0
check stress_spawn_inside test "$(jq '.room as $r | .spawn.position | ((.[0] | fabs) < $r.width / 2 and (.[1] | fabs) < $r.depth / 2)' "$SS")" = true
check stress_tables test "$(jq '.fixtures | length' "$SS")" -eq 125
check stress_one expect_exit 0 "$ASSETGEN" --stress 1 -o "$OUT/s1"
check stress_one_product test "$(jq '.products | length' "$OUT/s1/catalog.json")" -eq 1
check stress_deterministic_json cmp <("$ASSETGEN" --stress 1000 -o "$OUT/s2" && cat "$OUT/s2/store.json" "$OUT/s2/catalog.json") \
  <(cat "$SS" "$SC")

# ---- the mug and vase commands other tests use still work ----
check mug expect_exit 0 "$ASSETGEN" mug -o "$OUT/mug.glb"
check vase expect_exit 0 "$ASSETGEN" vase -o "$OUT/vase.glb" --triangles 2000

report "assetgen: "
