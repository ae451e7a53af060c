"""An exporter for the tests: writes `chunks` known blocks slowly, reporting progress after each."""

import time

from exports.base import Exporter, ExportReport

BLOCK = "가나다라마바사아자차카타파하\n".encode() * 64


def expected(chunks: int) -> bytes:
    return BLOCK * chunks


class SlowExporter(Exporter):
    identifier = "test-slow"
    verbose_name = "느린 시험용 내보내기"
    extension = "txt"
    content_type = "text/plain; charset=utf-8"
    permission = "exports.export_contest"

    def write(self, subject, out, progress):
        chunks = int(subject.options.get("chunks", 3))
        delay = float(subject.options.get("delay", 0.3))
        if subject.options.get("fail"):
            raise RuntimeError("boom")
        for index in range(chunks):
            out.write(BLOCK)
            out.flush()
            progress(index + 1, chunks)
            time.sleep(delay)
        return ExportReport(items=chunks, notes=["천천히 끝났습니다."])
