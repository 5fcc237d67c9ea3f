"""The migration component: pre-copy with a two-layer dirty log and postcopy (precopy.py), and the same
step by step with notifiers apart from syncs (stages.py)."""
from hintcheck.model.migration.precopy import (BIT, MIGRATION_FAIRNESS, MIGRATION_MEASURES, MIGRATION_PARAMS, PC, PHASE,
                                               ROUND, Phase, log_store, may_sync_again, migrated, migration_actions,
                                               migration_hooks, next_round_number, notify, postcopy_present, running,
                                               sends_cost)

__all__ = ["BIT", "MIGRATION_FAIRNESS", "MIGRATION_MEASURES", "MIGRATION_PARAMS", "PC", "PHASE", "ROUND", "Phase",
           "log_store", "may_sync_again", "migrated", "migration_actions", "migration_hooks", "next_round_number",
           "notify", "postcopy_present", "running", "sends_cost"]
