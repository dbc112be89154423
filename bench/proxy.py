"""The deploy recipe's reverse proxy, run on loopback: Debian's nginx with deploy/nginx's snippets in
front of the processes given (tests/test_proxy.py and the benchmark's phone rows)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from bench import browser
from ntm import config

NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"  # deploy/nginx's snippets use it
DEPLOY = config.PROJECT_ROOT / "deploy" / "nginx"
START_SECONDS = 30


def available() -> bool:
    return Path(NGINX).exists() and Path(BROTLI_MODULE).exists()


@contextlib.contextmanager
def nginx(folder: Path, upstreams: list[str], ready: tuple[str, bytes]) -> Iterator[str]:
    """nginx on a free loopback port with deploy/nginx's snippets, balancing ``upstreams`` (their
    host:port) as the upstream lists the production processes; its base URL once ``ready`` (a path
    and how its answer starts) answers through it."""
    folder.mkdir(parents=True, exist_ok=True)
    snippets = folder / "snippets"
    shutil.copytree(DEPLOY / "snippets", snippets)
    upstream = snippets / "ntm-dashboard-http.conf"
    text = re.sub(r"(?m)^(\s*)server 127\.0\.0\.1:\d+( .*;)\n", "", upstream.read_text())
    servers = "".join(f"    server {address} max_fails=1 fail_timeout=5s;\n" for address in upstreams)
    text = text.replace("    keepalive", servers + "    keepalive")
    upstream.write_text(text.replace("/var/cache/nginx/ntm-dashboard", str(folder / "cache")))
    port = browser.free_port()
    temporary = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temporary}
    include snippets/ntm-dashboard-http.conf;
    server {{
        listen 127.0.0.1:{port};
        access_log {folder / "access.log"} ntm_upstream;
        include snippets/ntm-dashboard-server.conf;
    }}
}}
""")
    # Relative includes are read beside nginx.conf; Debian's modules from its own prefix.
    command = [NGINX, "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if checked.returncode:
        raise RuntimeError(f"nginx -t refused the configuration: {checked.stderr}")
    process = subprocess.Popen(command)
    url = f"http://127.0.0.1:{port}"
    try:
        browser.wait_ready(url, process, ready, START_SECONDS)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
