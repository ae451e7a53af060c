#!/usr/bin/env bash
# Makes sure the Debian packages the test suite needs are installed:
#   chromium     the browser Playwright drives (/usr/bin/chromium; no browser download)
#   fonts-nanum  the Korean font for PDFs and screenshots (fontconfig too, for fc-list)
#   gettext      msgfmt, for compilemessages
#   docker-compose  parses docker-compose.yml (`docker-compose config`) when the docker CLI has no compose plugin
#   caddy        validates deploy/Caddyfile (`caddy validate`); never started here
#   poppler-utils pdftoppm and pdftotext, to read exported PDFs back in the tests
# Installs what is missing with apt-get when running as root; otherwise only warns.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v fc-list >/dev/null 2>&1; then
    missing+=(fontconfig fonts-nanum)
elif ! fc-list | grep -i nanum >/dev/null; then # no grep -q: an early exit would SIGPIPE fc-list
    missing+=(fonts-nanum)
fi
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    missing+=(docker-compose)
fi
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "warning: missing Debian packages: ${missing[*]}" >&2
    echo "warning: run as root, or: sudo apt-get install ${missing[*]} (browser, PDF and translation tests may fail)" >&2
    exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
