"""On PostgreSQL the database itself keeps the access log append-only.

UPDATE is refused always; DELETE is refused for rows younger than 730 days (the legal minimum of two
years, which ACCESS_LOG_RETENTION_DAYS may not go below). Whatever connects with the application's role,
through the ORM or raw SQL, cannot rewrite or remove the recent log. TRUNCATE is left to the owner role
(Django's test flush uses it); production grants the application role no TRUNCATE (docs/operations.md).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '730 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_accesslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
