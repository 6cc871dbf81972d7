"""PostgreSQL only: a trigram index for the register's name search.

The search asks `UPPER(name) LIKE UPPER('%fragment%')` (Django's icontains); a B-tree cannot answer a
substring, a pg_trgm GIN index on the same expression can. pg_trgm is a trusted extension (PostgreSQL 13+),
so a database owner may create it; when that is refused the migration still succeeds, logs a warning, and
the search works as before (a sequential scan of the company table). SQLite has no such index: nothing to do.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger("spets.companies")

INDEX = "companies_company_name_trgm"


def create_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:  # savepoint
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON companies_company "
                           "USING gin ((UPPER(name::text)) gin_trgm_ops)")
    except Exception as exc:  # noqa: BLE001 - privileges or a missing contrib package: search still works
        log.warning("company name search without a trigram index (pg_trgm unavailable: %s); "
                    "substring search reads the whole company table", exc)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("companies", "0003_support_work")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False)]
