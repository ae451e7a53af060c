"""Existing text made what new input is: NFC everywhere, single-line fields on one line (learninggroup.text)."""

from django.db import migrations

from learninggroup.text import normalize_table


def normalize(apps, schema_editor):
    for model in apps.get_app_config("teams").get_models():
        normalize_table(model)


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_preferences_formation_log")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop, elidable=True)]
