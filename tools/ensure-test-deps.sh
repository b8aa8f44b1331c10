#!/usr/bin/env bash
# What the browser, accessibility and HTML tests need beyond the venv: Debian's chromium, a Java
# runtime for the Nu HTML Checker, LibreOffice Calc (the yearly report's workbook must open in
# it: `soffice --headless --convert-to csv`), node_modules (axe-core, vnu-jar); and what the guide's
# tests need: what `make build` needs (ensure-build-deps.sh: Pango, HarfBuzz's subsetter, the
# Noto fonts) and poppler-utils (pdftotext, pdffonts, pdftoppm read the PDFs back); gettext's
# msgfmt (`msgfmt --check` must accept the PO files `ctai-site translations export` writes). Idempotent:
# installs only what is missing, so it costs nothing on a machine that has everything (CI's
# machine is bare).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/ensure-build-deps.sh poppler-utils

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensure-test-deps: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  # With recommends, as on the machines the suite was written on (fonts-liberation among them).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Calc without its GUI and without recommends: `soffice` for the tests, not an office suite.
if ! command -v soffice >/dev/null 2>&1; then
  echo "ensure-test-deps: apt-get install libreoffice-calc-nogui"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui >/dev/null
fi

# npm keeps its own copy of the lock in node_modules/: older or absent means node_modules is stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-test-deps: npm ci"
  # --ignore-scripts: vnu-jar's postinstall only fetches a Java runtime, which apt gave us.
  npm ci --ignore-scripts --no-audit --no-fund
fi
