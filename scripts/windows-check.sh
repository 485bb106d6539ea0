#!/usr/bin/env bash
# The Windows lane: builds Sổ Kế Hoạch for Windows (x86_64-pc-windows-gnu) on Debian 12 and runs
# its tests on Windows's own system layer under Wine. See docs/windows-build.md for what this
# proves and what only a real Windows machine can.
#
#   1. packages   apt: rustc-web cargo-web rust-web-src (Rust 1.96 with its library source, for
#                 -Zbuild-std), gcc-mingw-w64-x86-64 (linker, C compiler for SQLite), wine64, nsis
#   2. prefix     a Wine prefix of our own (target/windows/wine-prefix) with the ProcessPrng shim
#                 (scripts/windows/bcryptprimitives.c) in its system32
#   3. build      the core's and the black-box tests, and skh.exe, for Windows
#   4. core       cargo test -p sokehoach-core, each test binary run under Wine
#   5. cli        the CLI's black-box tests (tests/cli) under Wine, driving skh.exe
#   6. exchange   tests/wine (Linux): bundles between the Linux skh and skh.exe, dumps identical
#   7. app        cargo build -p sokehoach: the Tauri shell links for Windows, ui/dist embedded
#   8. installer  makensis compiles scripts/windows/installer.nsi (sokehoach.exe + skh.exe)
#
# Windows builds go to target/windows (CARGO_TARGET_DIR), so the Linux build in target/ is not
# touched; all settings are environment variables here, nothing in .cargo/config.toml.
#
# Environment:
#   SKH_WINDOWS_RELEASE=1   also build release skh.exe and sokehoach.exe and print their sizes
#   SKH_WINDOWS_PARTS="core cli"   run only these parts (packages/prefix/build always run)
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)

log() { printf '[windows] %s\n' "$*"; }
die() {
  printf '[windows] ERROR: %s\n' "$*" >&2
  exit 1
}
fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

start_all=$(date +%s)
timings=()
current=""
summary() {
  local status=$1 done="no part finished"
  local total=$(($(date +%s) - start_all))
  if [ ${#timings[@]} -gt 0 ]; then
    done=$(printf '%s, ' "${timings[@]}")
    done=${done%, }
  fi
  if [ "$status" -eq 0 ]; then
    echo "windows-check.sh: PASSED in $(fmt_secs "$total") ($done)"
  else
    echo "windows-check.sh: FAILED at part '${current:-?}' (exit $status) after $(fmt_secs "$total"); finished: $done" >&2
  fi
}
trap 'summary $?' EXIT

wanted() { [ -z "${SKH_WINDOWS_PARTS:-}" ] || [[ " $SKH_WINDOWS_PARTS " == *" $1 "* ]]; }

# part NAME FUNCTION: runs one part, prints its duration.
part() {
  current=$1
  if ! wanted "$1" && [[ "$1" != packages && "$1" != prefix && "$1" != build ]]; then
    log "$1: skipped (SKH_WINDOWS_PARTS)"
    return 0
  fi
  echo
  echo "=== [windows] $1"
  local t0
  t0=$(date +%s)
  "$2"
  local took=$(($(date +%s) - t0))
  timings+=("$1 $(fmt_secs "$took")")
  echo "=== [windows] $1: ok ($(fmt_secs "$took"))"
}

# --- settings ------------------------------------------------------------------------------------
target=x86_64-pc-windows-gnu
win_dir="${SKH_WINDOWS_TARGET_DIR:-$repo/target/windows}"
wine=/usr/lib/wine/wine64
# Debian's toolchain, not rustup's: its library source (rust-web-src) matches this rustc exactly,
# which is what -Zbuild-std needs; rustup cannot download the Windows target here.
cargo_w=(/usr/bin/cargo)
build_std=(-Zbuild-std=std,panic_unwind --target "$target")

export_windows_env() {
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
  export RUSTC_BOOTSTRAP=1
  export __CARGO_TESTS_ONLY_SRC_ROOT=/usr/lib/rustlib/src/rust/library
  export CARGO_TARGET_DIR="$win_dir"
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$wine"
  export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
  export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
  export WINEPREFIX="$win_dir/wine-prefix"
  export WINEDEBUG="${WINEDEBUG:--all}"
  export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
  export CARGO_TERM_PROGRESS_WHEN=never
}

bin_dir="$win_dir/$target/debug"
# Wine's drive Z: is the Linux root: a Linux path as the Windows programs see it.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# --- 1. packages ---------------------------------------------------------------------------------
packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine64 nsis)
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
do_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages present: ${packages[*]}"
  else
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || die "/usr/bin/cargo or /usr/bin/rustc missing (cargo-web, rustc-web)"
  [ -d /usr/lib/rustlib/src/rust/library/std ] || die "the standard library's source is missing (rust-web-src)"
  [ -x "$wine" ] || die "$wine missing (wine64)"
  log "$(/usr/bin/rustc --version); $("$wine" --version)"
}

# --- 2. the Wine prefix --------------------------------------------------------------------------
do_prefix() {
  export_windows_env
  mkdir -p "$win_dir/shim"
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "creating the Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    "$wine" wineboot -i >"$win_dir/wineboot.log" 2>&1 || {
      tail -n 40 "$win_dir/wineboot.log" >&2
      die "wineboot failed"
    }
    /usr/lib/wine/wineserver -w
  fi
  # Wine 8 has no bcryptprimitives.dll, whose ProcessPrng every Rust program imports at start.
  local shim="$win_dir/shim/bcryptprimitives.dll" src="$repo/scripts/windows/bcryptprimitives.c"
  if [ ! -f "$shim" ] || [ "$src" -nt "$shim" ]; then
    x86_64-w64-mingw32-gcc -shared -O2 -o "$shim" "$src" -ladvapi32
  fi
  cp "$shim" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  log "prefix ready, ProcessPrng shim installed"
}

# --- 3. build ------------------------------------------------------------------------------------
do_build() {
  export_windows_env
  "${cargo_w[@]}" test --no-run "${build_std[@]}" -p sokehoach-core
  "${cargo_w[@]}" test --no-run "${build_std[@]}" -p sokehoach-tests --test cli
  "${cargo_w[@]}" build "${build_std[@]}" -p sokehoach-cli --bin skh
  ls -l "$bin_dir/skh.exe"
}

# --- 4. core -------------------------------------------------------------------------------------
do_core() {
  export_windows_env
  "${cargo_w[@]}" test "${build_std[@]}" -p sokehoach-core
}

# --- 5. cli --------------------------------------------------------------------------------------
do_cli() {
  export_windows_env
  # The tests run as Windows programs: they cannot call cargo, so skh.exe is handed to them.
  SKH_BIN_DIR=$(winpath "$bin_dir") "${cargo_w[@]}" test "${build_std[@]}" -p sokehoach-tests --test cli
}

# --- 6. exchange ---------------------------------------------------------------------------------
do_exchange() {
  # A Linux test (the normal toolchain and target/), driving both skh and skh.exe.
  (
    export_windows_env
    unset RUSTC RUSTDOC RUSTC_BOOTSTRAP __CARGO_TESTS_ONLY_SRC_ROOT CARGO_TARGET_DIR
    export SKH_WINDOWS_SKH="$bin_dir/skh.exe" SKH_WINE="$wine"
    cargo test -p sokehoach-tests --features wine --test wine
  )
}

# --- 7. app --------------------------------------------------------------------------------------
do_app() {
  export_windows_env
  if [ ! -f ui/dist/index.html ]; then
    log "ui/dist missing: building the UI"
    [ -d ui/node_modules ] || npm --prefix ui ci
    npm --prefix ui run build
  fi
  "${cargo_w[@]}" build "${build_std[@]}" -p sokehoach
  ls -l "$bin_dir/sokehoach.exe"
  # What it links against: only system DLLs and WebView2's loader, no mingw runtime DLLs.
  x86_64-w64-mingw32-objdump -p "$bin_dir/sokehoach.exe" | sed -n 's/^\s*DLL Name: //p' | sort -u | tr '\n' ' '
  echo
}

# --- 8. installer --------------------------------------------------------------------------------
do_installer() {
  local exe_dir=$bin_dir out="$win_dir/installer" compressor=off
  if [ "${SKH_WINDOWS_RELEASE:-}" = 1 ]; then
    exe_dir="$win_dir/$target/release"
    compressor=lzma
  fi
  [ -f "$exe_dir/sokehoach.exe" ] || die "$exe_dir/sokehoach.exe missing: run the app part first"
  # The files as installed, without debug information; debug builds are packed uncompressed
  # (compressing their ~600 MB takes minutes). -gnu builds load WebView2Loader.dll from beside
  # the program.
  rm -rf "$out" && mkdir -p "$out/files"
  for f in sokehoach.exe skh.exe WebView2Loader.dll; do
    [ -f "$exe_dir/$f" ] || die "$exe_dir/$f missing"
    x86_64-w64-mingw32-strip --strip-debug -o "$out/files/$f" "$exe_dir/$f"
  done
  local version
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DEXE_DIR="$out/files" -DCOMPRESSOR="$compressor" \
    -DICON="$repo/assets/icons/icon.ico" -DOUT_FILE="$out/SoKeHoach_${version}_x64-setup.exe" scripts/windows/installer.nsi
  ls -l "$out/files" "$out"/*.exe
}

# --- release sizes -------------------------------------------------------------------------------
do_release() {
  export_windows_env
  "${cargo_w[@]}" build --release "${build_std[@]}" -p sokehoach-cli --bin skh
  "${cargo_w[@]}" build --release "${build_std[@]}" -p sokehoach
  for f in skh.exe sokehoach.exe; do
    printf '%-14s %s bytes (%s)\n' "$f" "$(stat -c %s "$win_dir/$target/release/$f")" \
      "$(du -h --apparent-size "$win_dir/$target/release/$f" | cut -f1)"
  done
}

part packages do_packages
part prefix do_prefix
part build do_build
part core do_core
part cli do_cli
part exchange do_exchange
part app do_app
if [ "${SKH_WINDOWS_RELEASE:-}" = 1 ]; then part release do_release; fi
part installer do_installer
current=""
