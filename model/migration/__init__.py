"""The migration component: pre-copy with a two-layer dirty log (see precopy.py)."""
from hintcheck.model.migration.precopy import (BIT, MIGRATION_FAIRNESS, MIGRATION_MEASURES, MIGRATION_PARAMS, PHASE, ROUND, Phase, log_store,
                                               may_sync_again, migration_actions, migration_hooks, migrated, next_round_number, notify, running,
                                               sends_cost)

__all__ = ["BIT", "MIGRATION_FAIRNESS", "MIGRATION_MEASURES", "MIGRATION_PARAMS", "PHASE", "ROUND", "Phase", "log_store", "may_sync_again",
           "migration_actions", "migration_hooks", "migrated", "next_round_number", "notify", "running", "sends_cost"]
