/** A 127.0.0.1 port that nothing listens on (it was free a moment ago), for connection-refused tests. */
import { Effect } from "effect"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"

export const unusedPort: Effect.Effect<number> = Effect.callback<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})
