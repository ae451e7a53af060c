from django.contrib import admin

from .models import PurgeRun, RetentionPolicy


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "dry_run", "trigger"]
    list_filter = ["dry_run", "trigger"]
    readonly_fields = ["started_at", "finished_at", "dry_run", "trigger", "report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["cohort", "months_after_end", "purged_at"]
    readonly_fields = ["purged_at", "updated_by"]
