/**
 * Settings shared by the database and the encryption keys. Both live under
 * `JULES_DATA_DIR` when nothing else is configured.
 */
import { Config } from "effect"

/** Where the embedded database and the development key live; `memory://` keeps nothing. */
export const dataDir: Config.Config<string> = Config.String("JULES_DATA_DIR").pipe(
  Config.withDefault("./.jules"),
  Config.map((dir) => dir.trim())
)

export const isInMemory = (dataDir: string): boolean => dataDir.startsWith("memory://")
