from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningGroupConfig(AppConfig):
    name = "learninggroup"
    verbose_name = _("Learning group")
    default_auto_field = "django.db.models.BigAutoField"
    notification_kinds = "learninggroup.services.NOTIFICATION_KINDS"
