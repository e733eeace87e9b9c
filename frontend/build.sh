#!/usr/bin/env bash
# Compile GOV.UK Frontend into the Django static folder. Run by `make assets`; the output is
# committed so that `make demo` and `make test` need only Python.
set -euo pipefail
cd "$(dirname "$0")"
out=../src/missinghub/web/static
npm ci --no-audit --no-fund --silent
mkdir -p "$out/missinghub" "$out/govuk"
npx sass --pkg-importer=node --style=compressed --no-source-map scss/app.scss "$out/missinghub/app.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk/govuk-frontend.min.js"
# No GOV.UK fonts, crest or icons: the typeface and the crown are for GOV.UK services only, and
# this is a council and police service (generic header, Arial).
rm -rf "$out/govuk/assets"
echo "Built $(du -sh "$out" | cut -f1) of static assets in $out"
