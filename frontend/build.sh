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
# Charts: Vega, Vega-Lite and vega-embed, served locally (never a CDN). Pages load the UMD builds
# and render with `ast: true` (vega-embed's expression interpreter), so no eval under the CSP.
mkdir -p "$out/vendor"
cp node_modules/vega/build/vega.min.js "$out/vendor/vega.min.js"
cp node_modules/vega-lite/build/vega-lite.min.js "$out/vendor/vega-lite.min.js"
cp node_modules/vega-embed/build/vega-embed.min.js "$out/vendor/vega-embed.min.js"
# The network view's graph: Cytoscape.js, started from the pursue app's own module script.
cp node_modules/cytoscape/dist/cytoscape.min.js "$out/vendor/cytoscape.min.js"
for pkg in vega vega-lite vega-embed cytoscape; do cp "node_modules/$pkg/LICENSE" "$out/vendor/$pkg.LICENSE"; done
# Their source maps are not shipped: drop the references, or collectstatic's manifest fails.
sed -i '/^\/\/# sourceMappingURL=/d' "$out"/vendor/*.js
echo "Built $(du -sh "$out" | cut -f1) of static assets in $out"
