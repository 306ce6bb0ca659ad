#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing: the PostgreSQL server for the store tests,
# Chromium for the console's browser test.
# Go, Java and Maven come with the machine; the Temporal servers are built/fetched by their own scripts.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
# Headless Chromium for the merchant console's browser test (playwright-core drives Debian's build), and a
# font so the page it renders (and the screenshot) has real glyphs.
{ command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; } || need+=(chromium)
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "missing Debian packages: ${need[*]} (run as root, or install them)" >&2; exit 1; fi
  echo "installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
# The Debian package starts a cluster of its own; the tests use a throwaway one on another port.
command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h 2>/dev/null | awk '$4=="online"{print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop || true; done
exit 0
