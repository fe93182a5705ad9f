from __future__ import annotations

from typing import Any

from django import forms

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.notifications.models import Frequency
from kommunenettverk.notifications.selectors import PreferenceRow


class NoticePreferencesForm(DsFormMixin, forms.Form):
    """One choice (now, daily digest, never) per registered kind of notice."""

    def __init__(self, *args: Any, rows: list[PreferenceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.kind.key] = forms.ChoiceField(
                label=str(row.kind.label),
                choices=Frequency.choices,
                initial=row.delivery,
                widget=forms.RadioSelect,
            )
