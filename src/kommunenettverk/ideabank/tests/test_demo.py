from __future__ import annotations

import pytest

from kommunenettverk.ideabank.demo import DEMO_COUNT, demo_ideabank_load
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.selectors import example_search
from kommunenettverk.programmes.models import ThemeCode as Theme

pytestmark = pytest.mark.django_db


def test_demo_examples_cover_themes_statuses_and_are_labelled(registry: None) -> None:
    from kommunenettverk.accounts.demo import demo_accounts_load

    demo_accounts_load()  # the national coordinator reviews without the networks' advisers
    total = DEMO_COUNT + 2  # plus Bodø's guaranteed example in review and draft
    assert demo_ideabank_load() == total
    assert demo_ideabank_load() == total  # idempotent
    examples = Example.objects.all()
    assert examples.count() == total and not examples.filter(is_demo=False).exists()
    bodo = set(examples.filter(municipality__number="1804").values_list("status", flat=True))
    assert bodo == set(Example.Status.values)
    assert set(examples.values_list("status", flat=True)) == set(Example.Status.values)
    themes = {code for codes in examples.values_list("themes", flat=True) for code in codes}
    assert themes == set(Theme.values)
    # Distinct cases, each written once, in its own municipality (not one template swapped).
    assert DEMO_COUNT >= 30
    assert examples.values("title").distinct().count() == total
    assert examples.values("municipality").distinct().count() == DEMO_COUNT
    assert example_search(query="klimaplanen").total > 0


def test_demo_links_examples_to_networks_and_projects(registry: None) -> None:
    from kommunenettverk.accounts.demo import demo_accounts_load
    from kommunenettverk.networks.demo import demo_networks_load

    demo_accounts_load()
    demo_networks_load()
    demo_ideabank_load()
    linked = Example.objects.filter(network__isnull=False)
    assert linked.filter(network__slug="helse-og-miljo-salten", status="published").exists()
    assert linked.filter(development_project__isnull=False, status="published").exists()
    for example in linked.select_related("development_project"):
        project = example.development_project
        assert project is None or project.network_id == example.network_id
