-- The reference model of ../shared/reference-model.md, transcribed to
-- Murphi for Rumur. A benchmark input for the external checkers only: the
-- model hintcheck checks is model/reference/ in Python; this file restates
-- the same transition system so Rumur explores the same states.
--
--   rumur --deadlock-detection=off --output=ref.c reference.m && cc -O3 -o ref ref.c -lpthread && ./ref
--
-- N: pages, R: rounds, POLICY: 0 rfc, 1 undo, 2 lazy (benchmarks/vector.py
-- rewrites the three constants). `done` is terminal by design, hence no
-- deadlock detection. Pages are a scalarset: Rumur's symmetry reduction,
-- switched off with --symmetry-reduction=off, gives the orbit counts.

const
  N: 3;
  R: 2;
  POLICY: 1;

type
  page: scalarset(N);
  bit: 0..1;
  token: 0..2;

var
  alloc: array[page] of bit;
  data: array[page] of token;
  hint: array[page] of bit;
  pend: array[page] of bit;
  dirty: array[page] of bit;
  tosend: array[page] of bit;
  dest: array[page] of token;
  phase: 0..2;
  round: 0..R;

function nxt(v: token): token;
begin
  if v = 2 then return 1; else return v + 1; endif;
end;

function copy(p: page): token;
begin
  if hint[p] = 1 then return 0; else return data[p]; endif;
end;

startstate "init"
begin
  for p: page do
    alloc[p] := 0; data[p] := 0; hint[p] := 0; pend[p] := 0;
    dirty[p] := 0; tosend[p] := 0; dest[p] := 0;
  endfor;
  phase := 0; round := 0;
end;

ruleset p: page do
  rule "alloc" phase != 2 & alloc[p] = 0 ==>
  begin
    alloc[p] := 1; data[p] := nxt(data[p]);
    if phase = 1 then dirty[p] := 1; endif;
    if POLICY = 1 then hint[p] := 0; endif;
    if POLICY = 2 then pend[p] := 1; endif;
  end;

  rule "write" phase != 2 & alloc[p] = 1 ==>
  begin
    data[p] := nxt(data[p]);
    if phase = 1 then dirty[p] := 1; endif;
  end;

  rule "free" phase != 2 & alloc[p] = 1 ==>
  begin
    alloc[p] := 0; hint[p] := 1; pend[p] := 0;
  end;

  rule "set_stable" phase != 2 & pend[p] = 1 ==>
  begin
    hint[p] := 0; pend[p] := 0;
  end;

  rule "send" phase = 1 & tosend[p] = 1 ==>
  begin
    dest[p] := copy(p); tosend[p] := 0;
  end;
endruleset;

rule "start" phase = 0 ==>
begin
  phase := 1; round := 1;
  for p: page do tosend[p] := 1; dirty[p] := 0; endfor;
end;

rule "next_round" phase = 1 & round < R & forall p: page do tosend[p] = 0 endforall ==>
begin
  round := round + 1;
  for p: page do tosend[p] := dirty[p]; dirty[p] := 0; endfor;
end;

rule "finish" phase = 1 & forall p: page do tosend[p] = 0 endforall ==>
begin
  for p: page do
    if dirty[p] = 1 then dest[p] := copy(p); dirty[p] := 0; endif;
  endfor;
  phase := 2;
end;

invariant "no_data_loss"
  phase = 2 -> forall p: page do alloc[p] = 1 -> dest[p] = data[p] endforall;
