"""`{{ text|mark:part }}`: the text with the first occurrence of `part` wrapped in <mark>, both escaped."""

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter
def mark(text, part):
    text, part = str(text or ""), str(part or "")
    if not part or part not in text:
        return conditional_escape(text)
    before, _, after = text.partition(part)
    return format_html("{}<mark>{}</mark>{}", before, part, after)
