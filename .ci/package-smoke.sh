#!/usr/bin/env bash
# CI: the package as a user gets it. Packs the tarball (`prepare` builds dist/), installs it into
# a scratch project outside the repository (dependencies from the npm registry), copies the
# example project there, then runs `npx dq demo story` and the README's "From TypeScript" snippet
# against the installed package. Any failure fails CI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

tarball="$(cd "$repo" && npm pack --silent --pack-destination "$scratch" | tail -n 1)"
echo "package-smoke: packed $tarball into $scratch"

cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund "./$tarball"
cp -R "$repo/checks.config.yaml" "$repo/checks" "$repo/suites" .

# The installed binary: builds the demo warehouse, gates the incident and the repair (exit 0
# only when the gate behaved).
npx --no-install dq demo story

# The README snippet, verbatim, as an ES module importing from 'dqgate'.
awk '/^## From TypeScript/ { section = 1 } section && /^```ts$/ { inside = 1; next } inside && /^```$/ { exit } inside' \
  "$repo/README.md" > snippet.mjs
test -s snippet.mjs || { echo 'package-smoke: no ```ts block under "## From TypeScript" in README.md' >&2; exit 1; }
node snippet.mjs
echo 'package-smoke: the packed package installs, `npx dq demo story` and the README snippet run'
