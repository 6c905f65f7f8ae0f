#!/usr/bin/env bash
# Builds Waymark in _build and starts it on the bundled sample map.
#   build-aux/run.sh            the sample map
#   build-aux/run.sh FILE…      other documents
# Installs missing build dependencies first (Debian/Ubuntu; apt-get as root or via sudo).
set -euo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

waymark_deps build
waymark_configure _build -Dprofile=development
meson compile -C _build

if [ $# -eq 0 ]; then
  set -- _build/data/samples/online-purchase.waymark
fi

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec _build/src/app/waymark "$@"
