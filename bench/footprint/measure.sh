#!/usr/bin/env bash
# Builds examples/cancelbuild (this repository's SDK) and the footprint
# program (Huawei's Go SDK) with default flags and with
# -trimpath -ldflags="-s -w", and prints their sizes and module counts as
# a Markdown table. Run it from anywhere; CI does not run it.
set -euo pipefail

footprint_dir=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$footprint_dir/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() { # build DIR PACKAGE NAME
  (cd "$1" && go build -o "$out/$3-default" "$2")
  (cd "$1" && go build -trimpath -ldflags="-s -w" -o "$out/$3-stripped" "$2")
}

build "$repo_root" ./examples/cancelbuild cancelbuild
build "$footprint_dir" . footprint

modules() { (cd "$1" && go list -m all | wc -l); }
linked() { go version -m "$1" | grep -c $'^\tdep\t'; }
size() { stat -c %s "$1" | awk '{printf "%.1f MiB (%d B)", $1 / 1048576, $1}'; }

echo "| program | SDK | size, default | size, -trimpath -s -w | go list -m all | modules linked (go version -m) |"
echo "|---|---|---|---|---|---|"
echo "| examples/cancelbuild | servicestage-go | $(size "$out/cancelbuild-default") | $(size "$out/cancelbuild-stripped") | $(modules "$repo_root") | $(linked "$out/cancelbuild-default") |"
echo "| bench/footprint | huaweicloud-sdk-go-v3 | $(size "$out/footprint-default") | $(size "$out/footprint-stripped") | $(modules "$footprint_dir") | $(linked "$out/footprint-default") |"
echo
echo "Modules linked into each binary:"
for name in cancelbuild footprint; do
  echo
  echo "$name:"
  go version -m "$out/$name-default" | awk '$1 == "dep" {print "  " $2 " " $3}'
done
