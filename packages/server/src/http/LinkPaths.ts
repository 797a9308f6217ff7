/**
 * Paths that carry a link token (`/b/<token>` billing, `/v/<token>`
 * verification): the token opens a person's checkout or billing portal, so
 * it is a credential. Access log lines show `/b/[token]`, and requests to
 * these paths get no HTTP server span (its `url.path` would hold the token).
 */
import { Layer } from "effect"
import { HttpMiddleware } from "effect/http"

const LINK_PATH = /^\/([bv])\/[^/?#]+/

export const isLinkPath = (path: string): boolean => LINK_PATH.test(path)

/** The path with any link token replaced by `[token]`. */
export const redact = (path: string): string => path.replace(LINK_PATH, "/$1/[token]")

export const tracerDisabledForLinks: Layer.Layer<never> = Layer.succeed(HttpMiddleware.TracerDisabledWhen)(
  (request) => isLinkPath(request.url)
)
