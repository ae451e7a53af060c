"""Uploads streamed to a temporary file in chunks: size counted, SHA-256 computed and the first bytes
sniffed as they arrive, so an oversize file or a renamed program is refused before it is stored whole.

Memory stays flat whatever the size: each chunk is hashed, written and dropped. A request whose
Content-Length already exceeds the largest limit is refused without reading its body at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from .names import extension_of
from .sniffing import ZipLimits, check_head

MB = 1024 * 1024
HEAD_NEEDED = 16  # bytes before the early signature check (MP4's brand ends at byte 12)
REQUEST_SLACK = MB  # the form's other fields and the multipart framing


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    video_max_bytes: int
    quota_bytes: int
    max_files: int
    zip: ZipLimits

    @classmethod
    def from_settings(cls, overrides=None) -> UploadLimits:
        """The limits in settings, with a cohort's SubmissionSettings overrides where set."""
        max_bytes = settings.SUBMISSION_MAX_BYTES
        video = settings.SUBMISSION_VIDEO_MAX_BYTES
        quota = settings.SUBMISSION_QUOTA_BYTES
        if overrides is not None:
            max_bytes = overrides.max_bytes or max_bytes
            video = overrides.video_max_bytes or video
            quota = overrides.quota_bytes or quota
        return cls(
            max_bytes=max_bytes,
            video_max_bytes=video,
            quota_bytes=quota,
            max_files=settings.SUBMISSION_MAX_FILES,
            zip=ZipLimits(
                max_entries=settings.SUBMISSION_ZIP_MAX_ENTRIES,
                max_total_uncompressed=settings.SUBMISSION_ZIP_MAX_UNCOMPRESSED,
                max_ratio=settings.SUBMISSION_ZIP_MAX_RATIO,
            ),
        )

    def for_kind(self, kind: str) -> int:
        return self.video_max_bytes if kind == "video" else self.max_bytes

    def for_extension(self, extension: str) -> int:
        return self.video_max_bytes if extension == "mp4" else self.max_bytes

    @property
    def request_cap(self) -> int:
        return max(self.max_bytes, self.video_max_bytes) + REQUEST_SLACK


def megabytes(size: int) -> str:
    return f"{size / MB:,.0f}" if size >= 10 * MB else f"{size / MB:,.1f}"


class AttachmentUploadHandler(TemporaryFileUploadHandler):
    """One file per request, into a temporary file (moved, not copied, into file-system storage).

    After parsing, `problem` holds the reason for a refusal (a sentence for the person) or is empty;
    the uploaded file carries `sha256`.
    """

    chunk_size = 256 * 1024

    def __init__(self, request=None, *, limits: UploadLimits):
        super().__init__(request)
        self.limits = limits
        self.problem = ""
        self.files_seen = 0
        self.extension = ""
        self.limit = limits.max_bytes
        self.received = 0
        self.head = b""
        self.digest = None

    def refuse_oversize_request(self, content_length: int) -> bool:
        if content_length > self.limits.request_cap:
            self.problem = _("The file is too large: at most %(limit)s MB.") % {
                "limit": megabytes(self.limits.for_extension("mp4"))
            }
            return True
        return False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self.refuse_oversize_request(content_length):
            return QueryDict(), MultiValueDict()  # the body is never read
        return None

    def _stop(self, problem: str):
        self.problem = problem
        if getattr(self, "file", None) is not None:
            self.file.close()  # a temporary upload file deletes itself on close
        raise StopUpload(connection_reset=False)

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.files_seen += 1
        if self.files_seen > 1:
            self._stop(_("Upload one file at a time."))
        self.extension = extension_of(file_name)
        self.limit = self.limits.for_extension(self.extension)
        content_length = args[1] if len(args) > 1 else kwargs.get("content_length")
        if content_length and content_length > self.limit:
            self._stop(self._too_large())
        # The temporary file takes its suffix from the name after the last dot, which in a long Korean name can
        # pass the 255 bytes a file system allows (OSError, HTTP 500). It is named by the checked extension only;
        # the person's name stays on the upload, to be sanitized and shortened when it is stored.
        super().new_file(field_name, f"upload.{self.extension}" if self.extension else "upload", *args, **kwargs)
        self.file.name = file_name
        self.received = 0
        self.head = b""
        self.digest = hashlib.sha256()

    def _too_large(self) -> str:
        return _("The file is too large: at most %(limit)s MB for this kind of file.") % {
            "limit": megabytes(self.limit)
        }

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop(self._too_large())
        if len(self.head) < HEAD_NEEDED:
            self.head += raw_data[:HEAD_NEEDED]
            if len(self.head) >= HEAD_NEEDED:
                verdict = check_head(self.head, self.extension)
                if verdict is not None:
                    self._stop(verdict.message())
        self.digest.update(raw_data)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        if len(self.head) < HEAD_NEEDED and self.head:
            verdict = check_head(self.head, self.extension)
            if verdict is not None:
                self.problem = verdict.message()
        file = super().file_complete(file_size)
        file.sha256 = self.digest.hexdigest()
        return file
