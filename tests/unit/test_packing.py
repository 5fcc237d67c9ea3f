"""Mixed-radix packing and the symmetry canonical form, derived from the declared fields."""
import itertools

from hintcheck.floor import Packer, Symmetry
from hintcheck.floor.interpret import successors
from hintcheck.model.registry import load_spec


def _model(pages=2, policy="lazy"):
    return load_spec("reference").build(policy, {"pages": pages})


def test_pack_is_injective_and_unpack_inverts_it_on_reachable_states():
    m = _model()
    packer = Packer(m)
    seen, frontier = {packer.pack(m.init()): m.init()}, [m.init()]
    while frontier:
        state = frontier.pop()
        for _, nxt in successors(m, state):
            key = packer.pack(nxt)
            if key in seen:
                assert seen[key] == nxt, "two states share a key"
                continue
            assert packer.unpack(key) == nxt
            seen[key] = nxt
            frontier.append(nxt)
    assert len(seen) == 10560      # every reachable state of lazy, N = 2


def test_state_space_size_is_the_product_of_declared_domains():
    m = _model(pages=2)
    # 7 per-page fields: 5 bits and 2 tokens, per page; phase 3; round R + 1 = 3
    assert Packer(m).space == (2 ** 5 * 3 ** 2) ** 2 * 3 * 3


def test_canonical_form_is_the_sorted_per_page_rows():
    m = _model(pages=3)
    canon = Symmetry(m)
    s = m.init().set(alloc=(1, 0, 1), data=(2, 0, 1), hint=(0, 1, 0))
    c = canon(s)
    assert (c.alloc, c.data, c.hint) == ((0, 1, 1), (0, 1, 2), (1, 0, 0))
    for perm in itertools.permutations(range(3)):
        p = s.set(**{f: tuple(getattr(s, f)[i] for i in perm)
                     for f in ("alloc", "data", "hint", "pend", "dirty", "tosend", "dest")})
        assert canon(p) == c
