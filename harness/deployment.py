"""The reference deployment (deploy/igg4rd.nginx.conf, README 'Deployment') started on this
machine: Debian's nginx in front of two clinic-mode replicas on one database; and a registry of
many patients to serve. Shared by the deployment test (tests/e2e/test_deploy.py) and the
benchmarks of a clinic's registry (bench/registry.py, bench/sessions.py)."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

from harness.streamlit_browser import ROOT, free_port, streamlit_process, wait_healthy
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REGISTRY_CHUNK = 5000  # patients written a transaction while building a registry


def nginx_config(folder: Path, port: int, replicas: list[str]) -> Path:
    """deploy/igg4rd.nginx.conf with these ports, in a main config that runs nginx in the
    foreground as one process, its files under `folder`."""
    site = (ROOT / "deploy" / "igg4rd.nginx.conf").read_text()
    site = site.replace("127.0.0.1:8501", replicas[0]).replace("127.0.0.1:8502", replicas[1])
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (folder / "igg4rd.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(f"""
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/igg4rd.conf;
}}
""")
    return main


@contextmanager
def two_replicas(today: str, database_url: str, password: str, folder: Path
                 ) -> Iterator[tuple[str, dict[str, subprocess.Popen]]]:
    """nginx's URL and {replica address: its process}: two clinic-mode replicas of the app on
    `database_url` (one cookie secret), behind nginx (its files in `folder`)."""
    env = {"IGG4RD_DATABASE_URL": database_url, "IGG4RD_CLINIC_PASSWORD": password,
           "STREAMLIT_SERVER_COOKIE_SECRET": "the same secret on every replica"}
    with ExitStack() as stack:
        replicas = {}
        for _ in range(2):
            process, replica = stack.enter_context(streamlit_process(today, env=env))
            replicas[replica.removeprefix("http://")] = process
        port = free_port()
        config = nginx_config(folder, port, list(replicas))
        proxy = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        stack.callback(proxy.wait, 10)
        stack.callback(proxy.terminate)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proxy, 30)
        yield url, replicas


def registry_id(index: int) -> str:
    return f"p{index:06d}"


def build_registry(url: str, size: int, today: str) -> None:
    """A registry of `size` patients at `url`: the synthetic demo patients again and again under
    other ids (patient i is demo patient i modulo their number); kept if already that size."""
    store = Store.open(url)[0]
    if store.active_count() == size:
        return
    demo = demo_patients(date.fromisoformat(today))
    for first in range(0, size, REGISTRY_CHUNK):
        store.import_patients([demo[i % len(demo)].model_copy(
            update={"id": registry_id(i), "synthetic": False})
            for i in range(first, min(size, first + REGISTRY_CHUNK))], "bench")
