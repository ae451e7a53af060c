"""Differences between two versions of a submission, for people to read. Pure functions.

The result is data (rows of equal, deleted and inserted lines), never HTML: the templates render it
and Django escapes every piece of it, so text that people wrote cannot inject markup.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    op: str  # "equal", "delete", "insert", "skip" (unchanged lines left out)
    text: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    before: str
    after: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def line_diff(before: str, after: str, *, context: int | None = None) -> list[Line]:
    """Lines of `before` and `after` with what was deleted and inserted. With `context`, unchanged lines
    farther than that from a change are left out, each run of them replaced by one "skip" line."""
    a = (before or "").splitlines()
    b = (after or "").splitlines()
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            lines.extend(Line("equal", text) for text in a[i1:i2])
        else:
            lines.extend(Line("delete", text) for text in a[i1:i2])
            lines.extend(Line("insert", text) for text in b[j1:j2])
    if context is None:
        return lines
    changes = [index for index, line in enumerate(lines) if line.op != "equal"]
    keep = {k for index in changes for k in range(index - context, index + context + 1)}
    trimmed: list[Line] = []
    for index, line in enumerate(lines):
        if line.op != "equal" or index in keep:
            trimmed.append(line)
        elif not trimmed or trimmed[-1].op != "skip":
            trimmed.append(Line("skip", ""))
    return trimmed


def fields_diff(before: dict[str, str], after: dict[str, str], names: tuple[str, ...]) -> list[FieldDiff]:
    """The fields among `names` whose value differs, each with its line diff."""
    result = []
    for name in names:
        old, new = before.get(name, "") or "", after.get(name, "") or ""
        if old != new:
            result.append(FieldDiff(name, old, new, line_diff(old, new, context=2)))
    return result


@dataclass(frozen=True)
class AttachmentChange:
    op: str  # "added", "removed", "changed" (same kind and name, other content), "same"
    kind: str
    name: str
    sha256: str
    size: int
    old_sha256: str = ""


def attachments_diff(before: list[dict], after: list[dict]) -> list[AttachmentChange]:
    """What happened to the attachment lists of two snapshots ({name, sha256, size, kind} each)."""
    old = {(item["kind"], item["name"]): item for item in before}
    new = {(item["kind"], item["name"]): item for item in after}
    changes = []
    for key, item in new.items():
        previous = old.get(key)
        if previous is None:
            changes.append(AttachmentChange("added", item["kind"], item["name"], item["sha256"], item["size"]))
        elif previous["sha256"] != item["sha256"]:
            changes.append(
                AttachmentChange(
                    "changed", item["kind"], item["name"], item["sha256"], item["size"], previous["sha256"]
                )
            )
        else:
            changes.append(AttachmentChange("same", item["kind"], item["name"], item["sha256"], item["size"]))
    for key, item in old.items():
        if key not in new:
            changes.append(AttachmentChange("removed", item["kind"], item["name"], item["sha256"], item["size"]))
    order = {"changed": 0, "added": 1, "removed": 2, "same": 3}
    return sorted(changes, key=lambda change: (order[change.op], change.kind, change.name))
