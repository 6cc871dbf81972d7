"""Run the WSGI app under gunicorn (used by `spets demo` and `spets serve`)."""

from __future__ import annotations

import errno
import socket

from django.core.management.base import CommandError


def ensure_port_free(host: str, port: int) -> None:
    """Fail with a clear message if something already listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} on {host} is already in use; stop the other program or "
                    f"choose another port with --port"
                ) from None
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def run(host: str, port: int, workers: int, threads: int, jobs_in_process: bool = False) -> None:
    """Serve; with `jobs_in_process` (demo mode) each server process also runs one background-job worker
    thread, so the demo needs no `spets worker` beside it."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    application = get_wsgi_application()  # settings are set up: `spets serve` is a command

    class SpetsServer(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 120,
                "control_socket_disable": True,  # gunicorn ≥ 25 would leave gunicorn.ctl in $HOME
            }.items():
                self.cfg.set(key, value)
            if jobs_in_process:  # after the fork: a thread does not survive one
                self.cfg.set("post_worker_init", _start_job_worker)
                self.cfg.set("worker_exit", _stop_job_worker)

        def load(self):
            return application

    connections.close_all()  # never share a database connection across the fork
    SpetsServer().run()


_job_worker = {}


def _start_job_worker(server_worker) -> None:
    from spets.core import worker

    _job_worker["in_process"] = worker.InProcess()


def _stop_job_worker(server, server_worker) -> None:
    if in_process := _job_worker.pop("in_process", None):
        in_process.close()  # before the interpreter ends: no thread left inside a database call
