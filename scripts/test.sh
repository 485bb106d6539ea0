#!/usr/bin/env bash
# Runs every check of Sổ Kế Hoạch on Debian 12 (README command 2; CI runs exactly this).
#
#   1. setup          scripts/setup-debian.sh (apt packages, tauri-driver, ui/node_modules)
#   2. ui check       npm --prefix ui run check      (svelte-check, warnings are errors)
#   3. ui test        npm --prefix ui run test       (the UI's unit tests, when it has a "test" script)
#   4. ui build       npm --prefix ui run build      (ui/dist, embedded by the app)
#   5. cargo test     cargo test --workspace         (core, CLI, black-box tests; regenerates the
#                                                     TypeScript bindings in ui/src/api/bindings)
#   6. bindings       committed bindings must equal the regenerated ones (in a git checkout)
#   7. app build      cargo build -p sokehoach       (debug: the binary the e2e tests drive)
#   8. e2e            the real app under Xvfb via tauri-driver; screenshots in artifacts/e2e/
#   9. windows        scripts/windows-check.sh   (cross-build for Windows, the core's and the CLI's
#                                                 tests under Wine, bundles Linux <-> Windows,
#                                                 sokehoach.exe links, installer script compiles;
#                                                 docs/windows-build.md)
#
# Everything is built with the debug profile. Exits non-zero at the first failing step and
# always ends with one summary line.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
# Backtraces for panics, not for every anyhow error a failing e2e test returns.
export RUST_LIB_BACKTRACE="${RUST_LIB_BACKTRACE:-0}"
export CARGO_TERM_PROGRESS_WHEN=never
if [ "${CI:-}" = true ]; then
  # A fresh checkout gains nothing from incremental artifacts.
  export CARGO_INCREMENTAL=0
fi

# The e2e run may not hang CI: it is stopped after this many minutes.
e2e_minutes="${SKH_E2E_MINUTES:-25}"

start_all=$(date +%s)
timings=()
current=""

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

summary() {
  local status=$1
  local total=$(($(date +%s) - start_all))
  local done="no step finished"
  if [ ${#timings[@]} -gt 0 ]; then
    done=$(printf '%s, ' "${timings[@]}")
    done=${done%, }
  fi
  if [ "$status" -eq 0 ]; then
    echo "test.sh: PASSED in $(fmt_secs "$total") ($done)"
  else
    echo "test.sh: FAILED at step '${current:-?}' (exit $status) after $(fmt_secs "$total"); finished: $done" >&2
  fi
}
trap 'summary $?' EXIT

# step NAME COMMAND... : runs one step, prints its duration.
step() {
  current=$1
  shift
  echo
  echo "=== [test] $current: $*"
  local t0
  t0=$(date +%s)
  "$@"
  local took=$(($(date +%s) - t0))
  timings+=("$current $(fmt_secs "$took")")
  echo "=== [test] $current: ok ($(fmt_secs "$took"))"
}

check_bindings() {
  if ! command -v git >/dev/null 2>&1 ||
    ! git -c safe.directory="$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "not a git checkout: skipping the stale-bindings check"
    return 0
  fi
  local g=(git -c safe.directory="$repo")
  local untracked
  untracked=$("${g[@]}" ls-files --others --exclude-standard -- ui/src/api/bindings)
  if ! "${g[@]}" diff --exit-code --stat -- ui/src/api/bindings || [ -n "$untracked" ]; then
    [ -z "$untracked" ] || printf 'not committed:\n%s\n' "$untracked"
    echo "ERROR: the committed TypeScript bindings in ui/src/api/bindings are stale: the Rust types" >&2
    echo "changed but the generated files were not committed. Run 'cargo test -p sokehoach-core -p sokehoach'" >&2
    echo "and commit ui/src/api/bindings." >&2
    return 1
  fi
  echo "ui/src/api/bindings matches the Rust types"
}

run_e2e() {
  rm -rf artifacts/e2e
  mkdir -p artifacts/e2e
  timeout --signal=TERM --kill-after=30s "${e2e_minutes}m" \
    xvfb-run -a -s "-screen 0 1440x900x24" \
    cargo test -p sokehoach-tests --features e2e --test e2e -- --test-threads=1
  echo "screenshots: $(find artifacts/e2e -maxdepth 1 -name '*.png' | wc -l) PNG files in artifacts/e2e/"
}

step setup ./scripts/setup-debian.sh
step "ui check" npm --prefix ui run check
step "ui test" npm --prefix ui run --if-present test
step "ui build" npm --prefix ui run build
step "cargo test" cargo test --workspace
step bindings check_bindings
step "app build" cargo build -p sokehoach
step e2e run_e2e
step windows ./scripts/windows-check.sh
current=""
