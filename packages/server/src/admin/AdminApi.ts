/**
 * `/admin/*`: the operator's API, defined with Effect's HttpApi so every
 * request and response has a schema and the OpenAPI document
 * (`/admin/openapi.json`, browsable at `/admin/docs`) is generated from it.
 * Handlers are in `AdminHandlers.ts`; what they do is `AdminOperations`,
 * shared with the CLI.
 *
 * A phone number only travels in a request body (`POST /admin/people/lookup`):
 * URLs end up in access logs and proxies' logs, bodies do not.
 */
import { MessageId, UserExport, UserId } from "@jules/core"
import { Context, Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSecurity, OpenApi } from "effect/http-api"
import {
  AdminBadRequest,
  AdminRefused,
  AdminUnauthorized,
  AdminUnavailable,
  DeadLetterNotFound,
  PersonNotFound
} from "./AdminErrors.ts"
import {
  CrisisEventList,
  DeadLetterList,
  DeadLetterRetried,
  Erased,
  PersonProfile,
  PhoneLookup,
  Sb243Report,
  TierChange,
  UsageReport
} from "./AdminModels.ts"

/** Who makes the call, as the audit trail names it: a token id (`t-…`) or `cli`. */
export class AdminCaller extends Context.Service<AdminCaller, { readonly id: string }>()("@jules/server/AdminCaller") {}

export class AdminAuthorization extends HttpApiMiddleware.Service<AdminAuthorization, {
  provides: AdminCaller
  requires: never
}>()("@jules/server/AdminAuthorization", {
  security: { bearer: HttpApiSecurity.bearer },
  error: AdminUnauthorized
}) {}

const personParams = { userId: UserId }

export class PeopleApi extends HttpApiGroup.make("people")
  .add(
    HttpApiEndpoint.post("lookup", "/lookup", {
      payload: PhoneLookup,
      success: PersonProfile,
      error: [PersonNotFound, AdminBadRequest, AdminUnavailable]
    }).annotate(OpenApi.Description, "Finds a person by phone number (through the blind index) and returns their profile."),
    HttpApiEndpoint.get("profile", "/:userId", {
      params: personParams,
      success: PersonProfile,
      error: [PersonNotFound, AdminUnavailable]
    }).annotate(OpenApi.Description, "Status, tier, age status, consent history and counts; no message text."),
    HttpApiEndpoint.get("exportData", "/:userId/export", {
      params: personParams,
      success: UserExport,
      error: [PersonNotFound, AdminUnavailable]
    }).annotate(OpenApi.Description, "Everything Jules keeps about the person, texts included (CCPA/GDPR access request)."),
    HttpApiEndpoint.delete("erase", "/:userId", {
      params: personParams,
      success: Erased,
      error: [PersonNotFound, AdminUnavailable]
    }).annotate(
      OpenApi.Description,
      "Erases the person everywhere (CCPA/GDPR deletion request). Yearly referral counts and the audit trail stay, without their id."
    ),
    HttpApiEndpoint.post("optOut", "/:userId/opt-out", {
      params: personParams,
      success: PersonProfile,
      error: [PersonNotFound, AdminUnavailable]
    }).annotate(OpenApi.Description, "Stops all texts to the person (they asked by another channel). No confirmation text is sent."),
    HttpApiEndpoint.post("optIn", "/:userId/opt-in", {
      params: personParams,
      success: PersonProfile,
      error: [PersonNotFound, AdminRefused, AdminUnavailable]
    }).annotate(
      OpenApi.Description,
      "Undoes an operator's opt-out. An opt-out the person texted (STOP) or their carrier reported is theirs to undo: refused (409)."
    ),
    HttpApiEndpoint.put("setTier", "/:userId/tier", {
      params: personParams,
      payload: TierChange,
      success: PersonProfile,
      error: [PersonNotFound, AdminRefused, AdminUnavailable]
    }).annotate(OpenApi.Description, "Moves the person to a configured tier (JULES_TIERS).")
  )
  .middleware(AdminAuthorization)
  .prefix("/people")
  .annotateMerge(OpenApi.annotations({ title: "People", description: "One person's data and settings" }))
{}

export class CrisisApi extends HttpApiGroup.make("crisis")
  .add(
    HttpApiEndpoint.get("events", "/crisis-events", {
      query: {
        from: Schema.DateTimeUtc,
        to: Schema.DateTimeUtc,
        limit: Schema.optional(Schema.Int),
        includeText: Schema.optional(Schema.Boolean)
      },
      success: CrisisEventList,
      error: [AdminBadRequest, AdminUnavailable]
    }).annotate(
      OpenApi.Description,
      "Crisis events in [from, to), newest first (limit 1–1000, default 100). The person's texts only with includeText=true; such a call is audited per person."
    )
  )
  .middleware(AdminAuthorization)
  .annotateMerge(OpenApi.annotations({ title: "Crisis events" }))
{}

export class ReportsApi extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("sb243", "/reports/sb243/:year", {
      params: { year: Schema.Int },
      success: Sb243Report,
      error: [AdminBadRequest, AdminUnavailable]
    }).annotate(
      OpenApi.Description,
      "California SB 243 §22603 annual report for a calendar year (UTC): referral notifications sent and the protocols in place. No personal information."
    )
  )
  .middleware(AdminAuthorization)
  .annotateMerge(OpenApi.annotations({ title: "Compliance reports" }))
{}

export class DeadLettersApi extends HttpApiGroup.make("deadLetters")
  .add(
    HttpApiEndpoint.get("list", "/dead-letters", {
      query: { userId: Schema.optional(UserId), limit: Schema.optional(Schema.Int) },
      success: DeadLetterList,
      error: [AdminBadRequest, AdminUnavailable]
    }).annotate(OpenApi.Description, "Texts the outbox gave up on, newest first (limit 1–1000, default 100). Ids and reasons, never a body."),
    HttpApiEndpoint.post("retry", "/dead-letters/:messageId/retry", {
      params: { messageId: MessageId },
      success: DeadLetterRetried,
      error: [DeadLetterNotFound, AdminUnavailable]
    }).annotate(OpenApi.Description, "Puts a dead letter back in the outbox as if new. Consent is checked again when it goes out.")
  )
  .middleware(AdminAuthorization)
  .annotateMerge(OpenApi.annotations({ title: "Dead letters" }))
{}

export class UsageApi extends HttpApiGroup.make("usage")
  .add(
    HttpApiEndpoint.get("costs", "/usage", {
      query: { from: Schema.optional(Schema.String), to: Schema.optional(Schema.String) },
      success: UsageReport,
      error: [AdminBadRequest, AdminUnavailable]
    }).annotate(
      OpenApi.Description,
      "Model calls, tokens and cost per UTC day, provider and model; from and to are days (YYYY-MM-DD), both included; default the last 30 days."
    )
  )
  .middleware(AdminAuthorization)
  .annotateMerge(OpenApi.annotations({ title: "Usage and cost" }))
{}

export class AdminApi extends HttpApi.make("admin")
  .add(PeopleApi)
  .add(CrisisApi)
  .add(ReportsApi)
  .add(DeadLettersApi)
  .add(UsageApi)
  .prefix("/admin")
  .annotateMerge(OpenApi.annotations({
    title: "Jules admin API",
    description:
      "The operator's side of Jules. Every call needs `Authorization: Bearer <token>` (ADMIN_API_TOKEN) and is recorded in the audit trail with the token's id, the action and the target ids, never a body."
  }))
{}
