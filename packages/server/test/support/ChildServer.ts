/**
 * The server as `pnpm start` runs it: `src/main.ts` in a child Node process
 * (TypeScript sources, `--conditions=@jules/source`), with exactly the
 * environment the test gives it. Its output is kept line by line; it is found
 * by the port its startup line announces. Killed with the scope if still alive.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { Scope } from "effect"
import { Effect } from "effect"

export const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url))

export interface ChildServer {
  readonly pid: number
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** stdout and stderr, line by line (a live view). */
  readonly output: ReadonlyArray<string>
  /** Milliseconds from spawning to the startup line. */
  readonly startedInMs: number
  readonly kill: (signal: NodeJS.Signals) => void
  /** Resolves with the exit code (`null` when killed by a signal). */
  readonly exited: Effect.Effect<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
}

/** Only what a shell gives any process, plus `env`: nothing of the test runner's environment leaks in. */
export const baseEnv = (): Record<string, string> => ({
  PATH: process.env["PATH"] ?? "/usr/bin:/bin",
  HOME: process.env["HOME"] ?? "/tmp"
})

export const spawnServer = (options: {
  readonly env: Record<string, string>
  readonly cwd?: string
  readonly startupTimeoutMs?: number
  /** Node's arguments; default: the TypeScript sources (`--conditions=@jules/source src/main.ts`). */
  readonly args?: ReadonlyArray<string>
}): Effect.Effect<ChildServer, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<ChildServer, Error>((resume) => {
      const startedAt = Date.now()
      const child = spawn(process.execPath, options.args ?? ["--conditions=@jules/source", MAIN], {
        env: { ...baseEnv(), ...options.env },
        cwd: options.cwd ?? process.cwd(),
        stdio: ["ignore", "pipe", "pipe"]
      })
      const output: Array<string> = []
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
      const exitWaiters: Array<() => void> = []
      let settled = false
      const timer = setTimeout(() => {
        if (settled) return
        settled = true
        child.kill("SIGKILL")
        resume(Effect.fail(new Error(`the server did not start in time:\n${output.join("\n")}`)))
      }, options.startupTimeoutMs ?? 60_000)

      const onLine = (line: string) => {
        output.push(line)
        if (settled || !line.includes("Jules is listening")) return
        let port: number | undefined
        try {
          port = JSON.parse(line).port
        } catch {
          return
        }
        settled = true
        clearTimeout(timer)
        resume(Effect.succeed({
          pid: child.pid!,
          url: `http://127.0.0.1:${port}`,
          output,
          startedInMs: Date.now() - startedAt,
          kill: (signal) => {
            child.kill(signal)
          },
          exited: Effect.callback((done) => {
            if (exit !== undefined) return done(Effect.succeed(exit))
            exitWaiters.push(() => done(Effect.succeed(exit!)))
          })
        }))
      }
      for (const stream of [child.stdout, child.stderr]) {
        let buffered = ""
        stream.setEncoding("utf8")
        stream.on("data", (chunk: string) => {
          buffered += chunk
          const lines = buffered.split("\n")
          buffered = lines.pop() ?? ""
          lines.forEach(onLine)
        })
      }
      child.on("exit", (code, signal) => {
        exit = { code, signal }
        exitWaiters.splice(0).forEach((wake) => wake())
        if (!settled) {
          settled = true
          clearTimeout(timer)
          resume(Effect.fail(new Error(`the server exited (${code ?? signal}) before starting:\n${output.join("\n")}`)))
        }
      })
    }),
    (server) =>
      Effect.gen(function*() {
        server.kill("SIGKILL")
        yield* server.exited
      })
  )

/** Runs the server to its exit (a start that is refused): its exit code and every line it wrote. */
export const runToExit = (options: {
  readonly env: Record<string, string>
  readonly cwd?: string
  readonly timeoutMs?: number
}): Effect.Effect<{ readonly code: number | null; readonly output: ReadonlyArray<string> }, Error> =>
  Effect.callback((resume) => {
    const child = spawn(process.execPath, ["--conditions=@jules/source", MAIN], {
      env: { ...baseEnv(), ...options.env },
      cwd: options.cwd ?? process.cwd(),
      stdio: ["ignore", "pipe", "pipe"]
    })
    let text = ""
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8")
      stream.on("data", (chunk: string) => {
        text += chunk
      })
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000)
    child.on("close", (code) => {
      clearTimeout(timer)
      const output = text.split("\n").filter((line) => line.length > 0)
      resume(
        code === null
          ? Effect.fail(new Error(`the server did not exit in time:\n${output.join("\n")}`))
          : Effect.succeed({ code, output })
      )
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })
