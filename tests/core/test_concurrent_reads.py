"""`core.concurrent_reads`: reads on several PostgreSQL connections see one snapshot, in the caller's
context; inside a transaction, or on SQLite, they run serially on the caller's connection."""

from __future__ import annotations

import threading

import psycopg
import pytest
from django.db import connection

from spets.core import concurrent_reads
from spets.core.models import Organisation
from spets.core.scoping import is_unscoped, unscoped


def _count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Organisation._meta.db_table}")
        return cursor.fetchone()[0]


def test_serially_inside_a_transaction(db):
    """A test's rows are uncommitted: other connections would not see them, so the reads stay here."""
    Organisation.objects.create(slug="egen", name="Egen")
    assert not concurrent_reads.possible()
    ids = concurrent_reads.read_concurrently([lambda: id(connection), lambda: id(connection), _count])
    assert ids[0] == ids[1] == id(connection)
    assert ids[2] == Organisation.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several connections need PostgreSQL")
def test_one_snapshot_for_every_connection(transactional_db):
    """A row committed by someone else while the reads run is seen by none of them."""
    before = Organisation.objects.count()
    committed = threading.Event()
    settings = connection.settings_dict

    def write_meanwhile() -> tuple[int, bool]:
        with psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"] or "postgres",
            dbname=settings["NAME"],
            autocommit=True,
        ) as other:
            other.execute(
                f"INSERT INTO {Organisation._meta.db_table} (slug, name, town, description_sv, "
                "description_en, county_id, in_programme) VALUES ('ny', 'Ny', '', '', '', NULL, false)"
            )
        committed.set()
        return _count(), is_unscoped()

    def read_after() -> tuple[int, int]:
        assert committed.wait(30)
        return _count(), threading.get_ident()

    with unscoped():
        assert concurrent_reads.possible()
        (seen_by_writer, unscoped_there), (seen_after, thread) = concurrent_reads.read_concurrently(
            [write_meanwhile, read_after]
        )
    assert seen_by_writer == seen_after == before  # the snapshot taken before the insert
    assert unscoped_there  # the caller's context travels with each read
    assert thread != threading.get_ident()
    assert Organisation.objects.count() == before + 1  # the row is there afterwards
