#!/usr/bin/env python3
"""Writes a box as a binary glTF: make_box.py OUT.glb WIDTH HEIGHT DEPTH "#RRGGBB".

The box stands on y = 0 (x and z centred), one material named "Paint". Used by
tests/cli/store_test.sh for the test store's fixtures, so no binary is kept."""
import json
import struct
import sys


def srgb_to_linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def box(w, h, d):
    x, z = w / 2, d / 2
    faces = [  # normal, four corners counter-clockwise seen from outside
        ((1, 0, 0), [(x, 0, z), (x, 0, -z), (x, h, -z), (x, h, z)]),
        ((-1, 0, 0), [(-x, 0, -z), (-x, 0, z), (-x, h, z), (-x, h, -z)]),
        ((0, 1, 0), [(-x, h, z), (x, h, z), (x, h, -z), (-x, h, -z)]),
        ((0, -1, 0), [(-x, 0, -z), (x, 0, -z), (x, 0, z), (-x, 0, z)]),
        ((0, 0, 1), [(-x, 0, z), (x, 0, z), (x, h, z), (-x, h, z)]),
        ((0, 0, -1), [(x, 0, -z), (-x, 0, -z), (-x, h, -z), (x, h, -z)]),
    ]
    pos, nrm, idx = [], [], []
    for n, quad in faces:
        base = len(pos)
        pos += quad
        nrm += [n] * 4
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return pos, nrm, idx


def main():
    out, w, h, d, colour = sys.argv[1], *map(float, sys.argv[2:5]), sys.argv[5]
    rgb = [srgb_to_linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5)]
    pos, nrm, idx = box(w, h, d)
    pbin = b"".join(struct.pack("<3f", *p) for p in pos)
    nbin = b"".join(struct.pack("<3f", *n) for n in nrm)
    ibin = b"".join(struct.pack("<H", i) for i in idx)
    ibin += b"\0" * (-len(ibin) % 4)
    blob = pbin + nbin + ibin
    gltf = {
        "asset": {"version": "2.0", "generator": "make_box.py"},
        "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0, "name": "box"}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2,
                                    "material": 0}]}],
        "materials": [{"name": "Paint", "pbrMetallicRoughness": {
            "baseColorFactor": rgb + [1], "metallicFactor": 0, "roughnessFactor": 0.7}}],
        "buffers": [{"byteLength": len(blob)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(pbin), "target": 34962},
            {"buffer": 0, "byteOffset": len(pbin), "byteLength": len(nbin), "target": 34962},
            {"buffer": 0, "byteOffset": len(pbin) + len(nbin), "byteLength": len(idx) * 2,
             "target": 34963}],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": len(pos), "type": "VEC3",
             "min": [-w / 2, 0, -d / 2], "max": [w / 2, h, d / 2]},
            {"bufferView": 1, "componentType": 5126, "count": len(nrm), "type": "VEC3"},
            {"bufferView": 2, "componentType": 5123, "count": len(idx), "type": "SCALAR"}],
    }
    js = json.dumps(gltf, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 4)
    total = 12 + 8 + len(js) + 8 + len(blob)
    with open(out, "wb") as f:
        f.write(struct.pack("<III", 0x46546C67, 2, total))
        f.write(struct.pack("<II", len(js), 0x4E4F534A) + js)
        f.write(struct.pack("<II", len(blob), 0x004E4942) + blob)


main()
