#!/usr/bin/python3
"""Acts on a top-level X11 window by title, as a window manager would (for the e2e tests).

  x11-window.py state TITLE   prints "viewable", "unmapped" or "missing"
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
