"""An exporter for the tests: writes `chunks` known blocks slowly, reporting progress after each."""

import os
import shutil
import time

from exports.base import BatchExporter, Exporter, ExportReport

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


class SlowBatches(BatchExporter):
    """The same blocks, split in batches of two: a part file per batch, joined in order by the assembly.

    Options: `chunks`, `delay`, `fail_once` (the batch holding this key fails on its first try) and
    `fail_always` (the batch holding this key fails every time)."""

    identifier = "test-slow-batches"
    verbose_name = "느린 시험용 분할 내보내기"
    extension = "txt"
    content_type = "text/plain; charset=utf-8"
    permission = "exports.export_contest"
    batch_size = 2

    def plan(self, subject):
        return list(range(int(subject.options.get("chunks", 6))))

    def write_part(self, subject, keys, folder, progress):
        delay = float(subject.options.get("delay", 0))
        if subject.options.get("fail_always") in keys:
            raise RuntimeError("this batch always fails")
        once = subject.options.get("fail_once")
        if once in keys:
            marker = os.path.join(os.path.dirname(folder), f"failed-once-{once}")
            if not os.path.exists(marker):
                open(marker, "w").close()
                raise RuntimeError("this batch fails once")
        with open(os.path.join(folder, "part.txt"), "wb") as out:
            for n, _key in enumerate(keys, start=1):
                out.write(BLOCK)
                out.flush()
                progress(n, len(keys))
                time.sleep(delay)
        return ExportReport(items=len(keys))

    def assemble(self, subject, folders, out, progress):
        for n, folder in enumerate(folders, start=1):
            with open(os.path.join(folder, "part.txt"), "rb") as part:
                shutil.copyfileobj(part, out)
            progress(n, len(folders))
        return ExportReport(notes=["조각을 모았습니다."])
