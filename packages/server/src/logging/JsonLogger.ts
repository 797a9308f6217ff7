/**
 * One JSON object per line, every string redacted (see `Redact`): the only
 * logger the server installs. It replaces Effect's default loggers, including
 * the one that copies log lines into trace spans, so nothing unredacted reaches
 * an exporter either.
 *
 * `{"timestamp":"…","level":"INFO","message":"turn decided","userId":"…","turnId":"…"}`
 */
import type { LogLevel } from "effect"
import { Layer, Logger, References } from "effect"
import { redactText, redactValue } from "./Redact.ts"

/** Where finished lines go; stdout unless a test collects them. */
export type LogSink = (line: string) => void

/**
 * Lines logged while the event loop is busy are written together, once it
 * turns (one write instead of one per line under load); whatever is pending
 * when the process exits is written synchronously first.
 */
const makeStdoutSink = (): LogSink => {
  let pending: Array<string> = []
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const text = pending.join("\n") + "\n"
    pending = []
    process.stdout.write(text)
  }
  process.once("exit", flush)
  return (line) => {
    pending.push(line)
    if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
}

let sharedStdoutSink: LogSink | undefined
export const stdoutSink: LogSink = (line) => (sharedStdoutSink ??= makeStdoutSink())(line)

const RESERVED = new Set(["timestamp", "level", "message", "cause", "spans", "fiberId"])

export const make = (sink: LogSink): Logger.Logger<unknown, void> =>
  Logger.map(Logger.formatStructured, (entry) => {
    const line: Record<string, unknown> = {
      timestamp: entry.timestamp,
      level: entry.level,
      message: redactValue(entry.message)
    }
    for (const [key, value] of Object.entries(entry.annotations)) {
      line[RESERVED.has(key) ? `annotation.${key}` : redactText(key)] = redactValue(value)
    }
    if (entry.cause !== undefined) line["cause"] = redactText(entry.cause)
    if (Object.keys(entry.spans).length > 0) line["spans"] = entry.spans
    let text: string
    try {
      text = JSON.stringify(line)
    } catch {
      text = JSON.stringify({ timestamp: entry.timestamp, level: entry.level, message: "unserializable log entry" })
    }
    sink(text)
  })

/** Installs the JSON logger (and nothing else) at `minimumLevel`. */
export const layer = (options: {
  readonly minimumLevel: LogLevel.LogLevel
  readonly sink?: LogSink | undefined
}): Layer.Layer<never> =>
  Layer.mergeAll(
    Logger.layer([make(options.sink ?? stdoutSink)]),
    Layer.succeed(References.MinimumLogLevel, options.minimumLevel)
  )
