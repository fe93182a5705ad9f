from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.ideabank.models import Example, SizeBand
from kommunenettverk.ideabank.services import ExampleData
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import County, KsRegion, Municipality


class SearchForm(DsFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk i eksemplene"), required=False, max_length=200)
    tema = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle temaer")), *Theme.choices]
    )
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    storrelse = forms.ChoiceField(
        label=_("Kommunestørrelse"),
        required=False,
        choices=[("", _("Alle størrelser")), *SizeBand.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county_field = self.fields["fylke"]
        assert isinstance(county_field, forms.ChoiceField)
        county_field.choices = [("", _("Alle fylker"))] + [
            (c.number, c.name) for c in County.objects.filter(valid_to__isnull=True)
        ]


class ProjectChoiceField(forms.ModelChoiceField[DevelopmentProject]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.network.name}: {obj.title}"


class ExampleReferenceField(forms.CharField):
    """A published example named by its number or by a link to its page
    (…/idebank/eksempler/123/)."""

    def clean(self, value: Any) -> Example | None:
        raw = super().clean(value)
        if not raw:
            return None
        match = re.fullmatch(r"\s*(?:.*/eksempler/)?(\d{1,9})/?\s*", raw)
        example = (
            Example.objects.published()
            .select_related("municipality")
            .filter(pk=int(match.group(1)))
            .first()
            if match
            else None
        )
        if example is None:
            raise ValidationError(
                _("Fant ikke et publisert eksempel med nummer eller lenke «%(value)s».")
                % {"value": raw}
            )
        return example


def _what_changed_field() -> forms.CharField:
    return forms.CharField(
        label=_("Hva dere endret"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva dere gjorde annerledes enn kommunen dere tok det fra."),
    )


class ExampleForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    summary = forms.CharField(
        label=_("Sammendrag"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("To–tre setninger som vises i søkeresultater."),
    )
    body = forms.CharField(
        label=_("Beskrivelse"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Hva dere gjorde og hvordan. Markdown: **fet**, *kursiv*, lister med -, "
            "lenker [tekst](https://…). HTML vises som tekst."
        ),
    )
    results = forms.CharField(
        label=_("Resultater"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    themes = forms.MultipleChoiceField(
        label=_("Temaer"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("Stikkord"),
        required=False,
        max_length=500,
        help_text=_("Skill med komma, for eksempel: sykkel, skolevei."),
    )
    links = forms.CharField(
        label=_("Lenker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én per linje: Lenketekst | https://adresse"),
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    show_contact_name = forms.BooleanField(label=_("Vis navnet offentlig"), required=False)
    contact_email = forms.EmailField(label=_("E-post til kontaktperson"), required=False)
    show_contact_email = forms.BooleanField(label=_("Vis e-postadressen offentlig"), required=False)
    contact_phone = forms.CharField(
        label=_("Telefon til kontaktperson"), required=False, max_length=30
    )
    show_contact_phone = forms.BooleanField(
        label=_("Vis telefonnummeret offentlig"), required=False
    )
    network = forms.ModelChoiceField(
        label=_("Nettverk"),
        required=False,
        queryset=Network.objects.none(),
        empty_label=_("Ikke knyttet til et nettverk"),
        help_text=_("Nettverket eksempelet kom ut av. Eksempelet vises på nettverkets side."),
    )
    development_project = ProjectChoiceField(
        label=_("Utviklingsprosjekt"),
        required=False,
        queryset=DevelopmentProject.objects.none(),
        empty_label=_("Ikke knyttet til et prosjekt"),
        help_text=_("Prosjektet må høre til nettverket, og kommunen må være med i det."),
    )
    origin = ExampleReferenceField(
        label=_("Bygger på eksempel"),
        required=False,
        max_length=300,
        help_text=_(
            "Nummeret på eller lenken til et publisert eksempel fra en annen kommune som dere "
            "har tatt etter."
        ),
    )
    what_changed = _what_changed_field()

    def __init__(self, *args: Any, municipalities: Any = None, **kwargs: Any) -> None:
        """`municipalities`: the municipalities the example may belong to; the network and
        project choices are those they take or took part in."""
        super().__init__(*args, **kwargs)
        self.fields["themes"].widget.attrs["class"] = "ds-input"
        network_field = self.fields["network"]
        project_field = self.fields["development_project"]
        assert isinstance(network_field, forms.ModelChoiceField)
        assert isinstance(project_field, forms.ModelChoiceField)
        if municipalities is not None:
            network_field.queryset = Network.objects.filter(
                memberships__participation__municipality__in=municipalities
            ).distinct()
            project_field.queryset = (
                DevelopmentProject.objects.filter(participations__municipality__in=municipalities)
                .select_related("network")
                .distinct()
            )

    def clean_links(self) -> list[tuple[str, str]]:
        links = []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
            url = url.strip()
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(
                    _("Linje %(n)s: «%(url)s» er ikke en nettadresse som begynner med https://.")
                    % {"n": number, "url": url}
                ) from None
            links.append((title.strip() or url, url))
        return links

    def to_data(self) -> ExampleData:
        data = self.cleaned_data
        return ExampleData(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            results=data["results"],
            themes=list(data["themes"]),
            tags=[t.strip() for t in data["tags"].split(",") if t.strip()],
            links=data["links"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            show_contact_name=data["show_contact_name"],
            show_contact_email=data["show_contact_email"],
            show_contact_phone=data["show_contact_phone"],
            network=data.get("network"),
            development_project=data.get("development_project"),
            origin=data.get("origin"),
            what_changed=data.get("what_changed", ""),
        )

    @staticmethod
    def initial_from(example: Any) -> dict[str, Any]:
        return {
            "title": example.title,
            "summary": example.summary,
            "body": example.body,
            "results": example.results,
            "themes": example.themes,
            "tags": ", ".join(example.tags),
            "links": "\n".join(f"{link.title} | {link.url}" for link in example.links.all()),
            "contact_name": example.contact_name,
            "contact_email": example.contact_email,
            "contact_phone": example.contact_phone,
            "show_contact_name": example.show_contact_name,
            "show_contact_email": example.show_contact_email,
            "show_contact_phone": example.show_contact_phone,
            "network": example.network_id,
            "development_project": example.development_project_id,
            **(
                {"origin": str(adoption.origin_id), "what_changed": adoption.what_changed}
                if (adoption := example.adopted_from.first())
                else {}
            ),
        }


class MunicipalityChoiceForm(DsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = municipalities


class AttachmentForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel på vedlegget"), required=False, max_length=200)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, bilde (PNG, JPEG, GIF) eller kontordokument, høyst 10 MB."),
    )


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", "submit"), ("publish", "publish"), ("return", "return")]
    )
    comment = forms.CharField(required=False, max_length=2000)


class SubscriptionForm(DsFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-postadresse"))
    region = forms.ModelChoiceField(
        label=_("KS-region"),
        queryset=KsRegion.objects.all(),
        empty_label=None,
        to_field_name="code",
    )
    theme = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle temaer")), *Theme.choices]
    )


class NeighbourLookupForm(DsFormMixin, forms.Form):
    kommune = forms.ChoiceField(label=_("Kommune"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kommune"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (m.number, m.name_nb) for m in Municipality.objects.current().order_by("name_nb")
        ]


class GoalChoiceField(forms.ModelChoiceField[Goal]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.municipality.name_nb}: {obj.statement}"


class AdoptForm(DsFormMixin, forms.Form):
    """ "Bruk dette eksempelet": a new measure in one of the coordinator's goals."""

    goal = GoalChoiceField(
        label=_("Mål tiltaket skal høre til"), queryset=Goal.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Tiltak"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    dimension = forms.ChoiceField(label=_("Dimensjon"), choices=Measure.Dimension.choices)
    year = forms.IntegerField(label=_("År tatt i bruk"), min_value=1990, max_value=2100)
    what_changed = _what_changed_field()

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = goals


class AdoptionAddForm(DsFormMixin, forms.Form):
    """Record that an existing measure was taken from an example."""

    origin = ExampleReferenceField(
        label=_("Eksempel tiltaket er tatt fra"),
        max_length=300,
        help_text=_("Nummeret på eller lenken til eksempelet i idébanken."),
    )
    year = forms.IntegerField(label=_("År tatt i bruk"), min_value=1990, max_value=2100)
    what_changed = _what_changed_field()


class SimilarForm(forms.Form):
    title = forms.CharField(required=False, max_length=200)
    summary = forms.CharField(required=False, max_length=600)
    similar_example = forms.IntegerField(required=False, min_value=1)
