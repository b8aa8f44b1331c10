#!/usr/bin/env bash
# What `make build` needs beyond the venv, for the printable guide (ctai_site/guide/): Pango and
# HarfBuzz's subsetter for WeasyPrint, and the Noto fonts (Latin, Cyrillic, Arabic script,
# Ethiopic) that the PDFs embed. Idempotent and quiet: installs only what is missing, so it
# costs nothing on a machine that has everything. `make serve` does not call it (no PDF there).
set -euo pipefail

# libharfbuzz-subset0: without it WeasyPrint subsets fonts with fontTools, which stamps each
# subset with the current time (a different PDF at every build) and is 2-3 times slower.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core)
packages+=("$@")  # more from the caller (ensure-test-deps.sh adds poppler-utils)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "ensure-build-deps: not a Debian system; install the equivalents of: ${packages[*]}"
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "ensure-build-deps: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
