#!/usr/bin/env bash
# Prepares a Debian 12 machine to build, run and test Sổ Kế Hoạch. Safe to run again: each step
# is skipped when already done.
#
#   1. apt packages: WebKitGTK and friends for Tauri, WebKitWebDriver + Xvfb for the e2e tests,
#      poppler-utils / imagemagick / fonts-liberation2 for checking printed PDFs and icons,
#      libreoffice-calc-nogui (soffice) for reading exported Excel workbooks back as a user sees them;
#      libreoffice-writer-nogui for checking that written Word files open (soffice --convert-to pdf);
#   2. checks that Rust (cargo) and Node.js (node, npm) are installed, with a clear message if not;
#   3. tauri-driver (cargo install), only when missing;
#   4. the UI's npm packages (npm ci; npm install when there is no lock file), only when
#      package.json / package-lock.json / node changed since the last install.
#
# Runs as root, or through sudo otherwise. Environment:
#   SKH_SETUP_FORCE=1   redo apt-get update/install and npm ci even when nothing seems missing.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)

log() { printf '[setup] %s\n' "$*"; }
die() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command with its output in a log file; shows the log only when it fails.
quietly() {
  local what=$1
  shift
  local out
  out=$(mktemp)
  if ! "$@" >"$out" 2>&1; then
    printf '[setup] ERROR: %s failed: %s\n' "$what" "$*" >&2
    tail -n 60 "$out" >&2
    rm -f "$out"
    exit 1
  fi
  rm -f "$out"
}

# --- 1. Debian packages --------------------------------------------------------------------------

packages=(
  pkg-config build-essential curl xauth
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  webkit2gtk-driver xvfb
  poppler-utils imagemagick fonts-liberation2
  libreoffice-calc-nogui
  libreoffice-writer-nogui
)

if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  if [ "${ID:-}" != debian ] || [ "${VERSION_ID:-}" != 12 ]; then
    log "warning: written for Debian 12, this is ${PRETTY_NAME:-unknown}; continuing"
  fi
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  die "not root and sudo is not installed: run this script as root"
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${SKH_SETUP_FORCE:-0}" = 1 ]; then
  missing=("${packages[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script is for Debian 12"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  quietly "apt-get update" "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get update -q
  quietly "apt-get install" "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}"
else
  log "apt packages: all ${#packages[@]} installed"
fi
[ -x /usr/bin/WebKitWebDriver ] || die "/usr/bin/WebKitWebDriver missing after installing webkit2gtk-driver"
command -v xvfb-run >/dev/null 2>&1 || die "xvfb-run missing after installing xvfb"

# --- 2. Rust and Node.js -------------------------------------------------------------------------

# rustup installs into ~/.cargo/bin, which a non-login shell may not have on PATH yet.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

command -v cargo >/dev/null 2>&1 || die "cargo not found. Install Rust (1.90 or newer) with rustup:
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
then open a new shell (or: . \"\$HOME/.cargo/env\") and run this script again."

rust_version=$(rustc --version | awk '{print $2}')
rust_minor=$(printf '%s' "$rust_version" | cut -d. -f2)
if [ "$(printf '%s' "$rust_version" | cut -d. -f1)" -lt 1 ] || [ "$rust_minor" -lt 90 ]; then
  die "Rust $rust_version is too old; the workspace needs 1.90 or newer (rustup update stable)"
fi

{ command -v node && command -v npm; } >/dev/null 2>&1 || die "node/npm not found. Install Node.js 20.19+ (or 22.12+), e.g. from NodeSource:
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs
then run this script again."

node_version=$(node --version | sed 's/^v//')
node_major=$(printf '%s' "$node_version" | cut -d. -f1)
node_minor=$(printf '%s' "$node_version" | cut -d. -f2)
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; } ||
  { [ "$node_major" -eq 22 ] && [ "$node_minor" -lt 12 ]; } || [ "$node_major" -eq 21 ]; then
  die "Node.js $node_version is too old for the UI's Vite: install Node.js 20.19+ or 22.12+"
fi
log "rust $rust_version, node $node_version, npm $(npm --version)"

# --- 3. tauri-driver -----------------------------------------------------------------------------

if command -v tauri-driver >/dev/null 2>&1; then
  log "tauri-driver: $(command -v tauri-driver)"
else
  log "cargo install tauri-driver --locked (a few minutes)"
  quietly "cargo install tauri-driver" cargo install tauri-driver --locked --quiet
  command -v tauri-driver >/dev/null 2>&1 || die "tauri-driver installed but not on PATH (expected in $cargo_bin)"
fi

# --- 4. UI packages ------------------------------------------------------------------------------

[ -f ui/package.json ] || die "ui/package.json not found in $repo"
stamp=ui/node_modules/.skh-setup-stamp
wanted=$(cat ui/package.json ui/package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)-node$node_version
if [ "${SKH_SETUP_FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  log "ui/node_modules: up to date"
else
  if [ -f ui/package-lock.json ]; then
    log "npm ci (ui/)"
    quietly "npm ci" npm --prefix ui ci --no-audit --no-fund --loglevel=error
  else
    log "npm install (ui/, no package-lock.json)"
    quietly "npm install" npm --prefix ui install --no-audit --no-fund --loglevel=error
  fi
  # npm install may have written a lock file: stamp what is there now.
  cat ui/package.json ui/package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1 |
    sed "s/\$/-node$node_version/" >"$stamp"
fi

log "done"
