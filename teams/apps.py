from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Teams")
    default_auto_field = "django.db.models.BigAutoField"
    demo_part = "teams.demo"
    home_cards = ("teams.home.team_card",)
