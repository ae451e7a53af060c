"""The results table's rows: up to a thousand of them, built in one pass (a Django template would resolve some
13,000 variables one by one, which costs more than computing the results themselves)."""

from __future__ import annotations

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def result_rows(context, results) -> str:
    request = context["request"]
    contest = results.contest
    action = escape(reverse("award_assign", args=[contest.cohort_id, contest.pk]))
    token = escape(get_token(request))
    differ = escape(_("raw and adjusted ranks differ"))
    missing_label = escape(_("missing:"))
    award_label = escape(_("Award"))
    set_label = escape(_("Set"))
    levels = [(level.pk, escape(level.name)) for level in results.award_levels]
    out = []
    for row in results.rows:
        entry = row.entry
        title = format_html('{}. {} <span class="muted small">{}</span>', entry.number, entry.title, entry.team_name)
        if row.rank_changed:
            title += format_html(' <span class="badge badge-wait" title="{}">≠</span>', differ)
        if row.missing:
            title += format_html('<br><span class="muted small">{} {}</span>', missing_label, ", ".join(row.missing))
        award = ""
        if row.award_form:
            current = row.award.level_id if row.award else None
            options = "".join(
                f'<option value="{pk}"{" selected" if pk == current else ""}>{name}</option>' for pk, name in levels
            )
            award = (
                f'<form method="post" action="{action}" class="award-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<input type="hidden" name="entry" value="{entry.pk}">'
                f'<label class="visually-hidden" for="award-{entry.pk}">{award_label}</label>'
                f'<select name="level" id="award-{entry.pk}"><option value="">—</option>{options}</select>'
                f'<button type="submit" class="small">{set_label}</button></form>'
            )
        elif row.award:
            award = escape(row.award.name)
        opening = '<tr class="rank-changed">' if row.rank_changed else "<tr>"
        out.append(
            f"{opening}"
            f'<td class="num">{row.rank_text}</td><td>{title}</td>'
            f'<td class="num">{row.raw_text}</td><td class="num">{row.adjusted_text}</td>'
            f'<td class="num">{row.raw_rank or "—"}</td><td class="num">{row.adjusted_rank or "—"}</td>'
            f'<td class="num">{row.ratings}</td><td class="num">{row.median_text}</td>'
            f'<td class="num">{row.spread_text}</td><td class="num">{row.std_text}</td><td>{award}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 -- every user-written value above is escaped
