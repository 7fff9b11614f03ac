#!/usr/bin/env bash
# The main job on the bundled examples: plan staging -> production.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/flagplan plan examples/staging.json examples/production.json
