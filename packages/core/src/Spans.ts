/**
 * Spans that cost nothing while no one collects them.
 *
 * `Effect.fn(name)` and `Effect.withSpan` make a span on every call even when
 * tracing is off (`References.TracerEnabled` false: the server turns it off
 * unless an OTLP endpoint is set): a no-op span, two or three additions to
 * the fiber's context, and for `Effect.fn` a captured stack trace. That is
 * 4-5 µs a call on an idle machine and two to three times more in a busy
 * process, and an ack made about three such calls, a turn some twenty.
 * These look at `TracerEnabled` when called and leave the span out when it
 * is off; when it is on the span is the same, named the same, without the
 * call site's stack.
 */
import { Effect, References } from "effect"

type ErrorOf<Eff> = [Eff] extends [never] ? never : [Eff] extends [Effect.Effect<infer _A, infer E, infer _R>] ? E : never
type ContextOf<Eff> = [Eff] extends [never] ? never : [Eff] extends [Effect.Effect<infer _A, infer _E, infer R>] ? R : never

const NO_STACK = { captureStackTrace: false }

/** `Effect.withSpan(name, options)` when spans are collected; the effect itself when not. */
export const withSpan = (name: string, options?: { readonly attributes?: Record<string, unknown> }) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) =>
    fiber.getRef(References.TracerEnabled)
      ? Effect.withSpan(name, options, NO_STACK)(effect)
      : effect
  )

/** `Effect.fn(name)(body)`, whose span is made only when spans are collected. */
export const fn = (name: string) =>
<Eff extends Effect.Effect<any, any, any>, A, Args extends Array<any>>(
  body: (...args: Args) => Generator<Eff, A, never>
): (...args: Args) => Effect.Effect<A, ErrorOf<Eff>, ContextOf<Eff>> => {
  const untraced = Effect.fnUntraced(body)
  const span = withSpan(name)
  return (...args) => span(untraced(...args))
}
