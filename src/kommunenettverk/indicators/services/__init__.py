"""Writes of the indicators app, one module per job:

- `imports`: `indicator_file_import` (one table from file kind to reader) and the long-rows
  import every reader feeds, values other apps count themselves, the SSB PxWebApi fetch;
  `validation` and `bulk` are its vectorised checks and its bulk SQL;
- `analytics`: the stored analytics (read → compute with indicators.stats → replace);
- `goals`: goals' indicators, baselines and targets;
- `jobs`: the web upload's background import job (preview, import, undo);
- `recipes`: saved import recipes (how to read one source's files).

Callers import from here; the names below are the public API.
"""

from __future__ import annotations

from kommunenettverk.indicators.services.analytics import indicator_results_refresh
from kommunenettverk.indicators.services.goals import goal_indicator_delete, goal_indicator_save
from kommunenettverk.indicators.services.imports import (
    FileKind,
    FileOptions,
    ImportRefused,
    ImportReport,
    OwnIndicator,
    Progress,
    RejectedRow,
    indicator_file_import,
    indicator_values_import,
    indicator_values_import_jsonstat,
    indicator_values_restore,
    jsonstat_rows,
    own_indicator_values_record,
    ssb_fetch,
)
from kommunenettverk.indicators.services.jobs import (
    ImportJobRefused,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_run,
    import_job_undo,
)
from kommunenettverk.indicators.services.recipes import import_recipe_save

__all__ = [
    "FileKind",
    "FileOptions",
    "ImportJobRefused",
    "ImportRefused",
    "ImportReport",
    "OwnIndicator",
    "Progress",
    "RejectedRow",
    "goal_indicator_delete",
    "goal_indicator_save",
    "import_job_cancel",
    "import_job_confirm",
    "import_job_create",
    "import_job_run",
    "import_job_undo",
    "import_recipe_save",
    "indicator_file_import",
    "indicator_results_refresh",
    "indicator_values_import",
    "indicator_values_import_jsonstat",
    "indicator_values_restore",
    "jsonstat_rows",
    "own_indicator_values_record",
    "ssb_fetch",
]
