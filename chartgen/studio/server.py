"""Host, port and whether to open a browser -> the studio served by uvicorn until Ctrl-C."""

from __future__ import annotations

import ipaddress
import sys
import threading
import webbrowser

LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(*, host: str, port: int, open_browser: bool) -> int:
    """Serve the studio on host:port; open the default browser at it once it listens. Returns the exit status."""
    import uvicorn

    from chartgen.studio.app import WILDCARD_HOSTS, create_app, host_names

    if not is_loopback(host):
        names = ", ".join(host_names(host))
        print(f"chartgen: warning: the studio answers other machines that reach it at {names} (port {port}), not "
              "only this one; anyone on that network can make charts with it", file=sys.stderr)
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host.strip("[]")
    address = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"  # an IPv6 address in brackets
    config = uvicorn.Config(create_app(hosts=(host,)), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    if open_browser:
        def open_when_ready() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                webbrowser.open(address)
        threading.Thread(target=open_when_ready, daemon=True).start()
    print(f"chartgen studio: {address}  (Ctrl-C to stop)", file=sys.stderr)
    server.run()
    return 0
