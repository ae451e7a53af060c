from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningGroupConfig(AppConfig):
    name = "learninggroup"
    verbose_name = _("Learning group")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications.registry import register_kind

        from .services import INVITATION_KIND, build_invitation_mail, invitation_sent

        register_kind(INVITATION_KIND, label=_("Invitation"), build=build_invitation_mail, on_sent=invitation_sent)
