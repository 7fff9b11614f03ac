#!/usr/bin/env bash
# Installs what flagplan needs on a Debian machine (run as root), then
# configures and builds the native engine, CLI and tests in build/.
# Idempotent: installs only missing packages, rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make nlohmann-json3-dev libcli11-dev libgtest-dev jq curl)
case " ${FLAGPLAN_SETUP:-native} " in
  *" full "*) packages+=(emscripten chromium shellcheck clang libclang-rt-14-dev esbuild python3 nodejs npm) ;;
esac
missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere; accept any working node and npm.
  if [[ $p == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
