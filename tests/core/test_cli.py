"""The `spets` command."""

import socket

import pytest
from django.core.management.base import CommandError

from spets import cli
from spets.core.server import ensure_port_free


def test_help_lists_the_commands(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "migrate", "createadmin", "load-demo", "check"):
        assert command in out


def test_a_port_in_use_gives_a_clear_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"port {port} on 127.0.0.1 is already in use"):
            ensure_port_free("127.0.0.1", port)


@pytest.mark.django_db
def test_load_demo_command_is_idempotent(capsys):
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
