#!/usr/bin/env bash
# Takes the README's console screenshots: the real JavaFX window under Xvfb, mid-run (a flash sale comparing
# db-pessimistic and redis-lua, Redis killed by hand and restarted), saved to docs/console.png; with
# `OUT.png two-site-three-center.yaml dc-b`, the three data centers with dc-b killed whole and restarted.
# Needs: apt-get install xvfb libgtk-3-0 (and redis-server, as every run does). About 2 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/docs/console.png}"
command -v xvfb-run >/dev/null || { echo "screenshot-console: needs xvfb-run (apt-get install xvfb libgtk-3-0)" >&2; exit 1; }
"$ROOT/shoplab" --version >/dev/null   # builds on first use
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
xvfb-run -a -s "-screen 0 1600x1000x24" "$JAVA" -XX:+UseParallelGC -Xmx4g --add-opens java.base/java.lang=ALL-UNNAMED \
  -Dshoplab.home="$ROOT" \
  -cp "$ROOT/lab-ui/target/lab-ui-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/lab-ui/target/classpath.txt")" \
  shoplab.ui.ConsoleTour "$OUT" "${@:2}"
