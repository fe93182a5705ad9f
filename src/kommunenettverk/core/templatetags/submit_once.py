"""`{% submit_once_token %}`: the hidden one-time token of a create form (`core.submissions`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kommunenettverk.core.submissions import FIELD, submit_once_token_new

register = template.Library()


@register.simple_tag(takes_context=True)
def submit_once_token(context: dict[str, Any]) -> SafeString:
    request = context.get("request")
    posted = str(request.POST.get(FIELD, "")) if request is not None else ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, posted or submit_once_token_new()
    )
