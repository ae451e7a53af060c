from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """A claimed row whose lease passed belongs to a run that died; the next run sends it again."""

    list_display = ("kind", "recipient", "cohort", "state", "attempts", "updated_at", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("key", "message_id", "recipient__email")
    raw_id_fields = ("recipient", "cohort")
