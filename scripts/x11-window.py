#!/usr/bin/python3
"""Acts on a top-level X11 window by title, as a window manager would (for the e2e tests).

  x11-window.py state TITLE   prints "viewable", "unmapped" or "missing"
  x11-window.py list TITLE    prints each such window: id, _NET_WM_PID, map state
  x11-window.py close TITLE   sends WM_DELETE_WINDOW, exactly what a title-bar close button does
"""
import sys

from Xlib import X, display, protocol


def find(d, title):
    found = []

    def walk(win):
        try:
            name = win.get_wm_name()
            children = win.query_tree().children
        except Exception:  # the window went away while we looked
            return
        if name == title:
            found.append(win)
        for child in children:
            walk(child)

    walk(d.screen().root)
    return found


def main():
    action, title = sys.argv[1], sys.argv[2]
    d = display.Display()
    wins = find(d, title)
    if action == "state":
        states = {w.get_attributes().map_state for w in wins}
        print("viewable" if X.IsViewable in states else "unmapped" if wins else "missing")
    elif action == "list":
        pid_atom = d.intern_atom("_NET_WM_PID")
        for w in wins:
            prop = w.get_full_property(pid_atom, X.AnyPropertyType)
            pid = prop.value[0] if prop else "?"
            state = {X.IsViewable: "viewable", X.IsUnmapped: "unmapped"}.get(w.get_attributes().map_state, "unviewable")
            print(f"0x{w.id:x} pid={pid} {state}")
    elif action == "close":
        if not wins:
            sys.exit(f"no window titled {title!r}")
        proto = d.intern_atom("WM_PROTOCOLS")
        delete = d.intern_atom("WM_DELETE_WINDOW")
        for w in wins:
            ev = protocol.event.ClientMessage(window=w, client_type=proto, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
            w.send_event(ev)
        d.flush()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
