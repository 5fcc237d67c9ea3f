"""The hotplug model: sizing arithmetic, compiled successors, the resize-count table."""
import pytest

from hintcheck.explore import explore
from hintcheck.floor import Budget
from hintcheck.model.hotplug.sizing import guest_target, host_default_shift
from hintcheck.model.hotplug.state import Kind
from hintcheck.model.registry import load_spec
from hintcheck.runner import worst_case

SPEC = load_spec("hotplug")


def test_sizing_reproduces_the_seed_numbers():
    """Bharata's 8 GiB guest boots at shift 26; after 1 GiB is added a 64 KiB guest asks for 24."""
    assert host_default_shift(8 << 30) == 26
    assert guest_target(36, 16) == 24           # 9 GiB in 256 MiB LMBs
    assert guest_target(32, 16) == 23
    assert guest_target(32, 12) == 27           # a 4 KiB-page guest wants one order above QEMU's
    assert guest_target(1, 16) == 18            # the architected minimum


@pytest.mark.parametrize("policy", sorted(SPEC.policies))
def test_every_policy_compiles_to_straight_line_successors(policy):
    model = SPEC.build(policy)
    for prop in (p for p in model.properties if p.kind != "liveness"):
        result = explore(model, prop, Budget(keep_going=True))
        assert result.stats.extra["successors"] == "compiled", result.stats.extra


# Worst resizes in one batch, per policy (the 710 s vs 21 s of seed 002 as a count).
FIRST_ADD = {"per-lmb-hysteresis": 8, "no-shrink-on-add": 0, "batched": 0, "gibson": 1}
FIRST_REMOVE = {"per-lmb-hysteresis": 8, "no-shrink-on-add": 8, "batched": 2, "gibson": 1}


@pytest.mark.parametrize("kind,table", [(Kind.ADD, FIRST_ADD), (Kind.REMOVE, FIRST_REMOVE)])
def test_resize_count_table_for_the_first_batch_of_eight_lmbs(kind, table):
    got = {}
    for policy in table:
        row = worst_case(SPEC.build(policy, {"batches": 1}), "resizes", [("kind", int(kind))], Budget())
        assert row["verdict"] == "holds"
        got[policy] = row["worst"]
        assert sum(st.startswith(("resize_ok", "shrink_fails")) for st in row["steps"]) == row["worst"]
    assert got == table


# Seed 002, patch 2/3: "Adding 256G to a 2GB guest ... will require 8 HPT resizes" (grows,
# one per doubling of memory; a 4 KiB-page guest, so that no shrink is asked for).
GROW_256G = {"per-lmb-hysteresis": 8, "no-shrink-on-add": 8, "batched": 1, "gibson": 1}


def test_adding_256g_to_a_2g_guest_in_2g_lmbs_grows_once_per_doubling_per_lmb():
    params = {"page_shift": 12, "boot": 1, "lmb_shift": 31, "lmbs": 128, "batches": 1}
    got = {p: worst_case(SPEC.build(p, params), "resizes", [("kind", int(Kind.ADD))], Budget())["worst"]
           for p in GROW_256G}
    assert got == GROW_256G


def test_the_per_lmb_worst_case_is_one_failed_shrink_per_added_lmb():
    row = worst_case(SPEC.build("per-lmb-hysteresis", {"batches": 1}), "resizes",
                     [("kind", int(Kind.ADD))], Budget())
    assert row["steps"][0] == "request_add(last=7)"
    assert row["steps"].count("shrink_fails()") == 7 and row["steps"][-1] == "resize_ok()"
