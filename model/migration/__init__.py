"""The migration component: pre-copy with a two-layer dirty log (see precopy.py)."""
from hintcheck.model.migration.precopy import (BIT, MIGRATION_PARAMS, PHASE, ROUND, Phase, log_store, migration_actions,
                                               migrated, running)

__all__ = ["BIT", "MIGRATION_PARAMS", "PHASE", "ROUND", "Phase", "log_store", "migration_actions", "migrated", "running"]
