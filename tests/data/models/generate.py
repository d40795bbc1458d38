import json, struct, base64, zlib

def png(w, h, rgba):
    rows = b''
    for y in range(h):
        rows += b'\x00' + b''.join(bytes(rgba(x, y)) for x in range(w))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))

def cube(s):
    h = s / 2
    faces = [((1,0,0),(0,0,-1)),((-1,0,0),(0,0,1)),((0,1,0),(1,0,0)),((0,-1,0),(1,0,0)),((0,0,1),(1,0,0)),((0,0,-1),(-1,0,0))]
    pos, nor, uv, idx = [], [], [], []
    for n, t in faces:
        b = (n[1]*t[2]-n[2]*t[1], n[2]*t[0]-n[0]*t[2], n[0]*t[1]-n[1]*t[0])
        base = len(pos)
        for (a, c) in [(-1,-1),(1,-1),(1,1),(-1,1)]:
            pos.append(tuple(h*(n[k] + a*t[k] + c*b[k]) for k in range(3)))
            nor.append(n)
            uv.append(((a+1)/2, (1-c)/2))
        idx += [base, base+1, base+2, base, base+2, base+3]
    return pos, nor, uv, idx

class Buf:
    def __init__(s): s.data = b''; s.views = []; s.acc = []
    def add(s, fmt, items, comp, typ, target=None, minmax=False):
        while len(s.data) % 4: s.data += b'\0'
        off = len(s.data)
        for it in items:
            s.data += struct.pack('<' + fmt, *(it if isinstance(it, tuple) else (it,)))
        v = {"buffer": 0, "byteOffset": off, "byteLength": len(s.data) - off}
        if target: v["target"] = target
        s.views.append(v)
        a = {"bufferView": len(s.views)-1, "componentType": comp, "count": len(items), "type": typ}
        if minmax:
            a["min"] = [min(p[k] for p in items) for k in range(3)]
            a["max"] = [max(p[k] for p in items) for k in range(3)]
        s.acc.append(a)
        return len(s.acc) - 1
    def raw(s, blob):
        while len(s.data) % 4: s.data += b'\0'
        off = len(s.data); s.data += blob
        s.views.append({"buffer": 0, "byteOffset": off, "byteLength": len(blob)})
        return len(s.views) - 1

def prim(b, size, normals=True, uv1=False):
    pos, nor, uv, idx = cube(size)
    attrs = {"POSITION": b.add('fff', pos, 5126, "VEC3", 34962, True)}
    if normals: attrs["NORMAL"] = b.add('fff', nor, 5126, "VEC3", 34962)
    attrs["TEXCOORD_0"] = b.add('ff', uv, 5126, "VEC2", 34962)
    if uv1: attrs["TEXCOORD_1"] = b.add('ff', [(u*0.5, v*0.5) for u, v in uv], 5126, "VEC2", 34962)
    return {"attributes": attrs, "indices": b.add('H', idx, 5123, "SCALAR", 34963)}

def finish(doc, b, name, glb=False):
    doc["bufferViews"] = b.views; doc["accessors"] = b.acc
    if glb:
        doc["buffers"] = [{"byteLength": len(b.data)}]
        js = json.dumps(doc).encode()
        while len(js) % 4: js += b' '
        bd = b.data
        while len(bd) % 4: bd += b'\0'
        out = struct.pack('<III', 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(bd))
        out += struct.pack('<II', len(js), 0x4E4F534A) + js + struct.pack('<II', len(bd), 0x004E4942) + bd
        open(name, 'wb').write(out)
    else:
        doc["buffers"] = [{"byteLength": len(b.data), "uri": "data:application/octet-stream;base64," + base64.b64encode(b.data).decode()}]
        open(name, 'w').write(json.dumps(doc, indent=1) + "\n")

checker = png(4, 4, lambda x, y: (200, 60, 40, 255) if (x + y) % 2 else (230, 200, 180, 255))
datauri = "data:image/png;base64," + base64.b64encode(checker).decode()

# 1. variants.gltf: the importer mapping test
b = Buf()
p0 = prim(b, 0.2, uv1=True)
p0["material"] = 0
p0["extensions"] = {"KHR_materials_variants": {"mappings": [{"material": 1, "variants": [0]}, {"material": 2, "variants": [1, 2]}]}}
p1 = prim(b, 0.1); p1["material"] = 3
p2 = prim(b, 0.05)  # no material: the default one
doc = {
 "asset": {"version": "2.0", "generator": "vitrine tests (hand-written)"},
 "extensionsUsed": ["KHR_materials_variants", "KHR_materials_emissive_strength", "KHR_texture_transform", "KHR_materials_pbrSpecularGlossiness", "KHR_lights_punctual", "KHR_materials_clearcoat", "KHR_materials_unlit"],
 "extensions": {"KHR_materials_variants": {"variants": [{"name": "red"}, {"name": "blue"}, {"name": "navy"}]},
                "KHR_lights_punctual": {"lights": [{"type": "spot", "color": [1, 0.5, 0.25], "intensity": 40, "range": 10, "spot": {"innerConeAngle": 0.2, "outerConeAngle": 0.6}}]}},
 "scene": 0,
 "scenes": [{"nodes": [0, 3]}],
 "nodes": [{"name": "product", "children": [1, 2], "translation": [0, 0.1, 0]},
           {"name": "body", "mesh": 0},
           {"name": "tag", "mesh": 1, "translation": [0.2, 0, 0]},
           {"name": "lamp", "translation": [0, 2, 0], "extensions": {"KHR_lights_punctual": {"light": 0}}}],
 "meshes": [{"name": "body", "primitives": [p0, p2]}, {"name": "tag", "primitives": [p1]}],
 "materials": [
   {"name": "cloth", "pbrMetallicRoughness": {"baseColorFactor": [0.8, 0.8, 0.8, 1], "metallicFactor": 0, "roughnessFactor": 0.7,
        "baseColorTexture": {"index": 0, "texCoord": 0, "extensions": {"KHR_texture_transform": {"offset": [0.5, 0.25], "scale": [2, 3], "rotation": 0.5, "texCoord": 1}}}},
    "emissiveFactor": [1, 0.5, 0], "extensions": {"KHR_materials_emissive_strength": {"emissiveStrength": 5}, "KHR_materials_clearcoat": {"clearcoatFactor": 0.5, "clearcoatRoughnessFactor": 0.25}},
    "normalTexture": {"index": 1, "scale": 0.5}, "alphaMode": "MASK", "alphaCutoff": 0.3, "doubleSided": True},
   {"name": "red", "pbrMetallicRoughness": {"baseColorFactor": [0.8, 0.05, 0.05, 1], "metallicFactor": 0}},
   {"name": "blue", "pbrMetallicRoughness": {"baseColorFactor": [0.05, 0.05, 0.8, 1], "metallicFactor": 0}},
   {"name": "specgloss", "extensions": {"KHR_materials_pbrSpecularGlossiness": {"diffuseFactor": [0.5, 0.5, 0.5, 1], "specularFactor": [0.04, 0.04, 0.04], "glossinessFactor": 0.75}}},
   {"name": "unused-unlit", "extensions": {"KHR_materials_unlit": {}}}],
 "textures": [{"source": 0}, {"source": 1}],
 "images": [{"uri": datauri, "name": "checker"}, {"uri": "missing_normal.png"}],
}
finish(doc, b, "variants.gltf")

# 2. good.glb: a 30 cm box with a power-of-two texture, passes the web profile
b = Buf()
p = prim(b, 0.3); p["material"] = 0
iv = b.raw(png(64, 64, lambda x, y: (180, 140, 100, 255) if (x // 8 + y // 8) % 2 else (120, 90, 60, 255)))
doc = {"asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}], "scene": 0,
       "nodes": [{"name": "box", "mesh": 0}], "meshes": [{"name": "box", "primitives": [p]}],
       "materials": [{"name": "wood", "pbrMetallicRoughness": {"baseColorTexture": {"index": 0}, "metallicFactor": 0, "roughnessFactor": 0.6}}],
       "textures": [{"source": 0}], "images": [{"bufferView": iv, "mimeType": "image/png", "name": "wood"}]}
finish(doc, b, "good.glb", glb=True)

# 3. odd.gltf: 40 m wide, non-power-of-two texture, near-black base colour: fails web
b = Buf()
p = prim(b, 40.0); p["material"] = 0
doc = {"asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}],
       "nodes": [{"name": "hangar", "mesh": 0}], "meshes": [{"primitives": [p]}],
       "materials": [{"name": "soot", "pbrMetallicRoughness": {"baseColorFactor": [0.005, 0.005, 0.005, 1], "metallicFactor": 0, "baseColorTexture": {"index": 0}}}],
       "textures": [{"source": 0}], "images": [{"uri": "data:image/png;base64," + base64.b64encode(png(3, 5, lambda x, y: (10, 10, 10, 255))).decode()}]}
finish(doc, b, "odd.gltf")

# 4. bad_extensions.gltf: valid JSON, malformed extensions: loads with warnings
b = Buf()
p = prim(b, 0.2); p["material"] = 0
p["extensions"] = {"KHR_materials_variants": {"mappings": [{"material": 7, "variants": [0]}, {"material": 0, "variants": [5, "x"]}, "junk"]}}
doc = {"asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}],
       "extensions": {"KHR_materials_variants": {"variants": [{"name": "only"}, {}]}},
       "nodes": [{"mesh": 0}], "meshes": [{"primitives": [p]}],
       "materials": [{"name": "m", "emissiveFactor": [1, 1, 1],
                      "pbrMetallicRoughness": {"metallicFactor": "shiny", "roughnessFactor": 7},
                      "extensions": {"KHR_materials_emissive_strength": {"emissiveStrength": "bright"},
                                     "KHR_materials_ior": [1.4]}}]}
finish(doc, b, "bad_extensions.gltf")

# 5. malformed.gltf: not JSON
open("malformed.gltf", "w").write('{"asset": {"version": "2.0"}, "meshes": [ {"primitives": [}\n')
