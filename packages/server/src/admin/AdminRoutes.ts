/**
 * Mounts the admin API beside the webhook routes when `ADMIN_API_TOKEN` is
 * set: the endpoints, `/admin/openapi.json` and the Swagger UI at
 * `/admin/docs` (served inline: the page loads no third-party script).
 * Without a token nothing is mounted, so every `/admin` path is a 404.
 */
import type { ClusterSql } from "@jules/adapters-postgres"
import type { StoragePorts } from "@jules/core"
import type { CompanionSettings, Outbox } from "@jules/core"
import { UserData } from "@jules/core"
import type { FileSystem, Path } from "effect"
import { Layer } from "effect"
import type { Etag, HttpPlatform, HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiSwagger } from "effect/http-api"
import { AdminApi } from "./AdminApi.ts"
import * as AdminAuthorizationLive from "./AdminAuthorizationLive.ts"
import type { AdminSettings } from "./AdminConfig.ts"
import * as AdminHandlers from "./AdminHandlers.ts"
import { AdminOperations } from "./AdminOperations.ts"
import { MailboxErasure } from "./MailboxErasure.ts"

export const OPENAPI_PATH = "/admin/openapi.json"
export const DOCS_PATH = "/admin/docs"

/** What the admin API needs from the server: its stores, outbox, settings and the cluster's database. */
export type Requirements =
  | StoragePorts
  | Outbox
  | CompanionSettings
  | ClusterSql.ClusterSql
  | HttpRouter.HttpRouter
  | HttpPlatform.HttpPlatform
  | Etag.Generator
  | FileSystem.FileSystem
  | Path.Path

export const layer = (settings: AdminSettings): Layer.Layer<never, never, Requirements> =>
  settings.tokens.length === 0
    ? Layer.empty
    : Layer.mergeAll(
      HttpApiBuilder.layer(AdminApi, { openapiPath: OPENAPI_PATH }),
      HttpApiSwagger.layer(AdminApi, { path: DOCS_PATH })
    ).pipe(
      Layer.provide(AdminHandlers.layer),
      Layer.provide(AdminAuthorizationLive.layer(settings)),
      Layer.provide(AdminOperations.layer),
      Layer.provide(UserData.layer),
      Layer.provide(MailboxErasure.layer)
    )
