from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")
    default_auto_field = "django.db.models.BigAutoField"
    demo_part = "submissions.demo"
    home_cards = ("submissions.home.submission_card",)
    team_panels = ("submissions.home.team_submission_panel",)
    calendar_deadlines = ("submissions.selectors.deadlines_for_user",)
    notification_kinds = "submissions.services.reminders.NOTIFICATION_KINDS"
