#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself on
# a throwaway repository with one irregular page: currents-fmt fails and
# fixes the page, the second run passes; currents-check passes.
#
# The hooks are taken from this repository at HEAD; `language: system`
# runs the release binary already built (on PATH) instead of pre-commit's
# own `cargo install`, which would build the crate a second time.
set -euo pipefail
cd "$(dirname "$0")/../.."

source .ci/venv.sh pre-commit
cargo build --release --locked -q
release="${CARGO_TARGET_DIR:-$PWD/target}/release"
export PATH="$release:$PATH"
project="$PWD"
rev="$(git rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

repo="$work/site"
mkdir -p "$repo/news/1999/01/1"
# An older era's page: `#  ` heading, unpadded related links.
cp tests/corpus/thecontext/news/1999/01/1/the-euro-currency-is-introduced.md "$repo/news/1999/01/1/"
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $project
    rev: $rev
    hooks:
      - id: currents-fmt
        language: system
      - id: currents-check
        language: system
YAML
cd "$repo"
git init -q .
git -c user.name=ci -c user.email=ci@example.org add -A
git -c user.name=ci -c user.email=ci@example.org commit -qm "a site"
before="$(md5sum news/1999/01/1/*.md)"

echo "-- first run: currents-fmt fails and rewrites the page"
set +e
pre-commit run --all-files >"$work/first" 2>&1
code=$?
set -e
cat "$work/first"
[ "$code" -eq 1 ] || { echo "first run exited $code, not 1"; exit 1; }
grep -q "files were modified by this hook" "$work/first" || { echo "no fix reported"; exit 1; }
[ "$(md5sum news/1999/01/1/*.md)" != "$before" ] || { echo "the page was not rewritten"; exit 1; }

echo "-- second run: both hooks pass"
pre-commit run --all-files
"$release/currents" fmt --check news
echo "pre-commit checks passed"
