"""Migrations-only shell of the former `dialogue` app (issue 13).

Its models moved to `kommunenettverk.community` (citizens, proposals, consultations,
volunteering, partners) and `kommunenettverk.policy` (policy input to the state). The app stays
installed only so that its recorded migrations 0001–0003 remain in the migration graph: the
new apps' first migrations depend on them and take over the tables of a database made before
the split, and `0004_models_moved` removes the models from this app's migration state. It
holds no models, views or other code; do not add any.
"""
