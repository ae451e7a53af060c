from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The learning sessions. The label avoids django.contrib.sessions' "sessions"."""

    name = "sessions"
    label = "learning_sessions"
    verbose_name = _("Sessions")
    default_auto_field = "django.db.models.BigAutoField"
    demo_part = "sessions.demo"
    home_cards = ("sessions.home.next_session_card",)
    notification_kinds = "sessions.services.reminders.NOTIFICATION_KINDS"
