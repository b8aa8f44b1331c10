#!/usr/bin/env bash
# Copy Leaflet's built files from node_modules into the package, so that building the site needs
# no network and no CDN. Run after changing the version pinned in package.json:
#   npm install --ignore-scripts --no-audit --no-fund && tools/vendor-leaflet.sh
# The copy is committed (ctai_site/assets/vendor/leaflet/); `git diff` shows what an upgrade changed.
set -euo pipefail
cd "$(dirname "$0")/.."

src=node_modules/leaflet
dest=ctai_site/assets/vendor/leaflet
version=$(node -p "require('./$src/package.json').version")
pinned=$(node -p "require('./package.json').dependencies.leaflet")
if [ "$version" != "$pinned" ]; then
  echo "vendor-leaflet: node_modules has leaflet $version, package.json pins $pinned: run npm install" >&2
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest/images"
# The source map is not shipped: drop its comment so browsers do not ask for a missing file.
sed '/^\/\/# sourceMappingURL=/d' "$src/dist/leaflet.js" > "$dest/leaflet.js"
cp "$src/dist/leaflet.css" "$dest/"
cp "$src"/dist/images/*.png "$dest/images/"
cp "$src/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "vendor-leaflet: leaflet $version copied to $dest"
