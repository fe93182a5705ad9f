from __future__ import annotations

import pytest

from kommunenettverk.ideabank.demo import DEMO_COUNT, demo_ideabank_load
from kommunenettverk.ideabank.models import Example, Theme
from kommunenettverk.ideabank.selectors import example_search

pytestmark = pytest.mark.django_db


def test_demo_examples_cover_themes_statuses_and_are_labelled(registry: None) -> None:
    assert demo_ideabank_load() == DEMO_COUNT
    assert demo_ideabank_load() == DEMO_COUNT  # idempotent
    examples = Example.objects.all()
    assert examples.count() == DEMO_COUNT and not examples.filter(is_demo=False).exists()
    assert set(examples.values_list("status", flat=True)) == set(Example.Status.values)
    themes = {code for codes in examples.values_list("themes", flat=True) for code in codes}
    assert themes == set(Theme.values)
    assert examples.values("municipality").distinct().count() > 60
    assert example_search(query="klimaplanen").total > 0
