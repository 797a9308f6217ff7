/**
 * The node:http server Jules listens with: idle connections are kept open
 * longer than the proxy in front keeps them, and no longer once it closes.
 *
 * Why longer: a load balancer or proxy reuses its idle connections to the
 * server for up to its own idle timeout (60 s at AWS's ALB and in nginx's
 * upstream keep-alive by default). Node closes an idle connection after 5 s;
 * a request the proxy sends on it at that moment fails, and the proxy
 * answers the provider 502, which it retries later. So the server keeps them
 * `JULES_KEEP_ALIVE_TIMEOUT_MS` (65 s by default), and says so in every
 * answer (`Keep-Alive: timeout=65`).
 *
 * Why no longer once it closes: `close()` ends the connections idle at that
 * moment, but a connection whose request is still being answered stays open
 * after its answer for the whole keep-alive timeout, and shutdown waits for
 * it. Closing sets the timeout to its least, so such a connection ends about
 * a second after its answer.
 */
import * as Http from "node:http"

export class KeepAliveServer extends Http.Server {
  constructor(keepAliveTimeoutMs: number) {
    super({ keepAliveTimeout: keepAliveTimeoutMs })
  }

  override close(callback?: (error?: Error) => void): this {
    this.keepAliveTimeout = 1
    return super.close(callback)
  }
}

/** A factory for `NodeHttpServer.layer`. */
export const make = (keepAliveTimeoutMs: number) => (): Http.Server => new KeepAliveServer(keepAliveTimeoutMs)
