#!/usr/bin/env bash
# Installs what a fresh Debian 12 / Ubuntu machine lacks to build, run and test RDV Compagnon.
# Idempotent and quiet when everything is there. Needs root or sudo for apt.
#   scripts/install-deps.sh build   # to build and run the app (and zip the WordPress plugin)
#   scripts/install-deps.sh test    # plus the headless desktop session, WebDriver tools and the
#                                   # booking site's stack (WordPress, PHP, MariaDB, PHPUnit)
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev libsecret-1-dev libdbus-1-dev curl file
  gettext zip)
test_pkgs=(xvfb xauth dbus dbus-x11 webkit2gtk-driver gnome-keyring libsecret-tools dunst
  imagemagick python3-xlib faketime poppler-utils
  wordpress wordpress-l10n wordpress-theme-twentytwentythree php-cli php-mysql php-curl
  php-mbstring php-intl php-xml mariadb-server phpunit unzip)

pkgs=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "install-deps: Rust is required (https://rustup.rs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-deps: Node.js 20+ and npm are required" >&2; exit 1; }

if [ "${1:-build}" = test ]; then
  command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked
  cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  [ -x "$cargo_bin/tauri-driver" ] || command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
fi

# Front-end dependencies, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
