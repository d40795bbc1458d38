#!/usr/bin/env bash
# End to end: `vitrine body` writes a skinned mannequin that `vitrine info`
# reads back (one skin; the body node and 22 joints), --json reports girths within 1% and
# stature within 0.5 cm, and every bad body.json or bad argument gives one
# line `vitrine: FILE: $.path: cause` and exit 2.
set -u
VITRINE=${1:?usage: body_test.sh /path/to/vitrine}
SRC=${VT_SOURCE_DIR:?VT_SOURCE_DIR not set}
source "$SRC/tests/cli/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# A preset: written, loadable, one skin, accurate.
check "body female-m writes a glb" expect_exit 0 "$VITRINE" body \
    "$SRC/assets/bodies/female-m.json" -o "$OUT/f.glb" --json
cp "$OUT/stdout" "$OUT/f.json"
check "body --json is accurate" python3 -c "
import json, sys
d = json.load(open('$OUT/f.json'))
r, m = d['requested'], d['measured']
ok = abs(m['stature'] - r['stature']) <= 0.5
for k in ('chest_girth', 'waist_girth', 'hip_girth'):
    ok = ok and abs(m[k] / r[k] - 1) <= 0.01
ok = ok and d['triangles'] >= 10000
l = d['landmarks']
ok = ok and l['hip_girth'] < l['waist_girth'] < l['chest_girth']
sys.exit(0 if ok else 1)"
check "info reads the body glb" expect_exit 0 "$VITRINE" info "$OUT/f.glb" --json
check "info: one skin, body + 22 joint nodes" python3 -c "
import json, sys
d = json.load(open('$OUT/stdout'))
sys.exit(0 if d['skins'] == 1 and d['nodes'] >= 23 else 1)"

# It renders (headless GL): the mannequin stands in the middle of the picture.
check "render the body" expect_exit 0 "$VITRINE" render "$OUT/f.glb" -o "$OUT/f.png" --size 96x96 \
    --no-shadows
check "head and torso drawn in the centre column, nothing at the edge" py "
w, h, px = png.read('$OUT/f.png')
def drawn(x):  # pixels in column x unlike the background at the row's left edge
    return sum(1 for y in range(h)
               if max(abs(px[y * w + x][i] - px[y * w][i]) for i in range(3)) > 12)
sys.exit(0 if drawn(w // 2) > h // 4 and drawn(w // 8) < h // 8 else 1)"

# Every preset builds.
for f in "$SRC"/assets/bodies/*.json; do
    check "preset $(basename "$f")" expect_exit 0 "$VITRINE" body "$f" -o "$OUT/p.glb"
done

# expect_error NAME JSON MESSAGE: the body file holds JSON; the one stderr line must be
# "vitrine: FILE: MESSAGE" and the exit status 2.
expect_error() {
    local name=$1 json=$2 msg=$3
    printf '%s' "$json" > "$OUT/body.json"
    "$VITRINE" body "$OUT/body.json" -o "$OUT/bad.glb" > "$OUT/stdout" 2> "$OUT/stderr"
    local rc=$?
    local want="vitrine: $OUT/body.json: $msg"
    if [ "$rc" -eq 2 ] && [ "$(cat "$OUT/stderr")" = "$want" ] && [ ! -e "$OUT/bad.glb" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL: $name (exit $rc)"
        echo "  got:  $(cat "$OUT/stderr")"
        echo "  want: $want"
        fail=$((fail + 1))
    fi
}
B='"body_type": "female", "stature": 168, "chest_girth": 92, "hip_girth": 100'
expect_error "absurd waist" "{$B, \"waist_girth\": 12}" '$.waist_girth: 12 cm is outside 40..200 cm'
expect_error "negative stature" \
    '{"body_type": "male", "stature": -175, "chest_girth": 92, "waist_girth": 76,
      "hip_girth": 100}' \
    '$.stature: -175 cm is outside 120..220 cm'
expect_error "string for a number" "{$B, \"waist_girth\": \"76\"}" \
    '$.waist_girth: expected a number (cm), found a string'
expect_error "boolean for a number" "{$B, \"waist_girth\": 76, \"arm_length\": true}" \
    '$.arm_length: expected a number (cm), found a boolean'
expect_error "unknown body type" \
    '{"body_type": "giant", "stature": 168, "chest_girth": 92, "waist_girth": 76,
      "hip_girth": 100}' \
    '$.body_type: unknown body type "giant" (female, male or neutral)'
expect_error "missing field" "{$B}" '$.waist_girth: missing (required, cm)'
expect_error "unknown field" "{$B, \"waist_girth\": 76, \"waist\": 70}" '$.waist: unknown member'
expect_error "malformed JSON" '{"body_type": "female", "stature": 168' \
    "invalid JSON at line 1 column 38: '}' expected near end of file"
expect_error "empty file" '' "invalid JSON at line 1 column 0: '[' or '{' expected near end of file"
expect_error "not an object" '[168, 92]' '$: expected an object, found an array'
expect_error "impossible proportion" "{$B, \"waist_girth\": 140}" \
    '$.waist_girth: 140 cm is outside 50..130 cm (0.5..1.3 of hip_girth)'

# Arguments.
check "no arguments" expect_exit 2 "$VITRINE" body
check "no -o" expect_exit 2 "$VITRINE" body "$SRC/assets/bodies/male-m.json"
MALE=$SRC/assets/bodies/male-m.json
check "unknown option" expect_exit 2 "$VITRINE" body "$MALE" -o "$OUT/x.glb" --frobnicate
check "missing file" expect_exit 2 "$VITRINE" body "$OUT/nope.json" -o "$OUT/x.glb"
check "missing file message" grep -qx "vitrine: $OUT/nope.json: cannot open" "$OUT/stderr"
check "unwritable output" expect_exit 2 "$VITRINE" body "$MALE" -o "$OUT/no/such/dir.glb"
check "--help" expect_exit 0 "$VITRINE" body --help

# A user's avatar (.glb): our own body read back measures the same (0.5 %); a Mixamo-named
# copy (bones renamed in the JSON chunk) too; bad avatars get one line and exit 2.
check "body AVATAR.glb --json" expect_exit 0 "$VITRINE" body "$OUT/f.glb" --json
check "the avatar measures as the body it was written from" python3 - "$OUT/stdout" \
    "$OUT/f.json" <<'EOF'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ok = set(a) == set(b) and set(a["requested"]) == set(b["requested"])
for k in ("stature", "chest_girth", "waist_girth", "hip_girth"):
    ok = ok and abs(a["measured"][k] / b["measured"][k] - 1) <= 0.005
ok = ok and a["body_type"] == "female" and a["triangles"] == b["triangles"]
sys.exit(0 if ok else 1)
EOF
# rewrite_glb IN OUT PYTHON: OUT is IN with its JSON chunk (as `g`) changed by PYTHON
rewrite_glb() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, struct, sys
b = open(sys.argv[1], "rb").read()
jlen = struct.unpack_from("<I", b, 12)[0]
g = json.loads(b[20:20 + jlen])
rest = b[20 + jlen:]
exec(sys.argv[3])
j = json.dumps(g).encode()
j += b" " * (-len(j) % 4)
open(sys.argv[2], "wb").write(struct.pack("<III", 0x46546C67, 2, 20 + len(j) + len(rest)) +
                              struct.pack("<II", len(j), 0x4E4F534A) + j + rest)
EOF
}
MIXAMO='
names = {"hips": "Hips", "spine": "Spine", "chest": "Spine1", "upperChest": "Spine2",
         "leftUpperArm": "LeftArm", "leftLowerArm": "LeftForeArm", "leftUpperLeg": "LeftUpLeg",
         "leftLowerLeg": "LeftLeg", "rightUpperArm": "RightArm", "rightLowerArm": "RightForeArm",
         "rightUpperLeg": "RightUpLeg", "rightLowerLeg": "RightLeg", "leftToes": "LeftToeBase",
         "rightToes": "RightToeBase"}
for n in g["nodes"]:
    if "mesh" not in n:
        nm = n["name"]
        n["name"] = "mixamorig:" + names.get(nm, nm[0].upper() + nm[1:])
'
rewrite_glb "$OUT/f.glb" "$OUT/mixamo.glb" "$MIXAMO"
check "a Mixamo-named avatar" expect_exit 0 "$VITRINE" body "$OUT/mixamo.glb" --json
check "Mixamo names: the same measurements" python3 - "$OUT/stdout" "$OUT/f.json" <<'EOF'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(0 if all(abs(a["measured"][k] / b["measured"][k] - 1) <= 0.005
                  for k in ("stature", "chest_girth", "waist_girth", "hip_girth")) else 1)
EOF
# expect_glb_error NAME FILE MESSAGE: one line "vitrine: FILE: MESSAGE", exit 2
expect_glb_error() {
    "$VITRINE" body "$2" --json > "$OUT/stdout" 2> "$OUT/stderr"
    local rc=$? want="vitrine: $2: $3"
    if [ "$rc" -eq 2 ] && [ "$(cat "$OUT/stderr")" = "$want" ] && [ ! -s "$OUT/stdout" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL: $1 (exit $rc)"
        echo "  got:  $(cat "$OUT/stderr")"
        echo "  want: $want"
        fail=$((fail + 1))
    fi
}
printf '{"asset": {"version": "2.0"}}' > "$OUT/text.glb"
expect_glb_error "not a glb" "$OUT/text.glb" "not a glTF binary (.glb)"
rewrite_glb "$OUT/f.glb" "$OUT/noskin.glb" 'del g["nodes"][0]["skin"]'
expect_glb_error "no skin" "$OUT/noskin.glb" \
    "no skinned mesh (a node with a mesh and a skin): a body needs its skeleton"
rewrite_glb "$OUT/f.glb" "$OUT/noknee.glb" '
for n in g["nodes"]:
    if n.get("name") == "leftLowerLeg": n["name"] = "leftKnee"'
expect_glb_error "a missing bone" "$OUT/noknee.glb" "the skeleton has no leftLowerLeg bone \
(Mixamo: leftleg); a humanoid needs hips, spine, neck, head, upper and lower arms and legs, and feet"
rewrite_glb "$OUT/f.glb" "$OUT/giant.glb" '
for n in g["nodes"]:
    if "mesh" not in n: n["scale"] = [10, 10, 10]'
expect_glb_error "absurd size" "$OUT/giant.glb" \
    "the body is 16.8 units tall; expected a person of 1.0..2.5 m (or that in cm or mm)"

report "body: "
