/*
 * The reference model of ../shared/reference-model.md, transcribed to
 * Promela for SPIN. A benchmark input for the external checkers only: the
 * model hintcheck checks is model/reference/ in Python; this file restates
 * the same transition system so SPIN explores the same states.
 *
 *   spin -a -DN=4 -DPOLICY=1 reference.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan -m100000000
 *
 * N: pages (1..5: ALLSENT and the PAGE list below stop at 5), R: rounds (default 2), POLICY: 0 rfc, 1 undo, 2 lazy.
 *
 * With -DLIVENESS the file adds a never claim for hintcheck's
 * migration_converges under the model's weak fairness (each send, next_round,
 * finish), for SPIN's acceptance-cycle search:
 *
 *   spin -a -DN=3 -DLIVENESS reference.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a -m1000000
 *
 * Each of those actions disables itself when taken, or (next_round) is taken
 * at most R times, so its weak fairness on an infinite run is "infinitely
 * often not enabled": []<> !enabled. The claim is the negation,
 * <> (phase == 1 && [] phase != 2) with every []<> !enabled, as a Buchi
 * automaton written by hand (SPIN's LTL translator does not finish on the
 * formula): it waits for phase == 1, then takes the conditions one after
 * another while phase != 2, passing `accept` after the last. errors: 0 means
 * migration_converges holds; an acceptance cycle is a fair run that never
 * reaches done. Stored states are then product states (system x claim).
 *
 * Every action is one d_step, so the process has one control state and,
 * without the claim, SPIN's stored states are exactly the model's states.
 * `finish` is the only action that can make no_data_loss false (nothing is
 * enabled after it), so the invariant is asserted at its end. `done` is
 * terminal, hence `end:`.
 */
#ifndef N
#define N 3
#endif
#ifndef R
#define R 2
#endif
#ifndef POLICY
#define POLICY 1
#endif

byte alloc[N]; byte data[N]; byte hint[N]; byte pend[N];
byte dirty[N]; byte tosend[N]; byte dest[N];
byte phase; byte round;
hidden byte i;

#define nxt(v)  ((v) == 2 -> 1 : (v) + 1)
#define copy(p) (hint[p] == 1 -> 0 : data[p])

#if N == 1
#define ALLSENT (tosend[0] == 0)
#elif N == 2
#define ALLSENT (tosend[0] == 0 && tosend[1] == 0)
#elif N == 3
#define ALLSENT (tosend[0] == 0 && tosend[1] == 0 && tosend[2] == 0)
#elif N == 4
#define ALLSENT (tosend[0] == 0 && tosend[1] == 0 && tosend[2] == 0 && tosend[3] == 0)
#else
#define ALLSENT (tosend[0] == 0 && tosend[1] == 0 && tosend[2] == 0 && tosend[3] == 0 && tosend[4] == 0)
#endif

#if POLICY == 1
#define ON_ALLOC(p) hint[p] = 0
#elif POLICY == 2
#define ON_ALLOC(p) pend[p] = 1
#else
#define ON_ALLOC(p) skip
#endif

#define PAGE(p) \
  :: d_step { phase != 2 && alloc[p] == 0 -> alloc[p] = 1; data[p] = nxt(data[p]); \
              if :: phase == 1 -> dirty[p] = 1 :: else -> skip fi; ON_ALLOC(p) } \
  :: d_step { phase != 2 && alloc[p] == 1 -> data[p] = nxt(data[p]); \
              if :: phase == 1 -> dirty[p] = 1 :: else -> skip fi } \
  :: d_step { phase != 2 && alloc[p] == 1 -> alloc[p] = 0; hint[p] = 1; pend[p] = 0 } \
  :: d_step { phase != 2 && pend[p] == 1 -> hint[p] = 0; pend[p] = 0 } \
  :: d_step { phase == 1 && tosend[p] == 1 -> dest[p] = copy(p); tosend[p] = 0 }

#ifdef LIVENESS
#define NOT_SENDABLE(p) (phase != 1 || tosend[p] == 0)
/* Stay while migrating; move on to `next` on a state where `cond` also holds. */
#define AWAIT(cond, next) do :: phase != 2 && (cond) -> goto next :: phase != 2 od

never {     /* !converges under fairness: phase == 1, then phase != 2 for ever, each condition infinitely often */
  do :: true :: phase == 1 -> goto s0 od;
s0: AWAIT(NOT_SENDABLE(0), s1);
s1:
#if N > 1
  AWAIT(NOT_SENDABLE(1), s2);
s2:
#endif
#if N > 2
  AWAIT(NOT_SENDABLE(2), s3);
s3:
#endif
#if N > 3
  AWAIT(NOT_SENDABLE(3), s4);
s4:
#endif
#if N > 4
  AWAIT(NOT_SENDABLE(4), s5);
s5:
#endif
  AWAIT(!(phase == 1 && round < R && ALLSENT), fin);                /* next_round */
fin: AWAIT(!(phase == 1 && ALLSENT), accept);                       /* finish */
accept: phase != 2 -> goto s0
}
#endif

active proctype reference() {
end:
  do
  PAGE(0)
#if N > 1
  PAGE(1)
#endif
#if N > 2
  PAGE(2)
#endif
#if N > 3
  PAGE(3)
#endif
#if N > 4
  PAGE(4)
#endif
  :: d_step { phase == 0 -> phase = 1; round = 1;
              i = 0; do :: i < N -> tosend[i] = 1; dirty[i] = 0; i++ :: else -> break od; i = 0 }
  :: d_step { phase == 1 && round < R && ALLSENT -> round++;
              i = 0; do :: i < N -> tosend[i] = dirty[i]; dirty[i] = 0; i++ :: else -> break od; i = 0 }
  :: d_step { phase == 1 && ALLSENT ->
              i = 0; do :: i < N -> if :: dirty[i] == 1 -> dest[i] = copy(i); dirty[i] = 0 :: else -> skip fi; i++
                         :: else -> break od;
              phase = 2; i = 0;
              do :: i < N -> assert(alloc[i] == 0 || dest[i] == data[i]); i++ :: else -> break od; i = 0 }
  od
}
