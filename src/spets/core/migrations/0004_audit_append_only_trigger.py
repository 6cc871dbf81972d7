"""Audit entries are append-only in the database too (PostgreSQL): a trigger refuses UPDATE and DELETE.

Allowed: the GDPR redaction path (spets.core.audit.redact_entries sets `spets.audit_redaction` for its
transaction), a deleted user or organisation set to NULL (the foreign keys' SET_NULL), and restricting an
entry to fewer readers. SQLite has no such guard; the ORM's save()/delete() refuse there as everywhere."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION spets_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF current_setting('spets.audit_redaction', true) = 'on' THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_OP = 'UPDATE'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user_repr = OLD.user_repr
     AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
     AND NEW.object_id = OLD.object_id AND NEW.object_repr = OLD.object_repr
     AND NEW.changes IS NOT DISTINCT FROM OLD.changes
     AND NEW.company_id IS NOT DISTINCT FROM OLD.company_id
     AND (NEW.user_id IS NOT DISTINCT FROM OLD.user_id OR NEW.user_id IS NULL)
     AND (NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id OR NEW.organisation_id IS NULL)
     AND (NEW.restricted = OLD.restricted OR NEW.restricted) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS spets_audit_append_only ON core_auditentry;
CREATE TRIGGER spets_audit_append_only BEFORE UPDATE OR DELETE ON core_auditentry
  FOR EACH ROW EXECUTE FUNCTION spets_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS spets_audit_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS spets_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: the % in RAISE stays as it is
            cursor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [("core", "0003_throttle_count")]

    operations = [migrations.RunPython(create, drop)]
