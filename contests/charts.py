"""Server-rendered SVG charts of a round's results: plain data in, an SVG string out, no ORM.

* `judge_distribution_svg`: one row per judge on a 0–100 axis: the judge's scores as dots (a strip plot,
  while the chart has at most 600 scores), a box from the first to the third quartile with the median,
  whiskers from the lowest to the highest score, and the estimated leniency with its number of ratings.
* `ranking_svg`: the ranking, best first: per entry a bar from the lowest to the highest judge's total,
  a ring at the raw mean and a diamond at the adjusted score. At most `top` entries are drawn (the chart
  says how many there are), so 1,000 entries cost no more than 30.

The SVG is accessible (`role="img"`, `<title>` and `<desc>` referenced by `aria-labelledby`, a `<title>`
tooltip on every mark), every text is escaped, and there are no scripts and no `style` attributes (only
presentation attributes such as `fill`, which a strict Content-Security-Policy allows).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from contests.scoring import EntryResult, ScoreRow

WIDTH = 720
LABEL_WIDTH = 230
RIGHT_WIDTH = 90
ROW_HEIGHT = 26
TOP = 44
BOTTOM = 34
FONT = "NanumGothic, 'Noto Sans KR', sans-serif"
FONT_SIZE = 12
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
BOX = "#c7d7f5"
BAR = "#cbd5e1"
RAW = "#1d4ed8"
ADJUSTED = "#b45309"
# Scores are drawn as dots while the chart has at most this many; beyond it only boxes and whiskers.
MAX_DOTS = 600
TOP_ENTRIES = 30


def _number(value: float) -> str:
    return f"{value:.1f}"


def _coordinate(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit_label(text: str, width: float) -> str:
    """Cut a label so it fits `width` pixels (wide characters count as one em, others as about half)."""
    budget = width / FONT_SIZE
    used = 0.0
    for index, char in enumerate(text):
        used += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.58
        if used > budget:
            return text[: max(0, index - 1)] + "…"
    return text


class _Svg:
    def __init__(self, *, height: float, title: str, desc: str, id_prefix: str, low: int = 0) -> None:
        self.parts: list[str] = []
        self.low = low
        prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "chart"
        self.parts.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_coordinate(height)}" '
            f'width="100%" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
            f'font-family="{escape(FONT)}" font-size="{FONT_SIZE}" fill="{INK}">'
            f'<title id="{prefix}-title">{escape(title)}</title>'
            f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
        )

    def x(self, value: float) -> float:
        """The horizontal position of a score on the axis from `low` to 100."""
        share = (min(max(value, self.low), 100.0) - self.low) / (100.0 - self.low)
        return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT_WIDTH) * share

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, content: str, **attributes: str) -> None:
        extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items())
        self.add(f'<text x="{_coordinate(x)}" y="{_coordinate(y)}"{extra}>{escape(content)}</text>')

    def render(self) -> SafeString:
        return mark_safe("".join([*self.parts, "</svg>"]))  # noqa: S308 -- every text and attribute is escaped


def _axis_start(values: Iterable[float]) -> int:
    """Where the 0–100 axis starts: a multiple of 10 a little below the lowest value (0 when there is none),
    so scores that all lie between 60 and 95 get the width they need."""
    lowest = min(values, default=0.0)
    return max(0, min(80, 10 * math.floor((lowest - 2) / 10)))


def _axis(svg: _Svg, *, top: float, bottom: float) -> None:
    step = 10 if svg.low >= 40 else 20
    for tick in range(100, svg.low - 1, -step):
        x = _coordinate(svg.x(tick))
        svg.add(f'<line x1="{x}" y1="{_coordinate(top)}" x2="{x}" y2="{_coordinate(bottom)}" stroke="{GRID}"/>')
        svg.text(svg.x(tick), bottom + 16, str(tick), text_anchor="middle", fill=MUTED)


def judge_distribution_svg(
    rows: Iterable[ScoreRow],
    *,
    labels: Mapping[int, str] | None = None,
    effects: Mapping[int, tuple[float, int]] | None = None,
    title: str | None = None,
    desc: str | None = None,
    id_prefix: str = "judge-chart",
) -> SafeString:
    """Each judge's totals on the 0–100 scale, one row per judge (in the order of `labels`, else by id).

    `labels` maps a judge id to the name shown (default "Judge <id>"); `effects` maps a judge id to
    (estimated leniency, number of ratings), printed at the right ("+3.2 · 18").
    """
    by_judge: dict[int, list[float]] = {}
    for row in rows:
        by_judge.setdefault(row.judge_id, []).append(float(row.total))
    order = [j for j in (labels or {}) if j in by_judge] + sorted(j for j in by_judge if j not in (labels or {}))
    labels = labels or {}
    effects = effects or {}
    dots = sum(len(v) for v in by_judge.values()) <= MAX_DOTS
    height = TOP + ROW_HEIGHT * max(1, len(order)) + BOTTOM
    svg = _Svg(
        height=height,
        title=title or gettext("Scores per judge"),
        desc=desc
        or gettext(
            "For each judge, the totals they gave on a 0–100 scale: dots for the scores, a box from the first "
            "to the third quartile with the median, lines to the lowest and highest score, and the estimated "
            "leniency with the number of ratings."
        ),
        id_prefix=id_prefix,
        low=_axis_start(v for values in by_judge.values() for v in values),
    )
    svg.text(WIDTH - RIGHT_WIDTH + 8, TOP - 14, gettext("leniency · n"), fill=MUTED)
    _axis(svg, top=TOP - 6, bottom=TOP + ROW_HEIGHT * max(1, len(order)))
    if not order:
        svg.text(WIDTH / 2, TOP + ROW_HEIGHT / 2 + 4, gettext("No scores yet."), text_anchor="middle", fill=MUTED)
    for index, judge_id in enumerate(order):
        values = np.array(sorted(by_judge[judge_id]))
        middle = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        name = labels.get(judge_id) or gettext("Judge %(id)s") % {"id": judge_id}
        low, q1, median, q3, high = np.percentile(values, [0, 25, 50, 75, 100]).tolist()
        summary = gettext(
            "%(name)s: %(count)d scores, median %(median)s, middle half %(q1)s–%(q3)s, range %(low)s–%(high)s"
        ) % {
            "name": name,
            "count": len(values),
            "median": _number(median),
            "q1": _number(q1),
            "q3": _number(q3),
            "low": _number(low),
            "high": _number(high),
        }
        svg.add(f"<g><title>{escape(summary)}</title>")
        svg.text(LABEL_WIDTH - 8, middle + 4, _fit_label(name, LABEL_WIDTH - 12), text_anchor="end")
        y = _coordinate(middle)
        svg.add(
            f'<line x1="{_coordinate(svg.x(low))}" y1="{y}" x2="{_coordinate(svg.x(high))}" y2="{y}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        svg.add(
            f'<rect x="{_coordinate(svg.x(q1))}" y="{_coordinate(middle - 7)}" '
            f'width="{_coordinate(max(svg.x(q3) - svg.x(q1), 1.0))}" height="14" fill="{BOX}" stroke="{RAW}"/>'
        )
        svg.add(
            f'<line x1="{_coordinate(svg.x(median))}" y1="{_coordinate(middle - 7)}" '
            f'x2="{_coordinate(svg.x(median))}" y2="{_coordinate(middle + 7)}" stroke="{RAW}" stroke-width="2"/>'
        )
        if dots:
            for value in values.tolist():
                svg.add(f'<circle cx="{_coordinate(svg.x(value))}" cy="{y}" r="2.5" fill="{INK}" fill-opacity="0.55"/>')
        svg.add("</g>")
        if judge_id in effects:
            effect, count = effects[judge_id]
            svg.text(WIDTH - RIGHT_WIDTH + 8, middle + 4, f"{effect:+.1f} · {count}")
    return svg.render()


def ranking_svg(
    entries: Sequence[EntryResult],
    *,
    order: Sequence[int] | None = None,
    labels: Mapping[int, str] | None = None,
    ranks: Mapping[int, int | None] | None = None,
    top: int = TOP_ENTRIES,
    title: str | None = None,
    desc: str | None = None,
    id_prefix: str = "ranking-chart",
) -> SafeString:
    """The ranking with each entry's spread, best first, at most `top` entries.

    `order` lists entry ids best first (default: by adjusted score, else raw mean); `labels` maps an entry
    id to its name (default "Entry <id>"); `ranks` the place printed before the name.
    """
    by_id = {e.entry_id: e for e in entries if e.raw is not None}
    if order is None:
        order = sorted(
            by_id,
            key=lambda e: (-(by_id[e].adjusted if by_id[e].adjusted is not None else by_id[e].raw), e),
        )
    shown = [e for e in order if e in by_id][: max(0, top)]
    total = len(by_id)
    labels = labels or {}
    ranks = ranks or {}
    height = TOP + ROW_HEIGHT * max(1, len(shown)) + BOTTOM + (18 if total > len(shown) else 0)
    any_adjusted = any(by_id[e].adjusted is not None for e in shown)
    low = _axis_start(
        [by_id[e].minimum for e in shown] + [by_id[e].adjusted for e in shown if by_id[e].adjusted is not None]
    )
    svg = _Svg(
        height=height,
        title=title or gettext("Ranking with the spread of each entry's scores"),
        desc=desc
        or gettext(
            "For each entry, best first: a bar from the lowest to the highest judge's total (0–100), a ring at "
            "the raw mean and a diamond at the score adjusted for judge leniency."
        ),
        id_prefix=id_prefix,
        low=low,
    )
    # legend
    legend_y = TOP - 22
    svg.add(f'<circle cx="{LABEL_WIDTH}" cy="{legend_y - 4}" r="5" fill="none" stroke="{RAW}" stroke-width="2"/>')
    svg.text(LABEL_WIDTH + 11, legend_y, gettext("raw mean"))
    if any_adjusted:
        svg.add(_diamond(LABEL_WIDTH + 100, legend_y - 4))
        svg.text(LABEL_WIDTH + 108, legend_y, gettext("adjusted"))
    svg.add(f'<rect x="{LABEL_WIDTH + 190}" y="{legend_y - 8}" width="24" height="8" fill="{BAR}"/>')
    svg.text(LABEL_WIDTH + 220, legend_y, gettext("lowest–highest"))
    _axis(svg, top=TOP - 6, bottom=TOP + ROW_HEIGHT * max(1, len(shown)))
    if not shown:
        svg.text(WIDTH / 2, TOP + ROW_HEIGHT / 2 + 4, gettext("No scores yet."), text_anchor="middle", fill=MUTED)
    for index, entry_id in enumerate(shown):
        entry = by_id[entry_id]
        middle = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        name = labels.get(entry_id) or gettext("Entry %(id)s") % {"id": entry_id}
        place = ranks.get(entry_id, index + 1)
        caption = f"{place}. {name}" if place is not None else name
        summary = gettext("%(name)s: mean %(raw)s, range %(low)s–%(high)s, %(count)d ratings") % {
            "name": caption,
            "raw": _number(entry.raw),
            "low": _number(entry.minimum),
            "high": _number(entry.maximum),
            "count": entry.ratings,
        }
        if entry.adjusted is not None:
            summary += " · " + gettext("adjusted %(adjusted)s") % {"adjusted": _number(entry.adjusted)}
        svg.add(f"<g><title>{escape(summary)}</title>")
        svg.text(LABEL_WIDTH - 8, middle + 4, _fit_label(caption, LABEL_WIDTH - 12), text_anchor="end")
        svg.add(
            f'<rect x="{_coordinate(svg.x(entry.minimum))}" y="{_coordinate(middle - 4)}" '
            f'width="{_coordinate(max(svg.x(entry.maximum) - svg.x(entry.minimum), 1.0))}" height="8" fill="{BAR}"/>'
        )
        if entry.adjusted is not None:
            svg.add(_diamond(svg.x(entry.adjusted), middle))
        svg.add(
            f'<circle cx="{_coordinate(svg.x(entry.raw))}" cy="{_coordinate(middle)}" r="5" fill="none" '
            f'stroke="{RAW}" stroke-width="2"/>'
        )
        right = _number(entry.adjusted if entry.adjusted is not None else entry.raw)
        svg.text(WIDTH - RIGHT_WIDTH + 8, middle + 4, right)
        svg.add("</g>")
    if total > len(shown):
        svg.text(
            LABEL_WIDTH,
            height - 6,
            gettext("The first %(shown)d of %(total)d entries.") % {"shown": len(shown), "total": total},
            fill=MUTED,
        )
    return svg.render()


def _diamond(x: float, y: float, size: float = 5.0) -> str:
    points = " ".join(
        f"{_coordinate(px)},{_coordinate(py)}"
        for px, py in ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    )
    return f'<polygon points="{points}" fill="{ADJUSTED}" stroke="#ffffff" stroke-width="1"/>'
