"""Minimal PNG reading and image comparison for the command-line tests.

Reads 8-bit greyscale, RGB and RGBA PNGs (non-interlaced), which is what
`vitrine` writes. Used as a module and as a command:

    python3 png.py diff A.png B.png MAX_MEAN MAX_BAD_FRACTION BAD_LEVEL
        exits 0 when the mean absolute channel difference is <= MAX_MEAN levels
        and at most MAX_BAD_FRACTION of pixels differ by more than BAD_LEVEL in
        any channel; prints the figures either way.
    python3 png.py size A.png            prints "W H"
"""
import struct
import sys
import zlib


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or interlace != 0 or ctype not in (0, 2, 6):
                raise ValueError(f"{path}: unsupported PNG kind")
            channels = {0: 1, 2: 3, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += chunk
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    pixels = []
    for line in rows:
        for x in range(width):
            px = line[x * channels:(x + 1) * channels]
            if channels == 1:
                px = bytes([px[0]] * 3 + [255])
            elif channels == 3:
                px = px + b"\xff"
            pixels.append(tuple(px))
    return width, height, pixels


def diff(a, b):
    wa, ha, pa = read(a)
    wb, hb, pb = read(b)
    if (wa, ha) != (wb, hb):
        return None
    total, worst = 0, []
    for x, y in zip(pa, pb):
        d = [abs(i - j) for i, j in zip(x, y)]
        total += sum(d)
        worst.append(max(d))
    return total / (len(pa) * 4), worst


if __name__ == "__main__":
    if sys.argv[1] == "size":
        w, h, _ = read(sys.argv[2])
        print(w, h)
    elif sys.argv[1] == "diff":
        a, b = sys.argv[2], sys.argv[3]
        max_mean, max_frac, level = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
        r = diff(a, b)
        if r is None:
            print(f"{a} and {b} differ in size")
            sys.exit(1)
        mean, worst = r
        frac = sum(1 for w in worst if w > level) / len(worst)
        ok = mean <= max_mean and frac <= max_frac
        print(f"{'ok' if ok else 'FAIL'}: mean {mean:.3f} levels (<= {max_mean}), "
              f"{frac * 100:.3f}% pixels over {level} levels (<= {max_frac * 100:.3f}%)")
        sys.exit(0 if ok else 1)
