#!/usr/bin/env bash
# End to end: `vitrine fit` scores every size and follows the recommendation
# rule of issue 5 in its --json, renders the draped garment (-o; --fitmap
# colours it by stretch; --size all a contact sheet), writes the pattern
# (--panels) and a glTF with meshes "body" and "garment" (--export), answers
# in Chinese with --lang zh, and rejects bad files with one line
# `vitrine: FILE: $.path: cause` and exit 2.
#
# Every drape here uses --draft (about 1500 cloth vertices, at most 60
# frames, half-size images) so that the script stays quick under the
# sanitizers; the full-resolution drape is covered by tests/unit/drape_test.c.
set -u
VITRINE=${1:?usage: fit_test.sh /path/to/vitrine}
SRC=${VT_SOURCE_DIR:?VT_SOURCE_DIR not set}
source "$SRC/tests/cli/lib.sh"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
BODY=$SRC/assets/bodies/female-m.json
TEE=$SRC/assets/garments/tshirt.json

# One draft drape of the recommended size with every output.
check "fit writes json, png, svg and glb" expect_exit 0 "$VITRINE" fit --body "$BODY" \
    --garment "$TEE" --draft --json -o "$OUT/plain.png" --panels "$OUT/tee.svg" \
    --export "$OUT/tee.glb"
cp "$OUT/stdout" "$OUT/tee.json"

# The JSON: exactly the keys of issue 5, one entry per size of the chart,
# statuses from the ease ranges, the recommendation by the rule.
check "--json shape and the recommendation rule" python3 - "$OUT/tee.json" "$TEE" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
g = json.load(open(sys.argv[2]))
def fail(msg):
    print("  " + msg)
    sys.exit(1)
if not {"body", "recommended", "reason", "sizes"} <= set(d):
    fail("top-level keys %s" % sorted(d))
for k in ("stature", "chest_girth", "waist_girth", "hip_girth"):
    if not isinstance(d["body"].get(k), (int, float)):
        fail("body.%s missing" % k)
if [s["size"] for s in d["sizes"]] != [s["size"] for s in g["sizes"]]:
    fail("sizes %s" % [s["size"] for s in d["sizes"]])
ease = g["ease"]
score = {}
draped = 0
for s, chart in zip(d["sizes"], g["sizes"]):
    if set(s["regions"]) != set(ease):
        fail("%s regions %s" % (s["size"], sorted(s["regions"])))
    total_mid, shortfall, ok = 0.0, 0.0, True
    for region, (lo, hi) in ease.items():
        r = s["regions"][region]
        want = chart[region] - d["body"][region + "_girth"]
        if abs(r["ease"] - want) > 0.5:
            fail("%s %s ease %s, chart arithmetic %s" % (s["size"], region, r["ease"], want))
        status = "tight" if r["ease"] < lo else "loose" if r["ease"] > hi else "as_intended"
        if r["status"] != status:
            fail("%s %s status %s, want %s" % (s["size"], region, r["status"], status))
        ok = ok and status == "as_intended"
        total_mid += abs(r["ease"] - (lo + hi) / 2)
        shortfall += 2 * max(0, lo - r["ease"]) + max(0, r["ease"] - hi)
    score[s["size"]] = (ok, total_mid, shortfall)
    if "drape" in s:
        draped += 1
        dr = s["drape"]
        if set(dr) != {"ms", "steps", "kinetic_energy", "outside_share", "max_penetration_mm"}:
            fail("drape keys %s" % sorted(dr))
        if not (dr["steps"] > 0 and dr["outside_share"] >= 0.95):
            fail("drape %s" % dr)
        r = s["regions"]["chest"]
        if not ("stretch_mean" in r and r["stretch_max"] >= r["stretch_mean"]):
            fail("chest stretch %s" % r)
names = [s["size"] for s in g["sizes"]]
good = [n for n in names if score[n][0]]
if good:
    want = min(good, key=lambda n: (score[n][1], names.index(n)))
else:  # least shortfall; on a tie the larger size
    want = min(reversed(names), key=lambda n: score[n][2])
if d["recommended"] != want:
    fail("recommended %s, the rule gives %s" % (d["recommended"], want))
if draped != 1 or "drape" not in d["sizes"][names.index(want)]:
    fail("--size auto drapes the recommended size only (%d draped)" % draped)
if not (d["reason"].startswith(want + ": chest ") and "as intended" in d["reason"]):
    fail("reason %r" % d["reason"])
EOF

# The picture: a denim-blue garment on the torso, the pale mannequin's head
# above it; the fit map turns the garment green-to-red, the body stays.
check "png: garment blue on the torso, pale head" py "
w, h, px = png.read('$OUT/plain.png')
col = [px[y * w + w // 2] for y in range(h)]
blue = sum(1 for p in col[int(0.32 * h):int(0.5 * h)] if p[2] - p[0] > 40)
head = sum(1 for p in col[int(0.17 * h):int(0.27 * h)] if max(p[:3]) - min(p[:3]) < 15 and p[0] > 200)
print('  blue rows', blue, 'head rows', head) if blue < 0.8 * 0.18 * h or head < 3 else None
sys.exit(0 if (w, h) == (240, 400) and blue >= 0.8 * 0.18 * h and head >= 3 else 1)"
check "fitmap run" expect_exit 0 "$VITRINE" fit --body "$BODY" --garment "$TEE" --draft \
    --fitmap -o "$OUT/fitmap.png"
check "--fitmap recolours the garment, not the body" py "
w, h, a = png.read('$OUT/plain.png')
_, _, b = png.read('$OUT/fitmap.png')
def diff(y0, y1):  # mean channel difference over the centre column's rows y0..y1 (share of h)
    ys = range(int(y0 * h), int(y1 * h))
    return sum(abs(a[y * w + w // 2][i] - b[y * w + w // 2][i]) for y in ys for i in range(3)) / (3 * len(ys))
cloth, head = diff(0.32, 0.5), diff(0.17, 0.27)
print('  torso diff', cloth, 'head diff', head) if not (cloth > 20 and head < 3) else None
sys.exit(0 if cloth > 20 and head < 3 else 1)"

# The pattern: four panels, every seam drawn on both of its edges.
check "--panels: panels, seams in pairs, measure line" python3 - "$OUT/tee.svg" <<'EOF'
import re, sys, collections
s = open(sys.argv[1]).read()
panels = re.findall(r'<g id="([a-z_]+)"', s)
seams = collections.Counter(re.findall(r'<polyline fill="none" stroke="(#[0-9a-f]{6})" stroke-width="4"', s))
ok = panels == ["front", "back", "left_sleeve", "right_sleeve"]
ok = ok and len(seams) >= 8 and all(n == 2 for n in seams.values()) and "chest" in s
print("  panels %s seams %s" % (panels, dict(seams))) if not ok else None
sys.exit(0 if ok else 1)
EOF

# The glb: `vitrine info` reads two meshes; their names come from the file's
# JSON chunk (info does not list mesh names).
check "info reads the export" expect_exit 0 "$VITRINE" info "$OUT/tee.glb" --json
check "--export: two meshes, body and garment" python3 - "$OUT/stdout" "$OUT/tee.glb" <<'EOF'
import json, struct, sys
info = json.load(open(sys.argv[1]))
b = open(sys.argv[2], "rb").read()
n = struct.unpack_from("<I", b, 12)[0]
gltf = json.loads(b[20:20 + n])
names = sorted(m.get("name") for m in gltf["meshes"])
ok = info["meshes"] == 2 and names == ["body", "garment"] and info["triangles"] > 10000
print("  meshes %s %s" % (info["meshes"], names)) if not ok else None
sys.exit(0 if ok else 1)
EOF

# Chinese advice.
check "--lang zh" expect_exit 0 "$VITRINE" fit --body "$BODY" --garment "$TEE" --lang zh --json \
    --size S --draft
check "zh reason holds CJK and the size" python3 -c "
import json, sys
r = json.load(open('$OUT/stdout'))['reason']
sys.exit(0 if r.startswith('M') and any('\u4e00' <= c <= '\u9fff' for c in r) else 1)"

# --pose t: the arms straight out (the picture is drawn out to the sides,
# the A-pose's hands are nearer the middle), the cloth outside the body.
check "--pose t" expect_exit 0 "$VITRINE" fit --body "$BODY" --garment "$TEE" --pose t --draft \
    --json -o "$OUT/tpose.png"
check "T-pose: wider figure, garment outside the body" py "
import json
d = [s for s in json.load(open('$OUT/stdout'))['sizes'] if 'drape' in s][0]['drape']
def span(f):  # columns with a pixel unlike the row's left edge, over the upper half
    w, h, px = png.read(f)
    cols = [x for x in range(w) if any(max(abs(px[y * w + x][i] - px[y * w][i]) for i in range(3)) > 12
                                       for y in range(int(0.2 * h), int(0.45 * h), 2))]
    return max(cols) - min(cols)
a, t = span('$OUT/plain.png'), span('$OUT/tpose.png')
ok = d['outside_share'] >= 0.99 and t > a + 20
print('  drape', d, 'span', a, t) if not ok else None
sys.exit(0 if ok else 1)"

# --pose walk: four phases of the cycle side by side, the t-shirt on the
# figure in each and the legs in a different place in each (the figure's
# pixels below the hem differ between neighbouring frames), the worst
# figures over the cycle in --json, the mid-stride pose exported; an unknown
# pose is refused.
check "--pose walk" expect_exit 0 "$VITRINE" fit --body "$BODY" --garment "$TEE" --pose walk \
    --draft --json -o "$OUT/walk.png" --export "$OUT/walk.glb"
check "walk: four frames, the legs moving, garment outside over the cycle" py "
import json
d = [s for s in json.load(open('$OUT/stdout'))['sizes'] if 'drape' in s][0]['drape']
w, h, px = png.read('$OUT/walk.png')
cw = w // 4
blue = [sum(1 for y in range(int(0.2 * h), int(0.6 * h), 2) for x in range(k * cw, (k + 1) * cw, 2)
            if px[y * w + x][2] - px[y * w + x][0] > 40) for k in range(4)]
def legs(k):  # the mannequin's (near white) pixels between the hem and the floor
    return {(x - k * cw, y) for y in range(int(0.55 * h), int(0.85 * h), 2)
            for x in range(k * cw, (k + 1) * cw, 2) if min(px[y * w + x][:3]) > 215}
m = [legs(k) for k in range(4)]
moved = [len(m[k] ^ m[(k + 1) % 4]) for k in range(4)]
ok = ((w, h) == (4 * 240, 400) and d['outside_share'] >= 0.995 and
      d['max_penetration_mm'] <= 2 and min(blue) > 50 and min(moved) > 100)
print('  drape', d, 'blue', blue, 'moved', moved) if not ok else None
sys.exit(0 if ok else 1)"
# The export plays the walk in a viewer: posing the skeleton from the
# animation's samplers (as a glTF viewer does) puts the left foot ahead at
# 0 s and behind at 0.55 s, the hips bob, and both meshes use the skin.
check "walk: the exported glb animates a walk" python3 - "$OUT/walk.glb" <<'EOF'
import json, math, struct, sys
data = open(sys.argv[1], 'rb').read()
jl = struct.unpack_from('<I', data, 12)[0]
js, b = json.loads(data[20:20 + jl]), data[28 + jl:]
def acc(i):
    a = js['accessors'][i]; v = js['bufferViews'][a['bufferView']]
    n = {'SCALAR': 1, 'VEC3': 3, 'VEC4': 4}[a['type']]
    f = struct.unpack_from('<%df' % (a['count'] * n), b, v.get('byteOffset', 0) + a.get('byteOffset', 0))
    return [f[k * n:(k + 1) * n] for k in range(a['count'])]
def qmul(a, c):
    return (a[3]*c[0]+a[0]*c[3]+a[1]*c[2]-a[2]*c[1], a[3]*c[1]-a[0]*c[2]+a[1]*c[3]+a[2]*c[0],
            a[3]*c[2]+a[0]*c[1]-a[1]*c[0]+a[2]*c[3], a[3]*c[3]-a[0]*c[0]-a[1]*c[1]-a[2]*c[2])
def qrot(q, v):
    return qmul(qmul(q, (v[0], v[1], v[2], 0)), (-q[0], -q[1], -q[2], q[3]))[:3]
nodes, an = js['nodes'], js['animations'][0]
def world_at(t):
    T = [list(n.get('translation', [0, 0, 0])) for n in nodes]
    R = [list(n.get('rotation', [0, 0, 0, 1])) for n in nodes]
    for ch in an['channels']:
        s = an['samplers'][ch['sampler']]
        ti, vo = [x[0] for x in acc(s['input'])], acc(s['output'])
        k = min(len(ti) - 2, max(i for i in range(len(ti)) if ti[i] <= t))
        f = (t - ti[k]) / (ti[k + 1] - ti[k])
        v = [vo[k][c] * (1 - f) + vo[k + 1][c] * f for c in range(len(vo[k]))]
        if ch['target']['path'] == 'rotation':
            R[ch['target']['node']] = [x / math.sqrt(sum(y * y for y in v)) for x in v]
        else:
            T[ch['target']['node']] = v
    parent = {c: i for i, n in enumerate(nodes) for c in n.get('children', [])}
    W = {}
    def w(i):
        if i not in W:
            if i in parent:
                pr, pt = w(parent[i])
                W[i] = (qmul(pr, R[i]), [a + c for a, c in zip(qrot(pr, T[i]), pt)])
            else:
                W[i] = (R[i], T[i])
        return W[i]
    return {n.get('name'): w(i)[1] for i, n in enumerate(nodes)}
a, c = world_at(0), world_at(0.55)
hips = [world_at(t)['hips'][1] for t in (0, 0.1, 0.2, 0.3, 0.4, 0.5)]
ok = (a['leftFoot'][2] > a['rightFoot'][2] + 0.2 and c['rightFoot'][2] > c['leftFoot'][2] + 0.2 and
      0.005 < max(hips) - min(hips) < 0.05 and len(js['meshes']) == 2 and
      all(n.get('skin') == 0 for n in nodes if 'mesh' in n) and
      len(an['channels']) == len(js['skins'][0]['joints']) + 1)
print('  feet', a['leftFoot'], a['rightFoot'], c['leftFoot'], c['rightFoot'], 'hips', hips) if not ok else None
sys.exit(0 if ok else 1)
EOF
check "unknown pose" expect_exit 2 "$VITRINE" fit --body "$BODY" --garment "$TEE" --pose run
check "unknown pose: the message" grep -qx "vitrine: fit: --pose 'run' is not one of a, t, walk" \
    "$OUT/stderr"

# --size all: every size draped, a contact sheet with one cell per size.
check "--size all" expect_exit 0 "$VITRINE" fit --body "$BODY" --garment "$TEE" --size all \
    --draft --json -o "$OUT/sheet.png"
check "contact sheet: six cells, each size draped" py "
import json
d = json.load(open('$OUT/stdout'))
w, h, px = png.read('$OUT/sheet.png')
blue = [sum(1 for y in range(int(0.32 * h), int(0.5 * h))
            if px[y * w + k * 240 + 120][2] - px[y * w + k * 240 + 120][0] > 40) for k in range(6)]
ok = (w, h) == (6 * 240, 400) and all('drape' in s for s in d['sizes']) and min(blue) > 20
print('  sheet', w, h, blue) if not ok else None
sys.exit(0 if ok else 1)"

# Bad input: one line naming the file and the JSON path, exit 2.
# expect_error NAME FILE MESSAGE (after "vitrine: FILE: ") [fit arguments]
expect_error() {
    local name=$1 file=$2 msg=$3
    shift 3
    "$VITRINE" fit "$@" > "$OUT/stdout" 2> "$OUT/stderr"
    local rc=$?
    local want="vitrine: $file: $msg"
    if [ "$rc" -eq 2 ] && [ "$(cat "$OUT/stderr")" = "$want" ] && [ ! -s "$OUT/stdout" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL: $name (exit $rc)"
        echo "  got:  $(cat "$OUT/stderr")"
        echo "  want: $want"
        fail=$((fail + 1))
    fi
}
G=$OUT/garment.json
bad_garment() { # bad_garment NAME JSON MESSAGE
    printf '%s' "$2" > "$G"
    expect_error "$1" "$G" "$3" --body "$BODY" --garment "$G" --draft -o "$OUT/bad.png"
}
S='"sizes": [{"size": "M", "chest": 100, "length": 70, "sleeve_length": 20}]'
bad_garment "upside-down ease" "{\"kind\": \"tshirt\", $S, \"ease\": {\"chest\": [10, 0]},
    \"fabric\": \"cotton_jersey\"}" '$.ease.chest: upside down: min 10 cm > max 0 cm'
bad_garment "empty size list" '{"kind": "tshirt", "sizes": [], "ease": {"chest": [0, 10]},
    "fabric": "cotton_jersey"}' '$.sizes: empty size list'
bad_garment "unknown fabric" "{\"kind\": \"tshirt\", $S, \"ease\": {\"chest\": [0, 10]},
    \"fabric\": \"tweed\"}" \
    '$.fabric: unknown fabric "tweed" (cotton_jersey, woven_cotton, denim, silk or knit_elastane)'
bad_garment "chart lacks a region" '{"kind": "trousers", "sizes": [{"size": "M", "waist": 80,
    "hip": 100}], "ease": {"waist": [0, 4], "hip": [2, 8]}, "fabric": "denim"}' \
    "\$.sizes[0].inseam: missing (a trousers's chart needs it)"
bad_garment "string for a number" "{\"kind\": \"tshirt\", \"sizes\": [{\"size\": \"M\",
    \"chest\": \"100\"}], \"ease\": {\"chest\": [0, 10]}, \"fabric\": \"silk\"}" \
    '$.sizes[0].chest: expected a number (cm), found a string'
[ ! -e "$OUT/bad.png" ] || { echo "FAIL: a bad garment still wrote the picture"; fail=$((fail + 1)); }
printf '%s' '{"body_type": "female", "stature": 168, "chest_girth": 92, "hip_girth": 100,
    "waist_girth": -3}' > "$OUT/body.json"
expect_error "negative waist" "$OUT/body.json" '$.waist_girth: -3 cm is outside 40..200 cm' \
    --body "$OUT/body.json" --garment "$TEE"
expect_error "unknown size" "fit" "$TEE has no size 'XXXL'" --body "$BODY" --garment "$TEE" \
    --size XXXL
check "no --garment" expect_exit 2 "$VITRINE" fit --body "$BODY"
check "bad --lang" expect_exit 2 "$VITRINE" fit --body "$BODY" --garment "$TEE" --lang fr

# Bring your own (glb engineer): the export above is a brand garment; carried onto a
# larger body it fits tight and stays outside it; a body .glb stands in for its json.
MALE_L=$SRC/assets/bodies/male-l.json
check "a .glb garment (our export) on male-l" expect_exit 0 "$VITRINE" fit --body "$MALE_L" \
    --garment "$OUT/tee.glb" --json --fitmap -o "$OUT/glb-garment.png"
check "the carried tee: one size, tight at the chest, outside the body" python3 - \
    "$OUT/stdout" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sizes"]
ok = len(s) == 1 and d["recommended"] == s[0]["size"]
c = s[0]["regions"]["chest"]
ok = ok and c["status"] == "tight" and c["ease"] < 0 and c["stretch_mean"] > 3
dr = s[0]["drape"]
ok = ok and dr["outside_share"] >= 0.995 and dr["max_penetration_mm"] <= 2
print("  %s" % json.dumps(s)) if not ok else None
sys.exit(0 if ok else 1)
EOF
check "the carried tee renders" test -s "$OUT/glb-garment.png"
# ... and takes the T-pose with the body: skinned, settled again (<= 45 frames on top
# of the A-pose drape), outside the posed body; the picture is drawn out to the sides.
check "--pose t with a .glb garment" expect_exit 0 "$VITRINE" fit --body "$MALE_L" \
    --garment "$OUT/tee.glb" --pose t --draft --json -o "$OUT/glb-tpose.png"
check "the carried tee's T-pose: outside the body, arms out" py "
import json
s = json.load(open('$OUT/stdout'))['sizes']
d = s[0]['drape']
def span(f):  # columns unlike the row's left edge, over the upper half
    w, h, px = png.read(f)
    cols = [x for x in range(w) if any(max(abs(px[y * w + x][i] - px[y * w][i]) for i in range(3)) > 12
                                       for y in range(int(0.2 * h), int(0.45 * h), 2))]
    return max(cols) - min(cols)
w, h, _ = png.read('$OUT/glb-tpose.png')
t = span('$OUT/glb-tpose.png')
ok = len(s) == 1 and d['outside_share'] >= 0.995 and d['max_penetration_mm'] <= 2
ok = ok and d['steps'] <= 60 + 45 and (w, h) == (240, 400) and t > 0.75 * w
print('  drape', d, 'span', t, 'of', w) if not ok else None
sys.exit(0 if ok else 1)"
check "a body .glb" expect_exit 0 "$VITRINE" body "$BODY" -o "$OUT/avatar.glb"
check "fit on the body .glb" expect_exit 0 "$VITRINE" fit --body "$OUT/avatar.glb" \
    --garment "$TEE" --draft --json
check "the body .glb measures as its json (0.5 %)" python3 - "$OUT/stdout" "$OUT/tee.json" <<'EOF'
import json, sys
a, b = json.load(open(sys.argv[1]))["body"], json.load(open(sys.argv[2]))["body"]
bad = [k for k in ("stature", "chest_girth", "waist_girth", "hip_girth")
       if abs(a[k] / b[k] - 1) > 0.005]
print("  differ: %s" % bad) if bad else None
sys.exit(1 if bad else 0)
EOF
expect_error "--reference without a .glb garment" "fit" "--reference is for a .glb garment" \
    --body "$BODY" --garment "$TEE" --reference "$BODY"
expect_error "a .glb garment has no panels" "fit" \
    "a .glb garment has no pattern panels (--panels)" --body "$BODY" --garment "$OUT/tee.glb" \
    --panels "$OUT/x.svg"
expect_error "a body file as the garment" "$OUT/avatar.glb" \
    "no garment mesh (a mesh named \"garment\", or the only mesh besides the body; found 0 others)" \
    --body "$BODY" --garment "$OUT/avatar.glb"
printf 'not a glb' > "$OUT/text.glb"
expect_error "a text file as the body" "$OUT/text.glb" "not a glTF binary (.glb)" \
    --body "$OUT/text.glb" --garment "$TEE"

report "fit: "
