#!/usr/bin/env bash
# Shows that a change leaves forecasts byte-identical: trains the demo season and real 2025 (history 2022-2024,
# from ../shared/f1db) with the form model, the Bayesian model and the ML layer, once with the checkout and once
# with BASE (default HEAD), each revision importing the data with its own importer, then compares the race
# forecasts and the championship projection byte for byte (timestamps and run history aside).
#
#   scripts/same-predictions.sh [BASE] [--simulations N]
#
# Exit 0 when every pair is identical, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
base=HEAD
sims=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --simulations) sims="$2"; shift 2 ;;
    *) base="$1"; shift ;;
  esac
done
f1db="${F1HP_F1DB:-../shared/f1db}"
[ -d "$f1db/src/data/seasons" ] || { echo "same-predictions: no F1DB data at $f1db"; exit 1; }

work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach --quiet "$work/base" "$base"

run() { # run <checkout> <label>: import, then train every configuration into $work/<label>/
  local tree="$1" out="$work/$2"
  mkdir -p "$out/f1"
  for year in 2022 2023 2024 2025; do
    (cd "$tree" && deno run --allow-read --allow-write --allow-env tasks/import_f1db.ts "$OLDPWD/$f1db" \
      --season "$year" --out "$out/f1/$year" >/dev/null)
  done
  local flags
  for config in form bayes bayes-ml; do
    case "$config" in
      form) flags=() ;;
      bayes) flags=(--use-bayesian) ;;
      bayes-ml) flags=(--use-bayesian --use-ml-layer) ;;
    esac
    (cd "$tree" && deno run --allow-read --allow-write --allow-env main.ts --train-data "$out/f1" \
      --output "$out/real-$config.json" --num-simulations "$sims" "${flags[@]}" >/dev/null) || true
    (cd "$tree" && deno run --allow-read --allow-write --allow-env main.ts --train-data data/demo \
      --output "$out/demo-$config.json" --num-simulations "$sims" "${flags[@]}" >/dev/null) || true
  done
}

run "$PWD" new
run "$work/base" base

status=0
for file in "$work"/new/*.json; do
  name=$(basename "$file")
  if python3 - "$file" "$work/base/$name" <<'EOF'; then echo "identical: $name"; else echo "DIFFERENT: $name"; status=1; fi
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:3])
keep = lambda d: json.dumps({"predictions": d["predictions"], "season_projection": d["season_projection"],
                             "model_version": d["metadata"]["model_version"]}, sort_keys=True)
sys.exit(0 if keep(a) == keep(b) else 1)
EOF
done
exit "$status"
