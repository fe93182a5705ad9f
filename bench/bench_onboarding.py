"""Moving a programme in (issue 25, item 4): 200 municipalities, 40 networks and 1,000 contact
people from two files (participations as XLSX, networks as CSV), preview included, against the
target of 60 s on this machine. The invitations are only queued in the outbox; nothing is sent
inside the run."""

from __future__ import annotations

import datetime
import time

from bench.core import Result
from bench.size import pick

DEMO = "demo.kommunenettverk.no"
MUNICIPALITIES = pick(200, 20)
NETWORK_SIZE = 5
CONTACTS_PER_MUNICIPALITY = 5  # two coordinators and three participants: 1,000 for 200
ADVISERS = 10
TARGET_SECONDS = 60.0


def _files(programme_name: str) -> tuple[bytes, bytes]:
    from kommunenettverk.networks import onboarding as layout
    from kommunenettverk.registry.models import Municipality

    municipalities = list(
        Municipality.objects.current()
        .select_related("county__ks_region")
        .order_by("county__ks_region__code", "number")[:MUNICIPALITIES]
    )
    participations = []
    for m in municipalities:
        domain = f"bench{m.number}.kommune.no"
        people = [f"Kontakt {i} {m.name_nb} <kontakt{i}@{domain}>" for i in range(1, 6)]
        participations.append(
            {
                layout.PARTICIPANT: m.number,
                layout.PROGRAMME: programme_name,
                layout.STATUS: "Aktiv",
                layout.APPLIED_ON: "2026-01-10",
                layout.APPROVED_ON: "2026-02-01",
                layout.DECISION_BODY: "Kommunestyret",
                layout.DECISION_DATE: "2025-12-11",
                layout.DECISION_CASE: f"2025/{m.number}",
                layout.DECISION_URL: f"https://innsyn.example.no/{m.number}/sak/2025",
                layout.THEMES: "Klima og energi; Arealpolitiske hensyn",
                layout.COORDINATORS: "; ".join(people[:2]),
                layout.PARTICIPANTS: "; ".join(people[2:CONTACTS_PER_MUNICIPALITY]),
            }
        )
    networks = []
    for n, start in enumerate(range(0, len(municipalities), NETWORK_SIZE), start=1):
        members = municipalities[start : start + NETWORK_SIZE]
        adviser = (n - 1) % ADVISERS + 1
        networks.append(
            {
                layout.NAME: f"Benchnettverk {n}",
                layout.PROGRAMME: programme_name,
                layout.ADVISER: f"Rådgiver {adviser} <radgiver{adviser}@bench.ks.no>",
                layout.MEMBERS: "; ".join(m.number for m in members),
                layout.THEMES: "Klima og energi; Arealpolitiske hensyn",
                layout.FROM: "2026-03-01",
            }
        )
    return (
        layout.write_xlsx(layout.PARTICIPATION_COLUMNS, participations, title="Deltakelser"),
        layout.write_csv(layout.NETWORK_COLUMNS, networks),
    )


def run() -> list[Result]:
    from kommunenettverk.accounts.models import User
    from kommunenettverk.networks import onboarding as layout
    from kommunenettverk.networks.services.onboarding import onboarding_import
    from kommunenettverk.notifications.models import Message
    from kommunenettverk.programmes.models import Programme, Theme

    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    programme = Programme.objects.create(
        name=f"Benchmarkprogram {stamp}",
        slug=f"benchmarkprogram-{stamp}",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    programme.themes.set(Theme.objects.filter(slug__in=["climate_energy", "land_use"]))
    participations_file, networks_file = _files(programme.name)
    user = User.objects.get(email=f"nasjonal@{DEMO}")
    queued_before = Message.objects.filter(kind="invitation").count()

    def once(preview: bool) -> tuple[float, str]:
        start = time.perf_counter()
        report = onboarding_import(
            user=user,
            participations=layout.read_table(participations_file, "d.xlsx", "participations"),
            networks=layout.read_table(networks_file, "n.csv", "networks"),
            preview=preview,
        )
        return time.perf_counter() - start, report.summary()

    preview_s, _summary = once(True)
    import_s, summary = once(False)
    total = preview_s + import_s
    sent = Message.objects.filter(kind="invitation").exclude(status=Message.Status.QUEUED)
    queued = Message.objects.filter(kind="invitation").count() - queued_before
    verdict = "innenfor målet" if total <= TARGET_SECONDS else "OVER MÅLET"
    print(
        f"Flytte inn {MUNICIPALITIES} kommuner, {MUNICIPALITIES // NETWORK_SIZE} nettverk, "
        f"{MUNICIPALITIES * CONTACTS_PER_MUNICIPALITY} kontakter: forhåndsvisning "
        f"{preview_s:.1f} s + import {import_s:.1f} s = {total:.1f} s "
        f"(mål ≤ {TARGET_SECONDS:.0f} s, {verdict}); {queued} invitasjoner i kø, "
        f"{sent.count()} sendt under kjøringen. {summary}",
        flush=True,
    )
    return [
        Result("Flytte inn: forhåndsvisning", preview_s * 1000, note=f"  {preview_s:.1f} s"),
        Result(
            "Flytte inn: import", import_s * 1000, note=f"  {import_s:.1f} s (sum {total:.1f} s)"
        ),
    ]
