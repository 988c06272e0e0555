#!/usr/bin/env bash
# Installs the Debian packages collective.gongwen needs, only those missing.
# Used by `make start`, `make test` and CI; sudo is used when not root.
set -euo pipefail

PACKAGES=(
  # Python venv and headers for packages that compile
  python3-venv python3-dev gcc
  # document conversion for the viewer (collective.documentviewer)
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
  graphicsmagick ghostscript qpdf poppler-utils
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim
  # the Word 正文's 清稿 through LibreOffice's UNO API, by the system's python3 (R-D6)
  python3-uno
  # the conversion tools' sandbox: no network, no server files (R-SEC5)
  bubblewrap
  # open CJK fonts: page images, typesetting, Chromium
  fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-ukai
  # the scale-out conversion queue (tests run a private redis-server)
  redis-server
  # make start-cluster: RelStorage and the audit store on PostgreSQL (scripts/postgres.sh
  # runs its own cluster under var/), instances behind haproxy
  postgresql-15 haproxy
  # browser tests
  chromium
  # content-type sniffing of uploads
  libmagic1
  # encryption of backups (make backup / make restore, R-SEC4)
  age
  # the virus scan of 四性检测 (R-R3): clamd, started by scripts/clamd.sh
  clamav clamav-daemon
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
