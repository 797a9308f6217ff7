/**
 * The schema, as numbered migrations run by effect/sql's `Migrator` at start.
 * Applied ids are recorded in `jules_migrations`; a second start applies
 * nothing, and concurrent starts on PostgreSQL serialize on a table lock.
 *
 * What is stored in clear: ids, enums, counts, timestamps, provider ids and
 * model names. Phone numbers, bodies, memory and audit details are ciphertexts
 * (`*_ciphertext`); phones are found through `phone_index`, a blind index.
 * No foreign keys between stores: each store erases its own rows.
 */
import { Effect, Layer } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

export const TABLE = "jules_migrations"

/** `inbound_messages.answered_by` of texts more than two days old when migration `0009_answered_by` ran. */
const ANSWERED_BEFORE_UPGRADE = "(before 0009)"

const statements = (...sql: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const client = yield* SqlClient
    for (const statement of sql) yield* client.unsafe(statement).unprepared
  })

const initial = statements(
  `CREATE TABLE users (
    id text PRIMARY KEY,
    phone_ciphertext text NOT NULL,
    phone_index text NOT NULL UNIQUE,
    consent text NOT NULL,
    age_status text NOT NULL,
    tier text NOT NULL,
    time_zone text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE consent_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state text NOT NULL,
    source text NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX consent_changes_user ON consent_changes (user_id, seq)`,
  `CREATE TABLE inbound_messages (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    body_ciphertext text NOT NULL,
    provider_message_id text,
    received_at timestamptz NOT NULL
  )`,
  `CREATE INDEX inbound_messages_user ON inbound_messages (user_id, received_at, seq)`,
  `CREATE TABLE outbound_messages (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    turn_id text NOT NULL,
    sequence integer NOT NULL,
    kind text NOT NULL,
    body_ciphertext text NOT NULL,
    encoding text NOT NULL,
    segments integer NOT NULL,
    status text NOT NULL,
    provider_message_id text,
    error_code text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX outbound_messages_turn ON outbound_messages (turn_id, sequence)`,
  `CREATE INDEX outbound_messages_user_kind ON outbound_messages (user_id, kind, created_at)`,
  `CREATE INDEX outbound_messages_provider_id ON outbound_messages (provider_message_id)
    WHERE provider_message_id IS NOT NULL`,
  `CREATE TABLE turns (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    inbound_ids text[] NOT NULL,
    outcome text NOT NULL,
    crisis_category text,
    crisis_severity text NOT NULL,
    provider text,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX turns_user ON turns (user_id, at)`,
  `CREATE TABLE memory_facts (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id text NOT NULL,
    text_ciphertext text NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX memory_facts_user ON memory_facts (user_id, at, seq)`,
  `CREATE TABLE memory_summaries (
    user_id text PRIMARY KEY,
    text_ciphertext text NOT NULL,
    covers_until timestamptz NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE TABLE crisis_events (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    category text NOT NULL,
    severity text NOT NULL,
    referred boolean NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX crisis_events_at ON crisis_events (at DESC, seq DESC)`,
  `CREATE INDEX crisis_events_user ON crisis_events (user_id, at DESC, seq DESC)`,
  `CREATE TABLE referral_counts (
    year integer PRIMARY KEY,
    count bigint NOT NULL
  )`,
  `CREATE TABLE disclosures (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    kind text NOT NULL,
    sent_at timestamptz NOT NULL
  )`,
  `CREATE INDEX disclosures_user_kind ON disclosures (user_id, kind, sent_at DESC)`,
  `CREATE INDEX disclosures_user ON disclosures (user_id, sent_at, seq)`,
  `CREATE TABLE audit_log (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL,
    user_id text,
    detail_ciphertext text NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX audit_log_at ON audit_log (at, seq)`,
  `CREATE INDEX audit_log_user ON audit_log (user_id, at, seq) WHERE user_id IS NOT NULL`,
  `CREATE INDEX audit_log_kind ON audit_log (kind, at, seq)`,
  `CREATE TABLE usage_records (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    input_tokens integer NOT NULL,
    output_tokens integer NOT NULL,
    cache_read_tokens integer NOT NULL,
    cache_write_tokens integer NOT NULL,
    cost_micros bigint NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX usage_records_at ON usage_records (at)`,
  `CREATE INDEX usage_records_user ON usage_records (user_id, at)`,
  `CREATE TABLE event_claims (
    source text NOT NULL,
    id text NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, id)
  )`
)

/** Usage records of background model calls (the rolling summary) beside replies; older rows were replies. */
const usagePurpose = statements(
  `ALTER TABLE usage_records ADD COLUMN purpose text NOT NULL DEFAULT 'reply'`
)

/** The key check value (`KeyCheck`): one row, written at the first start. */
const keyCheck = statements(
  `CREATE TABLE jules_key_check (
    id smallint PRIMARY KEY CHECK (id = 1),
    check_ciphertext text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`
)

/**
 * The durable outbox: attempts and the next attempt of each pending text
 * (found through a partial index that holds pending texts only), and the
 * dead letters an operator sees.
 */
const outbox = statements(
  `ALTER TABLE outbound_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0`,
  `ALTER TABLE outbound_messages ADD COLUMN next_attempt_at timestamptz`,
  `CREATE INDEX outbound_messages_pending ON outbound_messages (next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX outbound_messages_user_pending ON outbound_messages (user_id, created_at, sequence)
    WHERE status = 'pending'`,
  `CREATE TABLE dead_letters (
    id text PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id text NOT NULL,
    turn_id text NOT NULL,
    kind text NOT NULL,
    reason text NOT NULL,
    error_code text,
    attempts integer NOT NULL,
    created_at timestamptz NOT NULL,
    dead_at timestamptz NOT NULL
  )`,
  `CREATE INDEX dead_letters_dead_at ON dead_letters (dead_at)`,
  `CREATE INDEX dead_letters_user ON dead_letters (user_id)`,
  `CREATE INDEX inbound_messages_received ON inbound_messages (received_at)`
)

/**
 * Referrals are counted when the text carrying them is sent: the event notes
 * when, and each outbound text says whether it carries crisis resources.
 */
const referralSent = statements(
  `ALTER TABLE crisis_events ADD COLUMN referral_sent_at timestamptz`,
  `ALTER TABLE outbound_messages ADD COLUMN carries_referral boolean NOT NULL DEFAULT false`
)

/**
 * Paid plans: each person's Stripe customer and subscription with the state
 * last read there (no card data, no amounts), and the short links texted to
 * people (`/b/<token>`, any purpose), stored as the SHA-256 of the token.
 */
const billing = statements(
  `CREATE TABLE billing_accounts (
    user_id text PRIMARY KEY,
    customer_id text,
    subscription_id text,
    status text,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    current_period_end timestamptz,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX billing_accounts_customer ON billing_accounts (customer_id) WHERE customer_id IS NOT NULL`,
  `CREATE TABLE link_tokens (
    token_hash text PRIMARY KEY,
    purpose text NOT NULL,
    user_id text NOT NULL,
    expires_at timestamptz NOT NULL
  )`,
  `CREATE INDEX link_tokens_user ON link_tokens (user_id)`
)

/**
 * Facts carry what they are about (`FactCategory`); a turn's changes to them
 * are applied once, marked by turn.
 */
const memory = statements(
  `ALTER TABLE memory_facts ADD COLUMN category text NOT NULL DEFAULT 'other'`,
  `CREATE TABLE memory_turns (
    user_id text NOT NULL,
    turn_id text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (user_id, turn_id)
  )`
)

/**
 * Numbers of children verified under 13, kept from registering again (COPPA):
 * only the blind index, nothing else about them. Age status itself is in
 * `users.age_status` since 0001 (now also `declared_minor`).
 */
const identity = statements(
  `CREATE TABLE blocked_numbers (
    phone_index text PRIMARY KEY,
    blocked_at timestamptz NOT NULL
  )`
)

/**
 * A text names the turn that answered it, so the texts still waiting are
 * found by a small index (only they are in it: a person's, for their turn,
 * and everyone's, read whole, for the searches after a restart or a lost
 * listener), not by checking each of the day's texts against each of the
 * day's turns (which grew with the square of a busy person's day).
 *
 * Upgrading must not rewrite every text ever stored (minutes on a large
 * table, at a start): the column arrives with a constant default, which
 * PostgreSQL stores once, not per row, so texts from before the upgrade read
 * as answered; then the last two days' texts, the only ones anything looks
 * for (the server answers texts within a day), are marked from the turns
 * that name them, or left unanswered, in one pass. Turns are read a day
 * further back, for clocks that differ between processes.
 */
const answeredBy = statements(
  `ALTER TABLE inbound_messages ADD COLUMN answered_by text DEFAULT '${ANSWERED_BEFORE_UPGRADE}'`,
  `ALTER TABLE inbound_messages ALTER COLUMN answered_by DROP DEFAULT`,
  `UPDATE inbound_messages i SET answered_by = recent.turn_id
    FROM (
      SELECT r.id, named.turn_id
      FROM inbound_messages r
      LEFT JOIN (
        SELECT DISTINCT ON (inbound_id) inbound_id, id AS turn_id
        FROM (SELECT id, at, unnest(inbound_ids) AS inbound_id FROM turns WHERE at >= now() - interval '3 days') t
        ORDER BY inbound_id, at, id
      ) named ON named.inbound_id = r.id
      WHERE r.received_at >= now() - interval '2 days'
    ) recent
    WHERE i.id = recent.id`,
  `CREATE INDEX inbound_messages_unanswered ON inbound_messages (user_id, received_at, seq)
    WHERE answered_by IS NULL`
)

/**
 * The texts Jules sent, newest first, for a turn's recent lines: without it
 * every turn read and sorted all the replies a person ever got.
 */
const outboundLines = statements(
  `CREATE INDEX outbound_messages_user_lines ON outbound_messages (user_id, created_at, sequence, seq)`
)

export const loader: Migrator.Loader = Migrator.fromRecord({
  "0001_initial": initial,
  "0002_usage_purpose": usagePurpose,
  "0003_key_check": keyCheck,
  "0004_outbox": outbox,
  "0005_referral_sent": referralSent,
  "0006_billing": billing,
  "0007_identity": identity,
  "0008_memory": memory,
  "0009_answered_by": answeredBy,
  "0010_outbound_lines": outboundLines
})

const migrate = Migrator.make({})

/** Applies pending migrations; returns the `[id, name]` of those it applied. */
export const run = migrate({ loader, table: TABLE }).pipe(Effect.withSpan("Migrations.run"))

/** Runs the migrations when built. */
export const layer: Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient> =
  Layer.effectDiscard(run)
