/**
 * Imported first by `main.ts`, before any regular expression runs.
 *
 * V8 runs a regular expression through its bytecode interpreter first and
 * compiles it to machine code only once it has run a while ("tier-up"). The
 * crisis screen's rules are a few dozen large expressions, and interpreted
 * they are slow: a process spent 2.3-3.9 s of CPU on the screen's warm-up
 * and about 11 ms more per text on its first hundred texts (slow two-core
 * machine). Compiled at once, the warm-up takes 0.2 s and the first texts
 * 1.2 ms; once warm, a text costs the same either way (0.06-0.07 ms).
 */
import { setFlagsFromString } from "node:v8"

setFlagsFromString("--no-regexp-tier-up")
