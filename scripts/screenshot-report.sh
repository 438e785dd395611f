#!/usr/bin/env bash
# Renders a run bundle's report to a PNG with headless Chromium (apt-get install chromium), e.g.:
#   scripts/screenshot-report.sh reports/flash-sale/20261124-232204 docs/report.png
set -euo pipefail
BUNDLE="${1:?usage: $0 BUNDLE_DIR OUT.png}"
OUT="${2:?usage: $0 BUNDLE_DIR OUT.png}"
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$PROFILE" --window-size=1200,1900 \
  --screenshot="$(realpath -m "$OUT")" "file://$(realpath "$BUNDLE")/index.html" >/dev/null 2>&1
echo "$OUT"
