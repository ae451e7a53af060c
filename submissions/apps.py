from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications.registry import register_kind

        from .services.reminders import REMINDER_KIND, build_deadline_reminder

        register_kind(REMINDER_KIND, label=_("Submission deadline reminder"), build=build_deadline_reminder)
