"""Serving a stored attachment: only after the caller's permission check, through the private-file helper."""

from django.conf import settings

from learninggroup.files import private_file_response


def attachment_response(attachment):
    """The download of one attachment (its original name, type and size; X-Accel-Redirect behind nginx)."""
    return private_file_response(
        storage=attachment.file.storage,
        name=attachment.file.name,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        x_accel_prefix=settings.SUBMISSION_X_ACCEL_PREFIX,
    )
