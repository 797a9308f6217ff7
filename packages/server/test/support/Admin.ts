/** Calls to a test server's admin API, and what the admin tests share. */
import { Effect } from "effect"
import type * as P from "./Providers.ts"
import { request } from "./Providers.ts"

/** Two tokens, as a rotation would have them; each at least 32 characters. */
export const TOKEN = "admin-token-0123456789abcdef0123456789"
export const OLD_TOKEN = "admin-token-old-9876543210fedcba98765"

export interface Json extends P.Response {
  readonly json: unknown
}

export const call = (
  server: { readonly url: string },
  method: string,
  path: string,
  options: { readonly token?: string | null; readonly body?: unknown } = {}
): Effect.Effect<Json> =>
  Effect.map(
    request(server.url + path, {
      method,
      headers: {
        ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? TOKEN}` }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
    }),
    (response) => {
      let json: unknown = undefined
      try {
        json = JSON.parse(response.body)
      } catch {
        // not JSON: left undefined
      }
      return { ...response, json }
    }
  )
