#!/usr/bin/env bash
# `cmake --install` puts the library, headers, the command, a pkg-config file and a
# CMake package in a prefix, and a program outside the tree builds against both.
set -u
BUILD=$VT_BUILD_DIR
PREFIX=$(mktemp -d)
WORK=$(mktemp -d)
trap 'rm -rf "$PREFIX" "$WORK"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check install cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
LIBDIR=$(find "$PREFIX" -name libvitrine.a -printf '%h\n' | head -1)
check library test -n "$LIBDIR"
check header test -f "$PREFIX/include/vitrine/vitrine.h"
check command test -x "$PREFIX/bin/vitrine"
check pkgconfig test -f "$LIBDIR/pkgconfig/vitrine.pc"
check cmake_package test -f "$LIBDIR/cmake/vitrine/vitrineConfig.cmake"

# The demo store's garments resolve in the prefix, and the fitting room's body
# presets lie beside the demo (demo/../bodies).
DATA=$PREFIX/share/vitrine
if [ -f "$DATA/demo/catalog.json" ]; then
    check demo_garments python3 - "$DATA/demo" <<'EOF'
import json, os, sys
demo = sys.argv[1]
refs = [p["garment"] for p in json.load(open(os.path.join(demo, "catalog.json")))["products"]
        if "garment" in p]
missing = [r for r in refs if not os.path.isfile(os.path.join(demo, r))]
if not refs or missing:
    print("  garments: %d named, missing %s" % (len(refs), missing))
    sys.exit(1)
EOF
fi
check body_presets test -f "$DATA/bodies/female-m.json" -a -f "$DATA/bodies/male-xxl.json"

# A sanitized build's library needs the sanitizer runtime in the consumer too.
SAN=""
nm "$LIBDIR/libvitrine.a" 2>/dev/null | grep -q __asan && SAN="-fsanitize=address,undefined"

cat >"$WORK/main.c" <<'C'
#include <vitrine/vitrine.h>
#include <stdio.h>
int main(void) {
    vt_scene *s = NULL;
    if (vt_scene_create(&(vt_scene_desc){0}, &s) != VT_OK) return 1;
    vt_node n = vt_node_create(s, (vt_node){0});
    int ok = vt_node_valid(s, n);
    vt_scene_destroy(s);
    puts(vt_result_str(VT_ERR_PARSE));
    return ok ? 0 : 1;
}
C
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
# shellcheck disable=SC2046
check pkgconfig_build cc -std=c11 $SAN "$WORK/main.c" -o "$WORK/pc" $(pkg-config --cflags --libs --static vitrine)
check pkgconfig_run bash -c "'$WORK/pc' | grep -q malformed"

mkdir -p "$WORK/cm"
cat >"$WORK/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.20)
project(consumer C CXX)
find_package(vitrine REQUIRED)
add_executable(consumer ../main.c)
target_compile_options(consumer PRIVATE $SAN)
target_link_options(consumer PRIVATE $SAN)
target_link_libraries(consumer PRIVATE vitrine::vitrine)
CM
check cmake_configure cmake -S "$WORK/cm" -B "$WORK/cm/build" -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
check cmake_build cmake --build "$WORK/cm/build" >/dev/null
check cmake_run bash -c "'$WORK/cm/build/consumer' | grep -q malformed"

report
