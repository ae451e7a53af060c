from django.contrib import admin

from .models import Certificate, CertificateSettings, ExportDownload, ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "cohort", "exporter", "status", "progress_done", "progress_total", "requested_at"]
    list_filter = ["status", "exporter"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]


@admin.register(ExportDownload)
class ExportDownloadAdmin(admin.ModelAdmin):
    list_display = ["downloaded_at", "user_email", "exporter", "reason", "ip_address"]
    readonly_fields = [f.name for f in ExportDownload._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "cohort", "issued_on", "revoked_at"]
    readonly_fields = [f.name for f in Certificate._meta.fields]


admin.site.register(CertificateSettings)
