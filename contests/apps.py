from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")
    default_auto_field = "django.db.models.BigAutoField"
    demo_part = "contests.demo"
    home_cards = ("contests.home.judging_card",)
    team_panels = ("contests.home.team_awards_panel",)
    calendar_deadlines = ("contests.home.judging_deadlines",)
    notification_kinds = "contests.reminders.NOTIFICATION_KINDS"
    personal_data = "contests.personal_data"
