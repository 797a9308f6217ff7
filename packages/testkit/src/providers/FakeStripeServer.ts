/**
 * A local stand-in for the Stripe API, speaking its wire format: form-encoded
 * POSTs with bracketed keys (`line_items[0][price]`), `Authorization: Bearer
 * sk_…`, `Idempotency-Key` honoured (the same key gives the same object),
 * JSON objects back, and errors as `{ error: { type, code, message } }`.
 *
 * - `POST /v1/checkout/sessions`, `POST /v1/billing_portal/sessions`
 * - `GET /v1/subscriptions/:id`, `POST /v1/customers`, `GET /v1/customers/:id`
 *
 * Tests play the person and Stripe's side with `completeCheckout` (the person
 * paid: a customer and an active subscription appear) and `updateSubscription`,
 * build signed-ready event payloads with `event`, and read every request the
 * SDK made (`requests`) to check what Jules told Stripe. Point the Stripe SDK
 * at it with `STRIPE_API_BASE_URL = fake.baseURL`.
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"

export interface Subscription {
  readonly id: string
  readonly object: "subscription"
  readonly customer: string
  readonly status: string
  readonly cancel_at_period_end: boolean
  readonly metadata: Readonly<Record<string, string>>
  readonly items: {
    readonly object: "list"
    readonly data: ReadonlyArray<{
      readonly id: string
      readonly object: "subscription_item"
      readonly price: { readonly id: string; readonly object: "price" }
      readonly current_period_start: number
      readonly current_period_end: number
    }>
  }
}

export interface CheckoutSession {
  readonly id: string
  readonly object: "checkout.session"
  readonly url: string
  readonly mode: string
  readonly status: "open" | "complete"
  readonly client_reference_id: string | null
  readonly customer: string | null
  readonly subscription: string | null
  readonly price: string
  readonly subscriptionMetadata: Readonly<Record<string, string>>
}

export interface FakeStripeServer extends FakeHttpServer.FakeHttpServer<FakeHttpServer.FormBody> {
  readonly secretKey: string
  /** Checkout sessions created, by id. */
  readonly sessions: ReadonlyMap<string, CheckoutSession>
  /** The checkout page `url` leads to is paid: a customer (if none) and an active subscription. */
  readonly completeCheckout: (sessionIdOrUrl: string) => { readonly customerId: string; readonly subscriptionId: string }
  /** Stripe's side changes a subscription (renewal failed, cancelled, ended, another price). */
  readonly updateSubscription: (
    id: string,
    change: { readonly status?: string; readonly cancel_at_period_end?: boolean; readonly price?: string }
  ) => Subscription
  readonly subscription: (id: string) => Subscription | undefined
  /** An event payload as Stripe posts it (`{ id, object: "event", type, data: { object } }`), as JSON text. */
  readonly event: (type: string, object: unknown, id?: string) => string
}

/** An error in Stripe's shape. */
export const error = (status: number, type: string, message: string, code?: string): FakeHttpServer.ScriptedResponse => ({
  status,
  body: { error: { type, message, ...(code === undefined ? {} : { code }) } }
})

const field = (body: FakeHttpServer.FormBody, name: string): string | undefined => {
  const value = body[name]
  return typeof value === "string" ? value : undefined
}

/** `prefix[key]=value` fields as a record (`metadata[userId]` → `{ userId }`). */
const bracketed = (body: FakeHttpServer.FormBody, prefix: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith(`${prefix}[`) && name.endsWith("]") && typeof value === "string") {
      out[name.slice(prefix.length + 1, -1)] = value
    }
  }
  return out
}

export interface Options {
  readonly secretKey?: string
  /** Prices that exist in the account. */
  readonly prices?: ReadonlyArray<string>
}

export const make = ({
  prices = ["price_plus", "price_pro"],
  secretKey = "sk_test_fake"
}: Options = {}): Effect.Effect<FakeStripeServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const sessions = new Map<string, CheckoutSession>()
    const customers = new Map<string, { id: string; metadata: Record<string, string> }>()
    const subscriptions = new Map<string, Subscription>()
    const idempotent = new Map<string, FakeHttpServer.ScriptedResponse>()
    // Not reset with the rest, so ids stay unique for the server's life.
    let counter = 0
    const nextId = (prefix: string) => `${prefix}_fake${(++counter).toString().padStart(8, "0")}`
    const now = () => Math.floor(Date.now() / 1000)
    let origin = ""

    const missing = (what: string, id: string) =>
      error(404, "invalid_request_error", `No such ${what}: '${id}'`, "resource_missing")
    const invalid = (message: string, param?: string) =>
      ({
        status: 400,
        body: { error: { type: "invalid_request_error", message, ...(param === undefined ? {} : { param }) } }
      }) satisfies FakeHttpServer.ScriptedResponse

    const createCheckout = (body: FakeHttpServer.FormBody): FakeHttpServer.ScriptedResponse => {
      const mode = field(body, "mode")
      const price = field(body, "line_items[0][price]")
      if (mode !== "subscription" && mode !== "payment" && mode !== "setup") return invalid("Invalid mode", "mode")
      if (price === undefined) return invalid("Missing required param: line_items.", "line_items")
      if (!prices.includes(price)) {
        return error(400, "invalid_request_error", `No such price: '${price}'`, "resource_missing")
      }
      if (field(body, "success_url") === undefined && field(body, "ui_mode") === undefined) {
        return invalid("Missing required param: success_url.", "success_url")
      }
      const customer = field(body, "customer") ?? null
      if (customer !== null && !customers.has(customer)) return missing("customer", customer)
      const id = nextId("cs_test")
      const session: CheckoutSession = {
        id,
        object: "checkout.session",
        url: `${origin}/c/pay/${id}`,
        mode,
        status: "open",
        client_reference_id: field(body, "client_reference_id") ?? null,
        customer,
        subscription: null,
        price,
        subscriptionMetadata: bracketed(body, "subscription_data[metadata]")
      }
      sessions.set(id, session)
      return { status: 200, body: session }
    }

    const createPortal = (body: FakeHttpServer.FormBody): FakeHttpServer.ScriptedResponse => {
      const customer = field(body, "customer")
      if (customer === undefined) return invalid("Missing required param: customer.", "customer")
      if (!customers.has(customer)) return missing("customer", customer)
      const id = nextId("bps")
      return {
        status: 200,
        body: { id, object: "billing_portal.session", customer, url: `${origin}/p/session/${id}`, return_url: field(body, "return_url") ?? null }
      }
    }

    const answer = (request: FakeHttpServer.RecordedRequest<FakeHttpServer.FormBody>): FakeHttpServer.ScriptedResponse => {
      if (request.headers["authorization"] !== `Bearer ${secretKey}`) {
        return error(401, "invalid_request_error", "Invalid API Key provided")
      }
      const key = request.headers["idempotency-key"]
      if (request.method === "POST" && key !== undefined) {
        const earlier = idempotent.get(key)
        if (earlier !== undefined) return earlier
      }
      const path = request.path.split("?")[0]!
      let response: FakeHttpServer.ScriptedResponse
      if (request.method === "POST" && path === "/v1/checkout/sessions") response = createCheckout(request.body)
      else if (request.method === "POST" && path === "/v1/billing_portal/sessions") response = createPortal(request.body)
      else if (request.method === "POST" && path === "/v1/customers") {
        const id = nextId("cus")
        customers.set(id, { id, metadata: bracketed(request.body, "metadata") })
        response = { status: 200, body: { id, object: "customer", metadata: customers.get(id)!.metadata } }
      } else {
        const match = /^\/v1\/(subscriptions|customers)\/([^/]+)$/.exec(path)
        const id = match === null ? "" : decodeURIComponent(match[2]!)
        if (request.method === "GET" && match?.[1] === "subscriptions") {
          const found = subscriptions.get(id)
          response = found === undefined ? missing("subscription", id) : { status: 200, body: found }
        } else if (request.method === "GET" && match?.[1] === "customers") {
          const found = customers.get(id)
          response = found === undefined ? missing("customer", id) : { status: 200, body: { ...found, object: "customer" } }
        } else {
          response = error(404, "invalid_request_error", `Unrecognized request URL (${request.method}: ${path})`)
        }
      }
      if (request.method === "POST" && key !== undefined) idempotent.set(key, response)
      return response
    }

    const fake = yield* FakeHttpServer.make<FakeHttpServer.FormBody>({
      endpoint: (_method, pathname) => pathname.startsWith("/v1/"),
      notFound: error(404, "invalid_request_error", "Unrecognized request URL"),
      parseBody: FakeHttpServer.parseForm,
      answer,
      onReset: () => {
        sessions.clear()
        customers.clear()
        subscriptions.clear()
        idempotent.clear()
      }
    })
    origin = fake.origin

    const completeCheckout = (sessionIdOrUrl: string) => {
      const id = sessionIdOrUrl.split("/").at(-1)!
      const session = sessions.get(id)
      if (session === undefined) throw new Error(`no checkout session ${id}`)
      const customerId = session.customer ?? nextId("cus")
      if (!customers.has(customerId)) customers.set(customerId, { id: customerId, metadata: {} })
      const subscriptionId = nextId("sub")
      const start = now()
      subscriptions.set(subscriptionId, {
        id: subscriptionId,
        object: "subscription",
        customer: customerId,
        status: "active",
        cancel_at_period_end: false,
        metadata: session.subscriptionMetadata,
        items: {
          object: "list",
          data: [{
            id: nextId("si"),
            object: "subscription_item",
            price: { id: session.price, object: "price" },
            current_period_start: start,
            current_period_end: start + 30 * 24 * 3600
          }]
        }
      })
      sessions.set(id, { ...session, status: "complete", customer: customerId, subscription: subscriptionId })
      return { customerId, subscriptionId }
    }

    const updateSubscription: FakeStripeServer["updateSubscription"] = (id, change) => {
      const found = subscriptions.get(id)
      if (found === undefined) throw new Error(`no subscription ${id}`)
      const item = found.items.data[0]!
      const updated: Subscription = {
        ...found,
        ...(change.status === undefined ? {} : { status: change.status }),
        ...(change.cancel_at_period_end === undefined ? {} : { cancel_at_period_end: change.cancel_at_period_end }),
        items: {
          object: "list",
          data: [{ ...item, price: { id: change.price ?? item.price.id, object: "price" } }]
        }
      }
      subscriptions.set(id, updated)
      return updated
    }

    return Object.assign(fake, {
      secretKey,
      sessions,
      completeCheckout,
      updateSubscription,
      subscription: (id: string) => subscriptions.get(id),
      event: (type: string, object: unknown, id?: string) =>
        JSON.stringify({
          id: id ?? nextId("evt"),
          object: "event",
          api_version: "2026-10-28.endive",
          created: now(),
          livemode: false,
          type,
          data: { object }
        })
    }) satisfies FakeStripeServer
  })
