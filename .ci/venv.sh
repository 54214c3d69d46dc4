#!/usr/bin/env bash
# Sourced by the checks: one Python virtual environment for all of them, so
# that no check ever runs `pip install` into the system Python (a stock
# Debian Python refuses it: "externally-managed-environment").
#
#   source .ci/venv.sh pandas duckdb   # then run "$py" ...
#
# The venv lives in the build folder (removed with it: `.ci/run` builds in
# a scratch folder), or where CURRENTS_CI_VENV says.
venv="${CURRENTS_CI_VENV:-${CARGO_TARGET_DIR:-$PWD/target}/ci-venv}"
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian keeps venv (and ensurepip) in a package of its own.
    rm -rf "$venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
fi
if [ "$#" -gt 0 ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
fi
py="$venv/bin/python"
export PATH="$venv/bin:$PATH"
