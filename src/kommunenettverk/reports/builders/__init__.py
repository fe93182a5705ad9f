"""What goes into each report: plain data gathered through the other apps' selectors, so the
HTML, PDF and XLSX versions show the same numbers. One module per report; the network and
national reports share the section types of `types`."""

from __future__ import annotations

from kommunenettverk.reports.builders.municipality import MunicipalityReport, municipality_report
from kommunenettverk.reports.builders.national import NATIONAL_SECTIONS, national_report
from kommunenettverk.reports.builders.network import NETWORK_SECTIONS, network_report
from kommunenettverk.reports.builders.types import (
    Cell,
    Chart,
    Progress,
    Section,
    SectionedReport,
    Table,
)

__all__ = [
    "NATIONAL_SECTIONS",
    "NETWORK_SECTIONS",
    "Cell",
    "Chart",
    "MunicipalityReport",
    "Progress",
    "Section",
    "SectionedReport",
    "Table",
    "municipality_report",
    "national_report",
    "network_report",
]
