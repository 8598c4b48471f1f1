#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (npm run test:browser) when /usr/bin/chromium is
# missing. The test drives it through playwright-core; no Playwright browser download is used.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# fonts-liberation / fonts-dejavu-core: metric-stable fonts so screenshots look the same everywhere.
$SUDO apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
