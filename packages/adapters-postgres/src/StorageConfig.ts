/**
 * Settings shared by the database and the encryption keys. Both live under
 * `JULES_DATA_DIR` when nothing else is configured.
 */
import { Config, ConfigProvider, Effect } from "effect"

/** Where the embedded database and the development key live; `memory://` keeps nothing. */
export const dataDir: Config.Config<string> = Config.String("JULES_DATA_DIR").pipe(
  Config.withDefault("./.jules"),
  Config.map((dir) => dir.trim())
)

export const isInMemory = (dataDir: string): boolean => dataDir.startsWith("memory://")

/**
 * `JULES_EMBEDDED_DATABASE` (`on`/`off`): whether running on the embedded
 * PGlite (no `DATABASE_URL`) is allowed. Unset here; the server decides the
 * default (on in development, off with `NODE_ENV=production`).
 */
export const embeddedDatabase: Config.Config<"on" | "off" | undefined> = Config.option(
  Config.String("JULES_EMBEDDED_DATABASE")
).pipe(
  Config.mapEffect((value) => {
    const raw = value._tag === "Some" ? value.value.trim().toLowerCase() : ""
    if (raw === "") return Effect.succeed(undefined)
    if (raw === "on" || raw === "off") return Effect.succeed(raw)
    return Effect.fail(
      new Config.ConfigError(new ConfigProvider.SourceError({ message: "JULES_EMBEDDED_DATABASE must be on or off" }))
    )
  })
)
