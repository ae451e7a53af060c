from django.contrib import admin

from .models import Attachment, DeadlineExtension, Prompt, Submission, SubmissionRevision, SubmissionSettings


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "cohort", "status", "version", "updated_at", "submitted_at")
    list_filter = ("status", "cohort")
    search_fields = ("title", "team__name")
    raw_id_fields = ("team", "cohort", "updated_by", "submitted_by")


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "submission", "size", "sha256", "created_at", "removed_at")
    list_filter = ("kind",)
    raw_id_fields = ("submission", "uploaded_by", "removed_by")


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ("title", "submission", "consent_to_publish", "pii_flagged", "for_casebook", "casebook_category")
    list_filter = ("for_casebook", "pii_flagged", "consent_to_publish")
    search_fields = ("title", "text")
    raw_id_fields = ("submission", "created_by", "updated_by", "consent_by", "casebook_by")


@admin.register(SubmissionRevision)
class SubmissionRevisionAdmin(admin.ModelAdmin):
    list_display = ("submission", "number", "created_by", "created_at")
    raw_id_fields = ("submission", "created_by", "attachments")


admin.site.register(SubmissionSettings)
admin.site.register(DeadlineExtension)
