"""Import recipes: how one source's files are read (layout, columns, filters, sums,
indicator), saved once and chosen by name on the import page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kommunenettverk.indicators.models import ImportRecipe
from kommunenettverk.indicators.services.imports import FileOptions
from kommunenettverk.indicators.tabular import TabularError

RECIPE_FIELDS = (
    "name",
    "source",
    "description",
    "indicator",
    "layout",
    "sheet",
    "area_column",
    "county_column",
    "period_column",
    "value_column",
    "indicator_column",
    "status_column",
    "flag_column",
    "flags",
    "filters",
    "sums",
    "value_columns",
    "source_url",
    "catalogue_code",
)


# ColumnMapping's names → the recipe's fields, for refusals that name the field.
_MAPPING_FIELDS = {
    "area": "area_column",
    "period": "period_column",
    "value": "value_column",
    "indicator": "indicator",
    "value_columns": "value_columns",
    "flags": "flags",
    "layout": "layout",
}


@transaction.atomic
def import_recipe_save(*, recipe: ImportRecipe | None = None, **values: Any) -> ImportRecipe:
    """Create or change a recipe. Refused (ValidationError, naming the field) when the
    recipe would not describe a file the readers can read: e.g. a long layout without the
    value column, or no indicator. The caller has checked indicators.manage_recipes."""
    recipe = recipe or ImportRecipe()
    for name in RECIPE_FIELDS:
        if name in values:
            setattr(recipe, name, values[name])
    recipe.full_clean()
    try:
        FileOptions.from_dict(recipe.file_options()).column_mapping()
    except TabularError as error:
        field = _MAPPING_FIELDS.get(error.field or "", "layout")
        raise ValidationError({field: str(error)}) from None
    recipe.save()
    return recipe
