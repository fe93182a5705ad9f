"""Form helpers shared by every app: Designsystemet classes and accessible error wiring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DsFormMixin:
    """Give every widget Designsystemet's class and wire errors to inputs for screen readers.

    Templates render fields with `core/_field.html`, which relies on the ids set here.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_prefix = getattr(self, "add_prefix")  # noqa: B009 - defined by the Form we mix into
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "ds-input")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{add_prefix(name)}_help"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]  # mixed into a Form, which defines it
        errors: dict[str, Any] = getattr(self, "_errors", None) or {}
        add_prefix = getattr(self, "add_prefix")  # noqa: B009
        for name in errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = (
                    f"{described} id_{add_prefix(name)}_error".strip()
                )


class PickerCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes for a list that can be long (examples, indicators, organisations): a plain
    form without JavaScript; `core/_field.html` puts them in a scrollable fieldset with a
    filter box that `core/picker.js` shows and wires (hides the options that do not match)."""


def form_add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has that
    field, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
