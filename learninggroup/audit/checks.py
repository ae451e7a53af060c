from django.conf import settings
from django.core.checks import Error, register

MINIMUM_RETENTION_DAYS = 730  # two years (개인정보의 안전성 확보조치 기준 제8조); the database trigger's floor too


@register()
def access_log_retention(app_configs, **kwargs):
    days = getattr(settings, "ACCESS_LOG_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)
    if days < MINIMUM_RETENTION_DAYS:
        return [
            Error(
                f"ACCESS_LOG_RETENTION_DAYS is {days}; the access log must be kept at least two years "
                f"({MINIMUM_RETENTION_DAYS} days).",
                id="audit.E001",
            )
        ]
    return []
