"""The key pages of the foundation. Other apps add their key pages in their own bench module."""

from __future__ import annotations

from bench.core import PageBench

PAGES = [
    PageBench("Forside", "/"),
    PageBench("Kommuneoversikt", "/kommuner/"),
    PageBench("Kommunesøk", "/kommuner/?q=berg&fylke="),
    PageBench("Kommuneprofil (Bodø)", "/kommuner/1804/"),
    PageBench("Fylke (Nordland)", "/kommuner/fylker/18/"),
    PageBench("Fylker og regioner", "/kommuner/fylker/"),
    PageBench("Min side", "/konto/min-side/", as_user="koordinator.bodo@demo.kommunenettverk.no"),
]
