#!/usr/bin/env bash
# Every test: engine (GoogleTest through CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
FLAGPLAN_SETUP="${FLAGPLAN_SETUP:-native}" bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
