"""Existing text made what new input is: NFC everywhere, single-line fields on one line (learninggroup.text)."""

from django.db import migrations

from learninggroup.text import normalize_table


def normalize(apps, schema_editor):
    for model in apps.get_app_config("learning_sessions").get_models():
        normalize_table(model)


class Migration(migrations.Migration):
    dependencies = [("learning_sessions", "0003_move_deliveries_to_notifications")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop, elidable=True)]
