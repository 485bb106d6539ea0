#!/usr/bin/env bash
# Builds and starts Sổ Kế Hoạch on Debian 12 (README command 1).
#
#   ./scripts/start.sh                      the app on its usual database
#   ./scripts/start.sh --db /tmp/thu.db     any arguments go to the app
#
# Sets the machine up (scripts/setup-debian.sh), builds the UI into ui/dist, then builds and runs
# the app in release mode; the app embeds ui/dist when it is compiled (`custom-protocol`).
set -euo pipefail

cd "$(dirname "$0")/.."

./scripts/setup-debian.sh

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

echo "[start] building the UI (npm --prefix ui run build)"
npm --prefix ui run build

echo "[start] building and starting the app (cargo run --release -p sokehoach; the first build takes a while)"
exec cargo run --release -p sokehoach -- "$@"
