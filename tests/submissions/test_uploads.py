"""The streaming upload handler: counts, hashes and sniffs chunk by chunk, and stops early."""

import hashlib

import pytest
from django.core.files.uploadhandler import StopUpload

from submissions import samples
from submissions.sniffing import ZipLimits
from submissions.uploads import AttachmentUploadHandler, UploadLimits

LIMITS = UploadLimits(max_bytes=1000, video_max_bytes=5000, quota_bytes=10_000, max_files=5, zip=ZipLimits())


def feed(handler, name, chunks):
    handler.new_file("file", name, "application/octet-stream", None)
    start = 0
    for chunk in chunks:
        handler.receive_data_chunk(chunk, start)
        start += len(chunk)
    return handler.file_complete(start)


def test_a_file_is_hashed_while_it_streams():
    pdf = samples.pdf(["x"])[:900]
    handler = AttachmentUploadHandler(limits=LIMITS)

    uploaded = feed(handler, "a.pdf", [pdf[:100], pdf[100:]])

    assert uploaded.sha256 == hashlib.sha256(pdf).hexdigest()
    assert uploaded.size == len(pdf)
    assert handler.problem == ""
    uploaded.close()


def test_counting_chunks_stops_an_oversize_file_and_deletes_the_partial_file():
    handler = AttachmentUploadHandler(limits=LIMITS)

    with pytest.raises(StopUpload) as stopped:
        feed(handler, "a.pdf", [b"%PDF-1.4" + b"\0" * 600, b"\0" * 600])

    assert stopped.value.connection_reset is False  # the rest is read and dropped; the person gets a message
    assert handler.problem == "파일이 너무 큽니다. 이 유형은 최대 0.0 MB까지 올릴 수 있습니다."
    assert handler.file.closed


def test_the_video_limit_applies_to_mp4():
    handler = AttachmentUploadHandler(limits=LIMITS)

    uploaded = feed(handler, "demo.mp4", [samples.mp4_head() + b"\0" * 3000])

    assert uploaded.size == 3024
    uploaded.close()


def test_a_renamed_program_is_stopped_at_the_first_chunk():
    handler = AttachmentUploadHandler(limits=LIMITS)

    with pytest.raises(StopUpload):
        feed(handler, "보고서.pdf", [b"MZ\x90\x00" + b"\0" * 60, b"never read"])

    assert handler.problem == "이 파일은 문서가 아니라 프로그램(Windows program)이어서 거부했습니다."


def test_one_file_per_request():
    handler = AttachmentUploadHandler(limits=LIMITS)
    feed(handler, "a.png", [samples.chat_screenshot(width=4, height=4)]).close()

    with pytest.raises(StopUpload):
        handler.new_file("file", "b.png", "image/png", None)

    assert handler.problem == "파일은 한 번에 하나씩 올려 주세요."


def test_an_oversize_request_is_answered_without_reading_the_body():
    handler = AttachmentUploadHandler(limits=LIMITS)

    post, files = handler.handle_raw_input(None, {}, 5000 + 1024 * 1024 + 1, b"xyz")

    assert (dict(post), dict(files)) == ({}, {})
    assert handler.problem == "파일이 너무 큽니다. 최대 0.0 MB까지 올릴 수 있습니다."
    assert handler.handle_raw_input(None, {}, 100, b"xyz") is None
