"""`kubesandbox serve`: the app in a web browser, through textual-serve (the optional `web` extra).

textual-serve starts one app process per browser tab, so each tab gets its own sandbox: its
own cluster, clock and history, gone when the tab closes. It has no authentication, so the
server binds to localhost unless told otherwise, and says what binding elsewhere means.
"""

from __future__ import annotations

import shlex
import sys

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8000
INSTALL_HINT = "kubesandbox serve needs the web extra: pip install 'kubesandbox[web]'"


def serve(host: str, port: int) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"kubesandbox: {INSTALL_HINT}", file=sys.stderr)
        return 2
    if host not in LOCAL_HOSTS:
        print(f"kubesandbox: warning: serving on {host}: textual-serve has no authentication, so anyone who can "
              "reach this address can open a sandbox, and each browser tab starts a process on this machine",
              file=sys.stderr)
    command = shlex.join([sys.executable, "-m", "sandbox"])
    Server(command, host=host, port=port, title="KubeSandbox").serve()
    return 0
