#!/usr/bin/env bash
# Runs a command inside a throw-away desktop session, as the tests and the headless demo need:
#   - every XDG folder (and HOME) in a temp dir, so nothing is written under the real $HOME;
#   - a private D-Bus session bus (dbus-run-session);
#   - an X server (Xvfb) on a free display, 1280x800;
#   - gnome-keyring's Secret Service, created and unlocked with a throw-away password;
#   - dunst, a real notification daemon, owning org.freedesktop.Notifications.
# Usage: scripts/desktop-session.sh COMMAND [ARGS...]   (exit status is the command's)
set -euo pipefail

if [ -z "${RDV_SESSION_DIR:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/rdv-session.XXXXXX")
  mkdir -p "$tmp"/{run,data,config,cache,home}
  chmod 700 "$tmp/run"
  # Tools found through HOME keep working after HOME moves.
  export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
  export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" \
         XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" RDV_SESSION_DIR="$tmp"
  unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
  set +e
  dbus-run-session -- "$0" "$@"
  rc=$?
  # Portals started on demand may leave a FUSE mount ($XDG_RUNTIME_DIR/doc) behind.
  grep -o " $tmp/[^ ]*" /proc/mounts 2>/dev/null | while read -r m; do umount -l "$m" 2>/dev/null || fusermount -uz "$m" 2>/dev/null || true; done
  rm -rf "$tmp"
  exit $rc
fi

# --- inside the private session bus ---------------------------------------------------------
pids=()
cleanup() { local i; for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done; }
trap cleanup EXIT

exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$RDV_SESSION_DIR/xvfb.log" 2>&1 &
pids+=($!)
read -r -t 20 display_no <&3 || { echo "desktop-session: Xvfb did not start" >&2; cat "$RDV_SESSION_DIR/xvfb.log" >&2; exit 1; }
exec 3>&-
export DISPLAY=":$display_no"
# Services the bus starts on demand (portals, a11y) must see the display too.
dbus-update-activation-environment DISPLAY XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME HOME 2>/dev/null || true

# Creates the login keyring on first use and unlocks it; prints nothing with XDG_RUNTIME_DIR set.
printf %s "rdv-session-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null

dunst >"$RDV_SESSION_DIR/dunst.log" 2>&1 &
pids+=($!)

wait_for_name() {
  local name=$1 i
  for i in $(seq 1 200); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.NameHasOwner "string:$name" 2>/dev/null | grep -q 'boolean true'; then
      return 0
    fi
    sleep 0.05
  done
  echo "desktop-session: $name never appeared on the session bus" >&2
  return 1
}
wait_for_name org.freedesktop.Notifications
wait_for_name org.freedesktop.secrets

echo "desktop-session: DISPLAY=$DISPLAY, keyring unlocked, dunst running" >&2
set +e
"$@"
rc=$?
exit $rc
