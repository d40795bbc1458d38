#!/usr/bin/env bash
# Models from Debian's assimp-testmodels rendered and compared with stored
# images in tests/data/golden. VT_UPDATE_GOLDEN=1 rewrites the stored images.
#
# Tolerance: mean absolute difference <= 1.5 levels (of 255) over all channels,
# and at most 1% of pixels off by more than 32 levels in any channel. Runs on one
# machine are identical (llvmpipe is deterministic); the slack absorbs what
# differs between Mesa/LLVM builds and SIMD widths: antialiased edges and
# texture filtering a pixel off, which move a few edge pixels by large amounts
# and the rest not at all. A wrong colour, a missing texture, a moved shadow or
# a changed framing moves far more pixels than that.
set -u
VT=$1
M=$VT_ASSIMP_MODELS
GOLDEN=$VT_SOURCE_DIR/tests/data/golden
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cases=(
  "box_textured|$M/glTF2/BoxTextured-glTF-Binary/BoxTextured.glb|--yaw 30 --pitch 20"
  "engine|$M/glTF2/2CylinderEngine-glTF-Binary/2CylinderEngine.glb|--yaw -35 --pitch 15"
  "spider_obj|$M/OBJ/spider.obj|--yaw 20 --pitch 25"
  "duck_dae|$M/Collada/duck.dae|--yaw -30 --pitch 10"
)
for c in "${cases[@]}"; do
  IFS='|' read -r name file opts <<<"$c"
  # shellcheck disable=SC2086
  if ! "$VT" render "$file" -o "$OUT/$name.png" --size 160x160 $opts >/dev/null 2>"$OUT/err"; then
    echo "FAIL: $name: render failed: $(cat "$OUT/err")"
    fail=$((fail + 1))
    continue
  fi
  if [ "${VT_UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$GOLDEN" && cp "$OUT/$name.png" "$GOLDEN/$name.png"
    echo "updated $GOLDEN/$name.png"
  fi
  if python3 "$VT_SOURCE_DIR/tests/tools/png.py" diff "$OUT/$name.png" "$GOLDEN/$name.png" \
      1.5 0.01 32; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name (kept as $VT_BUILD_DIR/golden-$name.png)"
    cp "$OUT/$name.png" "$VT_BUILD_DIR/golden-$name.png"
    fail=$((fail + 1))
  fi
done
# The tolerance must still see a real change: the box turned by 8 degrees more
# has to fail the comparison with its stored image.
"$VT" render "$M/glTF2/BoxTextured-glTF-Binary/BoxTextured.glb" -o "$OUT/turned.png" --size 160x160 \
  --yaw 38 --pitch 20 >/dev/null 2>&1
if python3 "$VT_SOURCE_DIR/tests/tools/png.py" diff "$OUT/turned.png" "$GOLDEN/box_textured.png" \
    1.5 0.01 32 >/dev/null; then
  echo "FAIL: tolerance too loose: an 8 degree turn passes as the stored image"
  fail=$((fail + 1))
else
  pass=$((pass + 1))
fi
report
