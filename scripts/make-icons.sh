#!/usr/bin/env bash
# Regenerates assets/icons/ (the app icon: a white open book on a dark red rounded square)
# with ImageMagick 6 (`apt-get install imagemagick`). The outputs are committed; run this only
# to change the emblem. Every PNG is written as 8-bit RGBA (PNG32), which Tauri requires.
set -euo pipefail

cd "$(dirname "$0")/.."
out=assets/icons
mkdir -p "$out"

# Prefer the real ImageMagick binary over any wrapper earlier on PATH.
convert=convert
[ -x /usr/bin/convert ] && convert=/usr/bin/convert
command -v "$convert" >/dev/null || { echo "make-icons: ImageMagick 'convert' not found (apt-get install imagemagick)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

red='#9E1B22'

# $1 = output file, $2 = "lines" to draw text lines on the pages (large sizes only).
draw_master() {
  local lines=()
  if [ "$2" = lines ]; then
    lines=(-stroke "$red" -strokewidth 18
      -draw "line 260,390 430,410" -draw "line 260,470 430,490" -draw "line 260,550 430,570"
      -draw "line 594,410 764,390" -draw "line 594,490 764,470" -draw "line 594,570 764,550")
  fi
  "$convert" -size 1024x1024 xc:none \
    -fill "$red" -draw "roundrectangle 48,48 976,976 210,210" \
    -fill white \
    -draw "path 'M 496,330 C 420,270 290,262 196,292 L 196,716 C 290,688 420,696 496,752 Z'" \
    -draw "path 'M 528,330 C 604,270 734,262 828,292 L 828,716 C 734,688 604,696 528,752 Z'" \
    -fill none -stroke white -strokewidth 28 \
    -draw "path 'M 170,760 C 300,720 430,740 512,800 C 594,740 724,720 854,760'" \
    "${lines[@]}" \
    "PNG32:$1"
}

draw_master "$tmp/large.png" lines
draw_master "$tmp/small.png" plain

png() { # $1 = master, $2 = size, $3 = output
  "$convert" "$1" -filter Lanczos -resize "$2x$2" -strip "PNG32:$3"
}

png "$tmp/small.png" 32 "$out/32x32.png"
png "$tmp/large.png" 128 "$out/128x128.png"
png "$tmp/large.png" 256 "$out/128x128@2x.png"
png "$tmp/large.png" 512 "$out/icon.png"

# Windows icon: several layers, small ones from the plain master so they stay crisp.
for s in 16 24 32 48; do png "$tmp/small.png" "$s" "$tmp/ico-$s.png"; done
for s in 64 128 256; do png "$tmp/large.png" "$s" "$tmp/ico-$s.png"; done
"$convert" "$tmp"/ico-16.png "$tmp"/ico-24.png "$tmp"/ico-32.png "$tmp"/ico-48.png \
  "$tmp"/ico-64.png "$tmp"/ico-128.png "$tmp"/ico-256.png "$out/icon.ico"

identify "$out"/*.png "$out/icon.ico"
