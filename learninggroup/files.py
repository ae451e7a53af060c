"""Private files (uploads, exports): served only by a view that has checked the permission.

`private_file_response` is the one way such a file leaves the server: with `x_accel_prefix` set
(nginx: an `internal` location) the web server sends it and Django only said yes; otherwise Django
streams it from the storage in blocks. Either way the browser is told to download it, not to render it.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


class StorageReader:
    """A file of the storage, opened when the response is first read (streamed in blocks) and closed by it."""

    def __init__(self, storage, name: str):
        self.storage, self.name, self._file = storage, name, None

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = self.storage.open(self.name, "rb")
        return self._file.read(size)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def private_file_response(
    *, storage, name: str, filename: str, content_type: str, size: int | None = None, x_accel_prefix: str = ""
) -> HttpResponse:
    """The response that sends the stored file `name` as a download called `filename` (404 if it is gone)."""
    if x_accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = x_accel_prefix.rstrip("/") + "/" + quote(name)
    else:
        if not storage.exists(name):
            raise Http404
        response = FileResponse(StorageReader(storage, name), content_type=content_type)
        response["Content-Length"] = str(size if size is not None else storage.size(name))
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
