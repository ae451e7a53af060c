"""The one date style as template filters, built into every template (no {% load %} needed):
`value|day` 5월 13일(화), `value|day_time` 5월 13일(화) 19:00, `value|clock` 19:00; the year is added when it is
not the current one."""

from django import template

from .. import dates

register = template.Library()


@register.filter
def day(value):
    return dates.day_label(value) if value else ""


@register.filter
def day_time(value):
    return dates.day_time(value) if value else ""


@register.filter
def clock(value):
    return dates.clock(value) if value else ""
