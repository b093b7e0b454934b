#!/usr/bin/env bash
# Linux: add Circle of Need to the user's applications menu, with its icon, and open .needmap files with it.
# Run after `make package` (or a pipx install, which puts circle-of-need on the PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for size in 16 24 32 48 64 128 256 512; do
  xdg-icon-resource install --noupdate --context apps --size "$size" "$here/../icons/circle-of-need-$size.png" circle-of-need
  xdg-icon-resource install --noupdate --context mimetypes --size "$size" "$here/../icons/circle-of-need-$size.png" application-x-needmap
done
xdg-icon-resource forceupdate
xdg-mime install --novendor "$here/circle-of-need-mime.xml"
xdg-desktop-menu install --novendor "$here/circle-of-need.desktop"
xdg-mime default circle-of-need.desktop application/x-needmap
