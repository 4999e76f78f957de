#!/usr/bin/env bash
# A throw-away WordPress with the RDV Compagnon plugin, from Debian's packages: its own MariaDB
# (data directory under DIR, no system service), a copy of /usr/share/wordpress, PHP's built-in
# server on 127.0.0.1. Nothing is left behind by `stop` (or by `run`, whatever the command does).
#
#   scripts/wp-site.sh start DIR [--port P] [--plugin-dir D] [--control] [--google-base URL]
#   scripts/wp-site.sh stop DIR
#   scripts/wp-site.sh run [--port P] [--plugin-dir D] [--control] [--google-base URL] -- CMD…
#
# `start` writes DIR/env (shell syntax, also read by the Rust tests):
#   RDV_WP_URL  RDV_WP_ROOT  RDV_WP_USER  RDV_WP_APP_PASSWORD  RDV_WP_ADMIN_PASSWORD  RDV_WP_DIR
# `run` starts in a temporary DIR, exports that environment, runs CMD and always stops.
# --plugin-dir: the plugin folder to install (default: wordpress/rdv-compagnon of this checkout,
#   linked, so edits show at once); --control: also install the test-control mu-plugin
#   (wordpress/tests/control/, never shipped); --google-base: the plugin's Google base URL.
# Facts this relies on: docs/ARCHITECTURE.md § The booking site (ENVIRONMENT.md of the brief).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

die() { echo "wp-site: $*" >&2; exit 1; }

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

wait_for() { # wait_for SECONDS CMD… : poll CMD every 0.1 s
  local tries=$(( $1 * 10 )); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

start() {
  local dir="$1"; shift
  local port="" plugin_dir="$ROOT/wordpress/rdv-compagnon" control=0 google_base=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --plugin-dir) plugin_dir="$(cd "$2" && pwd)"; shift 2 ;;
      --control) control=1; shift ;;
      --google-base) google_base="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [ -d /usr/share/wordpress ] || die "WordPress is not installed (scripts/install-deps.sh test)"
  command -v mariadbd >/dev/null || command -v /usr/sbin/mariadbd >/dev/null || die "mariadb-server is missing"
  [ -f "$plugin_dir/rdv-compagnon.php" ] || die "no plugin in $plugin_dir"
  [ -n "$port" ] || port="$(free_port)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local db="$dir/db" tmp="$dir/tmp" www="$dir/www" log="$dir/log"
  mkdir -p "$db" "$tmp" "$log"

  # MariaDB: own data directory, socket only (plus a loopback port nobody else uses).
  local mariadbd; mariadbd="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  mariadb-install-db --no-defaults --datadir="$db" --user="$(id -un)" \
    --auth-root-authentication-method=socket --skip-test-db --innodb-log-file-size=8M \
    --tmpdir="$tmp" >"$log/mariadb-install.log" 2>&1 || { cat "$log/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  setsid "$mariadbd" --no-defaults --user="$(id -un)" --datadir="$db" --socket="$dir/mysql.sock" \
    --port="$(free_port)" --bind-address=127.0.0.1 --skip-log-bin --tmpdir="$tmp" \
    --pid-file="$dir/mariadb.pid" --log-error="$log/mariadb.log" >/dev/null 2>&1 &
  echo $! >"$dir/mariadb.pgid"
  wait_for 20 mariadb --no-defaults --socket="$dir/mysql.sock" -uroot -e 'SELECT 1' \
    || { cat "$log/mariadb.log" >&2; die "MariaDB did not start"; }
  local dbpass; dbpass="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  mariadb --no-defaults --socket="$dir/mysql.sock" -uroot -e \
    "CREATE DATABASE wordpress CHARACTER SET utf8mb4; CREATE USER 'wp'@'localhost' IDENTIFIED BY '$dbpass'; GRANT ALL ON wordpress.* TO 'wp'@'localhost';"

  # WordPress: Debian's tree copied (-L: it holds relative symlinks), its own wp-config.php.
  cp -rL /usr/share/wordpress "$www"
  rm -f "$www/wp-config.php"
  mkdir -p "$www/wp-content/plugins" "$www/wp-content/mu-plugins" "$www/wp-content/uploads"
  if [ "$plugin_dir" = "$ROOT/wordpress/rdv-compagnon" ]; then
    ln -s "$plugin_dir" "$www/wp-content/plugins/rdv-compagnon"
  else
    cp -r "$plugin_dir" "$www/wp-content/plugins/rdv-compagnon"
  fi
  # The French .mo is built from the .po when the plugin has one (make plugin-mo does the same).
  if [ -f "$plugin_dir/languages/rdv-compagnon-fr_FR.po" ] && command -v msgfmt >/dev/null \
     && [ ! -f "$plugin_dir/languages/rdv-compagnon-fr_FR.mo" ]; then
    mkdir -p "$www/wp-content/languages/plugins"
    msgfmt -o "$www/wp-content/languages/plugins/rdv-compagnon-fr_FR.mo" "$plugin_dir/languages/rdv-compagnon-fr_FR.po"
  fi
  if [ "$control" = 1 ]; then
    [ -f "$ROOT/wordpress/tests/control/rdv-test-control.php" ] || die "no test-control plugin yet"
    ln -s "$ROOT/wordpress/tests/control/rdv-test-control.php" "$www/wp-content/mu-plugins/rdv-test-control.php"
  fi
  local salts=""
  for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+="define( '$k', '$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')' );"$'\n'
  done
  cat >"$www/wp-config.php" <<PHP
<?php
// Written by scripts/wp-site.sh for a throw-away test site.
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', '$dbpass' );
define( 'DB_HOST', 'localhost:$dir/mysql.sock' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$salts
\$table_prefix = 'wp_';
define( 'WP_HOME', 'http://127.0.0.1:$port' );
define( 'WP_SITEURL', 'http://127.0.0.1:$port' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );   // application passwords over plain http
define( 'DISABLE_WP_CRON', true );          // cron runs when a test asks (no call home)
define( 'WP_HTTP_BLOCK_EXTERNAL', true );   // nothing leaves the machine
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '$log/debug.log' );
define( 'RDV_WP_SITE_DIR', '$dir' );
if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }
require_once ABSPATH . 'wp-settings.php';
PHP
  # Pretty permalinks under php -S: files as they are, everything else through index.php.
  cat >"$dir/router.php" <<'PHP'
<?php
$path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ( $path !== '/' && is_file( $file ) ) {
	if ( substr( $file, -4 ) === '.php' ) {
		chdir( dirname( $file ) );
		require $file;
		return true;
	}
	return false;
}
if ( is_dir( $file ) && is_file( rtrim( $file, '/' ) . '/index.php' ) ) {
	chdir( rtrim( $file, '/' ) );
	require rtrim( $file, '/' ) . '/index.php';
	return true;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
PHP

  local admin_pass; admin_pass="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  local app_pass
  app_pass="$(cd "$www" && WP_ADMIN_PASS="$admin_pass" php -d display_errors=stderr -r '
    define( "WP_INSTALLING", true );
    $_SERVER["HTTP_HOST"] = "127.0.0.1"; $_SERVER["REQUEST_URI"] = "/";
    require "wp-load.php";
    require_once ABSPATH . "wp-admin/includes/upgrade.php";
    require_once ABSPATH . "wp-admin/includes/plugin.php";
    add_filter( "pre_wp_mail", "__return_false" );
    $lang = is_file( WP_CONTENT_DIR . "/languages/fr_FR.mo" ) ? "fr_FR" : "";
    wp_install( "Cabinet du Dr Camille Laurent", "admin", "admin@example.org", false, "", getenv( "WP_ADMIN_PASS" ), $lang );
    update_option( "WPLANG", $lang );
    update_option( "timezone_string", "Europe/Paris" );
    update_option( "permalink_structure", "/%postname%/" );
    update_option( "template", "twentytwentythree" ); update_option( "stylesheet", "twentytwentythree" );
    $r = activate_plugin( "rdv-compagnon/rdv-compagnon.php" );
    if ( is_wp_error( $r ) ) { fwrite( STDERR, $r->get_error_message() . "\n" ); exit( 1 ); }
    list( $password ) = WP_Application_Passwords::create_new_application_password( 1, array( "name" => "RDV Compagnon (tests)" ) );
    echo $password;
  ' 2>"$log/install.log")" || { cat "$log/install.log" >&2; die "WordPress install failed"; }

  (cd "$www"; PHP_CLI_SERVER_WORKERS=4 setsid php -d opcache.lockfile_path="$tmp" \
    -d display_errors=0 -d log_errors=1 -d error_log="$log/php.log" \
    -S "127.0.0.1:$port" -t "$www" "$dir/router.php" >"$log/server.log" 2>&1 &
    echo $! >"$dir/php.pgid")
  wait_for 20 curl -sf -o /dev/null "http://127.0.0.1:$port/wp-json/" \
    || { cat "$log/server.log" "$log/php.log" >&2 2>/dev/null; die "php -S did not answer"; }
  if [ -n "$google_base" ]; then
    (cd "$www" && RDV_GOOGLE_BASE="$google_base" php -r '
      require "wp-load.php";
      $g = get_option( "rdv_compagnon_google", array() );
      $g = is_array( $g ) ? $g : array();
      $g["base_url"] = getenv( "RDV_GOOGLE_BASE" );
      update_option( "rdv_compagnon_google", $g, false );')
  fi
  cat >"$dir/env" <<ENV
RDV_WP_URL=http://127.0.0.1:$port/
RDV_WP_ROOT=$www
RDV_WP_DIR=$dir
RDV_WP_USER=admin
RDV_WP_APP_PASSWORD='$app_pass'
RDV_WP_ADMIN_PASSWORD=$admin_pass
ENV
  echo "wp-site: WordPress on http://127.0.0.1:$port/ (admin / $admin_pass), files in $dir" >&2
}

kill_group() { # kill_group PGID_FILE : the whole process group, then wait until it is gone
  [ -f "$1" ] || return 0
  local pg; pg="$(cat "$1")"
  kill -TERM -- "-$pg" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$pg" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pg" 2>/dev/null || true
}

stop() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  kill_group "$dir/php.pgid"
  if [ -S "$dir/mysql.sock" ]; then
    mariadb-admin --no-defaults --socket="$dir/mysql.sock" -uroot shutdown >/dev/null 2>&1 || true
  fi
  kill_group "$dir/mariadb.pgid"
  rm -rf "$dir"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start) [ $# -ge 1 ] || die "usage: start DIR [options]"; start "$@" ;;
  stop) [ $# -ge 1 ] || die "usage: stop DIR"; stop "$1" ;;
  run)
    opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] || die "usage: run [options] -- CMD…"; shift
    [ $# -gt 0 ] || die "run: no command"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/rdv-wp.XXXXXX")"
    trap 'stop "$dir"' EXIT INT TERM
    start "$dir" "${opts[@]}"
    set -a; . "$dir/env"; set +a
    "$@"
    ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
