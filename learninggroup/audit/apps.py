from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks  # noqa: F401 -- registers the retention check


class AuditConfig(AppConfig):
    name = "learninggroup.audit"
    label = "audit"
    verbose_name = _("Personal-data access log")
    default_auto_field = "django.db.models.BigAutoField"
