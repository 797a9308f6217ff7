/**
 * Traces and metrics over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set: spans to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`.
 * Logs stay on stdout (redacted JSON); they are not copied into spans.
 *
 * Without an endpoint spans are not made at all (`TracerEnabled` off).
 *
 * Spans carry ids only (user, message, turn ids; HTTP method, route, status).
 */
import { Layer, References } from "effect"
import { FetchHttpClient } from "effect/http"
import { OtlpMetrics, OtlpSerialization, OtlpTracer } from "effect/observability"

export interface TelemetryOptions {
  readonly endpoint: string | undefined
  readonly serviceName: string
}

export const layer = (options: TelemetryOptions): Layer.Layer<never> => {
  // Without a collector no span is kept: making them anyway costs every request and query.
  if (options.endpoint === undefined) return Layer.succeed(References.TracerEnabled, false)
  const resource = { serviceName: options.serviceName }
  return Layer.mergeAll(
    OtlpTracer.layer({ url: `${options.endpoint}/v1/traces`, resource }),
    OtlpMetrics.layer({ url: `${options.endpoint}/v1/metrics`, resource })
  ).pipe(
    Layer.provide(OtlpSerialization.layerJson),
    Layer.provide(FetchHttpClient.layer)
  )
}
