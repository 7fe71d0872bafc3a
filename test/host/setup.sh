#!/bin/bash
# Installs what the integration tests and `npm start` need to run a real VS Code on a machine
# without a desktop VS Code and without internet access beyond the npm registry and Debian apt:
# VS Code's own server + web workbench (from the npm package code-server) and Debian's Chromium.
# Idempotent: a marker file records a finished install, so later runs only check and return.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # ships VS Code 1.100.3, which runs on Node 20 like this project
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEST=${VSCODE_SERVER_DIR:-$REPO/.vscode-test/vscode-server}
MARKER=$DEST/installed-code-server
VSCODE=$DEST/node_modules/code-server/lib/vscode

missing=()
for package in chromium libkrb5-dev pkg-config ripgrep; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: apt packages present (chromium, libkrb5-dev, pkg-config, ripgrep)"
fi

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$CODE_SERVER_VERSION" ] && [ -f "$VSCODE/out/server-main.js" ]; then
  echo "setup: VS Code server from code-server $CODE_SERVER_VERSION already installed in $DEST"
  exit 0
fi

echo "setup: installing code-server $CODE_SERVER_VERSION into $DEST (about a minute)"
rm -rf "$DEST"
mkdir -p "$DEST"
# code-server's postinstall refuses to run as root and downloads ripgrep from GitHub, so its
# steps are done by hand below instead.
npm install --prefix "$DEST" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
  "code-server@$CODE_SERVER_VERSION"

cd "$VSCODE"
npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error
# @vscode/ripgrep's own install script downloads its binary from GitHub; Debian's rg is the same tool.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
native=()
for module in kerberos @parcel/watcher node-pty @vscode/deviceid @vscode/spdlog native-watchdog @vscode/native-watchdog @vscode/sqlite3; do
  [ -d "node_modules/$module" ] && native+=("$module")
done
echo "setup: building native modules: ${native[*]} (log: $DEST/native-build.log)"
npm_config_yes=true npm rebuild --foreground-scripts "${native[@]}" >"$DEST/native-build.log" 2>&1
# The server resolves its dependencies through node_modules.asar, as in a packaged VS Code.
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --loglevel=error >/dev/null)
node -e 'require("./node_modules/@vscode/spdlog")'

echo "$CODE_SERVER_VERSION" >"$MARKER"
echo "setup: installed VS Code $(node -p 'require("./package.json").version') server and web workbench in $VSCODE"
