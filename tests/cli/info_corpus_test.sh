#!/usr/bin/env bash
# Every file of the assimp test corpus goes through `vitrine info` (10 s each):
# it must either succeed, or fail with exactly one line on stderr naming the
# file. Crashes (signals), timeouts and sanitizer reports fail the test.
#
# Skipped, and counted as skipped: files that are not models on their own —
# images (png jpg jpeg tga bmp dds gif tif), texts (txt md), material and
# shader side files (mtl material glsl vert frag), binary buffers (bin) and
# skins (skin). Everything else is tried, including the invalid/ directory and
# files with odd or no extensions.
set -u
VITRINE=${1:?usage: info_corpus_test.sh /path/to/vitrine}
MODELS=${VT_ASSIMP_MODELS:-/usr/share/assimp/models}
JOBS=${VT_CORPUS_JOBS:-2}
if [ ! -d "$MODELS" ]; then
    echo "SKIP: no corpus at $MODELS"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

find "$MODELS" -type f | sort > "$work/all"
grep -Eiv '\.(png|jpe?g|tga|bmp|dds|gif|tiff?|txt|md|mtl|material|glsl|vert|frag|bin|skin)$' \
    "$work/all" > "$work/files"
total=$(wc -l < "$work/all")
tried=$(wc -l < "$work/files")
skipped=$((total - tried))

check_one() {
    f=$1
    err=$(mktemp)
    timeout 10 "$VITRINE" info "$f" > /dev/null 2> "$err"
    rc=$?
    verdict=ok
    why=""
    if [ $rc -eq 124 ]; then
        verdict=FAIL why="timeout (10 s)"
    elif [ $rc -ge 128 ]; then
        verdict=FAIL why="killed by signal $((rc - 128))"
    elif grep -q -e "AddressSanitizer" -e "runtime error:" -e "LeakSanitizer" "$err"; then
        verdict=FAIL why="sanitizer report"
    elif [ $rc -ne 0 ]; then
        lines=$(wc -l < "$err")
        if [ "$lines" -ne 1 ]; then
            verdict=FAIL why="exit $rc with $lines lines on stderr (want 1)"
        elif ! grep -qF -- "$f" "$err"; then
            verdict=FAIL why="exit $rc and stderr does not name the file"
        fi
    fi
    if [ "$verdict" = ok ]; then
        if [ $rc -eq 0 ]; then echo "PASS loaded $f"; else echo "PASS refused $f: $(cat "$err")"; fi
    else
        echo "FAIL $f: $why"
        sed 's/^/    /' "$err" | head -20
    fi
    rm -f "$err"
}
export -f check_one
export VITRINE

tr '\n' '\0' < "$work/files" | xargs -0 -P "$JOBS" -I{} bash -c 'check_one "$1"' _ {} \
    > "$work/log"

grep '^FAIL' -A20 "$work/log" | grep -v '^PASS' || true
loaded=$(grep -c '^PASS loaded' "$work/log")
refused=$(grep -c '^PASS refused' "$work/log")
failed=$(grep -c '^FAIL' "$work/log")
passed=$((loaded + refused))
echo "corpus: $tried files tried ($loaded loaded, $refused refused cleanly), $skipped skipped as non-model files"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
