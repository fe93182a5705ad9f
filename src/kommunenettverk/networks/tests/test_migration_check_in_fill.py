"""Migration 0009 gives every registration that existed before check-in codes its own code.
It was only ever run on empty databases; here it runs on rows: the test migrates networks back
to 0008 (codes nullable, no uniqueness), empties the codes of registrations in two gatherings,
runs 0009 and checks each has a code of the right alphabet and length, unique per gathering,
then migrates forward to the latest state (0010 adds the unique constraint, which must hold).
It leaves the database fully migrated."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kommunenettverk.networks import services
from kommunenettverk.networks.models import CHECK_IN_ALPHABET, CHECK_IN_LENGTH, Registration
from kommunenettverk.networks.tests.factories import make_gathering, nord_network

BEFORE = [("networks", "0008_gathering_close_out")]
FILL = [("networks", "0009_registration_check_in_fill")]


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_0009_gives_existing_registrations_unique_codes(registry: None) -> None:
    network = nord_network(size=4)
    gatherings = [make_gathering(network, days=10), make_gathering(network, days=40)]
    people = []
    for gathering in gatherings:
        for invitation in gathering.invitations.select_related("participation"):
            for i, role in enumerate(("elected", "manager", "professional")):
                people.append(
                    services.registration_add(
                        gathering=gathering,
                        by=None,
                        participation=invitation.participation,
                        name=f"Person {i}",
                        role=role,
                    )
                )
    assert len(people) == 2 * 4 * 3
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE networks_registration SET check_in_code = NULL")
            cursor.execute("SELECT COUNT(*) FROM networks_registration WHERE check_in_code IS NULL")
            assert cursor.fetchone()[0] == len(people)
        _migrate(FILL)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, gathering_id, check_in_code FROM networks_registration")
            rows = cursor.fetchall()
    finally:
        _migrate()
    assert len(rows) == len(people)
    codes = [code for _pk, _gathering, code in rows]
    assert all(
        code is not None and len(code) == CHECK_IN_LENGTH and set(code) <= set(CHECK_IN_ALPHABET)
        for code in codes
    )
    per_gathering = {(gathering, code) for _pk, gathering, code in rows}
    assert len(per_gathering) == len(rows)  # unique within each gathering
    assert len(set(codes)) > len(rows) // 2  # drawn at random, not one code for all
    # The codes survive the forward migrations and check people in.
    stored = {r.pk: r.check_in_code for r in Registration.objects.all()}
    assert stored == {pk: code for pk, _gathering, code in rows}
