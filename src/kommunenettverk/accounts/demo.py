"""Demo users for every role (clearly demo data: addresses under demo.kommunenettverk.no)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import forget_roles
from kommunenettverk.registry.models import County, KsRegion, Municipality

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - documented demo password, demo data only
DEMO_DOMAIN = "demo.kommunenettverk.no"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role | None
    scope: str  # "" = nation, "region:<code>", "municipality:<number>", "county:<number>"
    organisation: str = ""
    staff: bool = False


DEMO_USERS = [
    DemoUser("admin", "Ada Administrator", None, "", staff=True),
    DemoUser("nasjonal", "Nora Nasjonal", Role.NATIONAL_COORDINATOR, "", "KS"),
    DemoUser("radgiver.nord", "Rune Rådgiver", Role.REGIONAL_ADVISER, "region:nord", "KS"),
    DemoUser("radgiver.vest", "Vera Vestland", Role.REGIONAL_ADVISER, "region:vest", "KS"),
    DemoUser(
        "koordinator.bodo",
        "Kari Koordinator",
        Role.MUNICIPAL_COORDINATOR,
        "municipality:1804",
        "Bodø kommune",
    ),
    DemoUser(
        "koordinator.voss",
        "Knut Koordinator",
        Role.MUNICIPAL_COORDINATOR,
        "municipality:4621",
        "Voss herad",
    ),
    DemoUser(
        "deltaker.bodo", "Dina Deltaker", Role.PARTICIPANT, "municipality:1804", "Bodø kommune"
    ),
    DemoUser("stat", "Sverre Stat", Role.STATE_REPRESENTATIVE, "", "Klima- og miljødepartementet"),
    DemoUser("partner", "Pia Partner", Role.PARTNER, "", "Idébanken"),
]

DEMO_ORGANISATIONS = [
    ("KS", Organisation.Kind.KS, "971032146", None),
    ("Klima- og miljødepartementet", Organisation.Kind.MINISTRY, "972417858", None),
    ("Idébanken", Organisation.Kind.PARTNER, "", None),
    ("Bodø kommune", Organisation.Kind.MUNICIPALITY, "", "1804"),
    ("Voss herad", Organisation.Kind.MUNICIPALITY, "", "4621"),
]


def _scope(spec: str) -> KsRegion | County | Municipality | None:
    if not spec:
        return None
    kind, key = spec.split(":")
    if kind == "region":
        return KsRegion.objects.get(code=key)
    if kind == "county":
        return County.objects.get(number=key)
    return Municipality.objects.get(number=key)


@transaction.atomic
def demo_accounts_load() -> list[DemoUser]:
    """Create (or refresh) the demo organisations and users. Idempotent."""
    from django.contrib.contenttypes.models import ContentType

    organisations = {}
    for name, kind, org_number, municipality in DEMO_ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "org_number": org_number,
                "municipality": Municipality.objects.get(number=municipality)
                if municipality
                else None,
            },
        )
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            email=f"{demo.email}@{DEMO_DOMAIN}",
            defaults={
                "full_name": demo.full_name,
                "is_staff": demo.staff,
                "is_superuser": demo.staff,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if demo.role is None:
            continue
        scope = _scope(demo.scope)
        RoleAssignment.objects.update_or_create(
            user=user,
            role=demo.role,
            scope_type=ContentType.objects.get_for_model(scope) if scope else None,
            scope_id=scope.pk if scope else None,
            defaults={"organisation": organisations.get(demo.organisation)},
        )
        forget_roles(user)
    return DEMO_USERS


@transaction.atomic
def demo_invitation_load() -> None:
    """One person invited to a role who has not set a password yet, so the roles page of
    Sortland shows "Ikke tatt i bruk ennå" and its resend button. Idempotent."""
    from kommunenettverk.accounts.services import role_give

    email = f"solveig.eide@{DEMO_DOMAIN}"
    if User.objects.filter(email=email).exists():
        return
    role_give(
        email=email,
        full_name="Solveig Eide",
        role=Role.MUNICIPAL_COORDINATOR,
        scope=Municipality.objects.get(number="1870"),
        by=User.objects.get(email=f"radgiver.nord@{DEMO_DOMAIN}"),
    )
