"""The cohort names the roles that must use two-factor authentication, instead of a yes/no for organizers and
judges. Existing choices are kept: a cohort that required it keeps organizers and judges, one that did not
requires nobody (its organizers can add facilitators on the settings page)."""

from django.db import migrations, models

OLD_ROLES = ["organizer", "judge"]


def forwards(apps, schema_editor):
    Cohort = apps.get_model("learninggroup", "Cohort")
    Cohort.objects.filter(require_mfa=True).update(mfa_roles=OLD_ROLES)


def backwards(apps, schema_editor):
    Cohort = apps.get_model("learninggroup", "Cohort")
    for cohort in Cohort.objects.all():
        cohort.require_mfa = bool(set(cohort.mfa_roles or []) & set(OLD_ROLES))
        cohort.save(update_fields=["require_mfa"])


class Migration(migrations.Migration):
    dependencies = [("learninggroup", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="mfa_roles",
            field=models.JSONField(
                blank=True, default=list, verbose_name="roles that must use two-factor authentication"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="cohort", name="require_mfa"),
    ]
