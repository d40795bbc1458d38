#!/usr/bin/env bash
# End to end: `vitrine info --json` reports what the test models contain,
# `vitrine validate` passes a good model and fails an odd one with the right
# exit codes, and bad arguments exit 2 with one error line.
set -u
VITRINE=${1:?usage: info_validate_test.sh /path/to/vitrine}
DATA=${VT_TEST_DATA:?VT_TEST_DATA not set}/models
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

ok() { echo "ok   $1"; }
bad() {
    echo "FAIL $1"
    failures=$((failures + 1))
}

# expect_rc NAME WANT CMD...: runs CMD, stdout to $work/out, stderr to $work/err
expect_rc() {
    local name=$1 want=$2
    shift 2
    "$@" > "$work/out" 2> "$work/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name (exit $rc)"; else
        bad "$name: exit $rc, want $want"
        sed 's/^/    /' "$work/err" | head -5
    fi
}

# json_check NAME PYTHON-EXPR: evaluates EXPR with d = the JSON in $work/out
json_check() {
    if python3 -c "import json,sys; d=json.load(open('$work/out')); sys.exit(0 if ($2) else 1)"; then
        ok "$1"
    else
        bad "$1: ($2) is false"
    fi
}

# info --json on the variants model
expect_rc "info --json variants.gltf" 0 "$VITRINE" info "$DATA/variants.gltf" --json
json_check "info: valid JSON with counts" "d['meshes'] == 3 and d['triangles'] == 36 and d['draw_calls'] == 3 and d['vertices'] == 72"
json_check "info: variants listed" "d['variants'] == ['red', 'blue', 'navy']"
json_check "info: materials with extensions" "d['materials'][0]['name'] == 'cloth' and 'KHR_materials_emissive_strength' in d['materials'][0]['extensions'] and 'KHR_texture_transform' in d['materials'][0]['extensions']"
json_check "info: spec-gloss reported" "'KHR_materials_pbrSpecularGlossiness' in d['materials'][3]['extensions']"
json_check "info: missing texture is a placeholder" "any(t['placeholder'] and t['name'] == 'missing_normal.png' for t in d['textures'])"
json_check "info: bounds in metres" "abs(d['bounds']['size'][0] - 0.35) < 1e-4 and abs(d['bounds']['max'][1] - 0.2) < 1e-4"
json_check "info: lights" "d['lights'] == 1"
if grep -q "texture missing_normal.png missing" "$work/err"; then ok "info: missing texture warned"; else bad "info: no warning for the missing texture"; fi

# human text
expect_rc "info text good.glb" 0 "$VITRINE" info "$DATA/good.glb"
if grep -Eq '^triangles +12$' "$work/out" && grep -Eq '^size +0.3 x 0.3 x 0.3 m' "$work/out"; then
    ok "info: text has triangles and size"
else
    bad "info: text output"
    cat "$work/out"
fi

# FBX in centimetres from the corpus, when present
FBX=${VT_ASSIMP_MODELS:-/usr/share/assimp/models}/FBX/cubes_with_names.fbx
if [ -f "$FBX" ]; then
    expect_rc "info --json fbx" 0 "$VITRINE" info "$FBX" --json
    json_check "info: FBX centimetres to metres" "abs(d['unit_scale'] - 0.01) < 1e-6 and max(d['bounds']['size']) < 1.0"
fi

# validate exit codes
expect_rc "validate good.glb --profile web" 0 "$VITRINE" validate "$DATA/good.glb" --profile web
if grep -q "result: PASS" "$work/out"; then ok "validate: PASS line"; else bad "validate: no PASS line"; fi
expect_rc "validate odd.gltf" 1 "$VITRINE" validate "$DATA/odd.gltf"
if grep -Eq "FAIL +texture_pot" "$work/out" && grep -Eq "FAIL +dimensions" "$work/out" &&
    grep -q "fix: " "$work/out"; then
    ok "validate: odd model fails texture_pot and dimensions with fixes"
else
    bad "validate: odd report"
    cat "$work/out"
fi
expect_rc "validate odd.gltf --json" 1 "$VITRINE" validate "$DATA/odd.gltf" --json
json_check "validate --json: failing rules" "not d['pass'] and d['profile'] == 'web' and {c['rule'] for c in d['checks'] if not c['pass']} == {'texture_pot', 'dimensions', 'base_color_luminance'}"
json_check "validate --json: every failing check has a fix" "all(c['fix'] for c in d['checks'] if not c['pass'])"
expect_rc "validate good.glb --profile=mobile --json" 0 "$VITRINE" validate "$DATA/good.glb" --profile=mobile --json
json_check "validate --json: mobile passes" "d['pass'] and d['profile'] == 'mobile' and len(d['checks']) == 11"

# unreadable and bad arguments: exit 2, one line naming the problem
expect_rc "validate malformed.gltf" 2 "$VITRINE" validate "$DATA/malformed.gltf"
if [ "$(wc -l < "$work/err")" -eq 1 ] && grep -q "malformed.gltf: " "$work/err"; then
    ok "validate: one error line with the path"
else
    bad "validate: error output"
    cat "$work/err"
fi
expect_rc "info missing file" 2 "$VITRINE" info "$work/nope.glb"
if grep -q "^vitrine: $work/nope.glb: cannot open" "$work/err"; then ok "info: missing file message"; else bad "info: missing file message"; cat "$work/err"; fi
expect_rc "info no args" 2 "$VITRINE" info
expect_rc "info unknown option" 2 "$VITRINE" info "$DATA/good.glb" --frobnicate
expect_rc "info two files" 2 "$VITRINE" info "$DATA/good.glb" "$DATA/odd.gltf"
expect_rc "validate bad profile" 2 "$VITRINE" validate "$DATA/good.glb" --profile desktop
expect_rc "validate --profile without value" 2 "$VITRINE" validate "$DATA/good.glb" --profile
expect_rc "info --help" 0 "$VITRINE" info --help
expect_rc "validate --help" 0 "$VITRINE" validate --help

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
