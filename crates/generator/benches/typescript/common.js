// Timing helpers shared by the TypeScript SDK benchmarks.
"use strict";

/** Best-of-`rounds` nanoseconds per call of `fn` over `iterations` calls. */
function nsPerCall(fn, iterations, rounds = 7) {
  for (let i = 0; i < iterations; i++) fn(i); // warm up: let V8 optimise
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

module.exports = { nsPerCall };
