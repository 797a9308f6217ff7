/**
 * The `effect/cluster` runtime that hosts the conversation entities, with its
 * mailbox and runner tables in the application database (tables `cluster_*`).
 *
 * - Default: a single runner. The process owns every shard; several processes
 *   on one database must not use it (they would wait on each other's locks).
 * - `JULES_RUNNER_ADDRESS=host:port`: a socket runner. Instances sharing the
 *   database find each other through it, split the shards between them and
 *   forward each person's messages to the instance that owns them, so a
 *   person's turns stay serialized cluster-wide. Each instance listens on
 *   `0.0.0.0:<port>` (on the address itself when it is a loopback one, as a
 *   role `all` process's turn thread's is) and must be reachable by the
 *   others at `host:port`.
 *
 * - `JULES_ROLE=web`: a client of the runners (the workers): it hosts no
 *   entity. It does not tell them of texts either: the stored texts are
 *   announced through PostgreSQL (`TextArrivals`).
 *
 * The sharding configuration is set here, not read from the environment:
 * `ShardingConfig.layerFromEnv` would take the HTTP server's `PORT` and `HOST`
 * for its own.
 */
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import * as NodeCrypto from "@effect/platform-node/NodeCrypto"
import type { Duration } from "effect"
import { Layer, Option } from "effect"
import { RunnerAddress, RunnerHealth, Runners, Sharding, ShardingConfig, SqlMessageStorage, SqlRunnerStorage } from "effect/cluster"
import type { SqlClient } from "effect/sql/SqlClient"
import type { RunnerAddress as Address, Role } from "../config/ServerConfig.ts"

export interface ClusterOptions {
  readonly role: Role
  readonly runnerAddress: Address | undefined
  /** How long shutdown waits for an entity's handler in flight (a turn) to finish. */
  readonly shutdownTimeout: Duration.Duration
}

/**
 * Shards per group, set here so that every process agrees (the cluster's
 * default) and a worker can list the shards it holds (`ShardGains`).
 */
export const SHARDS_PER_GROUP = ShardingConfig.defaults.shardsPerGroup

/** Identifies the single runner in the runner table; nothing listens there. */
const SINGLE_RUNNER = RunnerAddress.make("localhost", 34431)

const shardingConfig = (options: ClusterOptions, address: RunnerAddress.RunnerAddress) => ({
  runnerAddress: Option.some(address),
  shardsPerGroup: SHARDS_PER_GROUP,
  entityTerminationTimeout: options.shutdownTimeout,
  // A message to an entity of this process is handed over as it is: the
  // cluster's default encodes and decodes it on the way, to catch payloads
  // that could not cross to another runner, at a cost on every text. Ours are
  // ids (and a flag), and every runner-to-runner path is exercised by tests.
  simulateRemoteSerialization: false,
  // Unprocessed messages are also found by polling (after a restart, or sent by
  // another runner while this one was busy); every message sent here is seen at once.
  entityMessagePollInterval: "5 seconds" as const
})

const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.")

const singleRunner = (options: ClusterOptions): Layer.Layer<Sharding.Sharding, never, SqlClient> =>
  Sharding.layer.pipe(
    Layer.provideMerge(Runners.layerNoop),
    Layer.provideMerge(SqlMessageStorage.layer),
    Layer.provide([Layer.orDie(SqlRunnerStorage.layer), RunnerHealth.layerNoop]),
    Layer.provide(ShardingConfig.layer(shardingConfig(options, SINGLE_RUNNER))),
    Layer.provide(NodeCrypto.layerDigest)
  )

const socketRunner = (options: ClusterOptions, address: Address): Layer.Layer<Sharding.Sharding, never, SqlClient> =>
  NodeClusterSocket.layer({
    storage: "sql",
    shardingConfig: {
      ...shardingConfig(options, RunnerAddress.make(address.host, address.port)),
      // A runner on a loopback address (a role `all` process's turn thread) is for its own machine only.
      runnerListenAddress: Option.some(RunnerAddress.make(isLoopback(address.host) ? address.host : "0.0.0.0", address.port))
    }
  }).pipe(Layer.orDie)

const clientOnly = (options: ClusterOptions): Layer.Layer<Sharding.Sharding, never, SqlClient> =>
  NodeClusterSocket.layer({
    clientOnly: true,
    storage: "sql",
    shardingConfig: { shardsPerGroup: SHARDS_PER_GROUP, entityTerminationTimeout: options.shutdownTimeout }
  }).pipe(Layer.orDie)

export const layer = (options: ClusterOptions): Layer.Layer<Sharding.Sharding, never, SqlClient> =>
  options.role === "web"
    ? clientOnly(options)
    : options.runnerAddress === undefined
    ? singleRunner(options)
    : socketRunner(options, options.runnerAddress)
