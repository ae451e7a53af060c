"""Existing text made what new input is: NFC everywhere, single-line fields on one line (learninggroup.text)."""

from django.db import migrations

from learninggroup.text import normalize_table


def normalize(apps, schema_editor):
    for model in apps.get_app_config("learninggroup").get_models():
        normalize_table(model)


class Migration(migrations.Migration):
    dependencies = [("learninggroup", "0004_optional_consent")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop, elidable=True)]
