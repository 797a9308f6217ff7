/**
 * `UserStore` in memory. Numbers are kept in clear here: there is nothing at
 * rest to protect, and tests read faster without a `Crypto` dependency.
 */
import type { AgeStatus, ConsentChange, NewUserDefaults, PhoneNumber, Tier } from "@jules/core"
import { NumberBlocked, StorageError, StoreFailure, User, UserId, UserStore } from "@jules/core"
import { DateTime, Effect, Layer, Option, Ref } from "effect"
import { SecureRandom } from "effect/crypto"
import { mapSet } from "../internal/Collections.ts"

interface State {
  readonly users: ReadonlyMap<UserId, User>
  readonly byPhone: ReadonlyMap<PhoneNumber, UserId>
  readonly consent: ReadonlyMap<UserId, ReadonlyArray<ConsentChange>>
  /** Numbers that may not register again (in clear here, like the rest). */
  readonly blocked: ReadonlySet<PhoneNumber>
}

const unknownUser = (operation: string, id: UserId) =>
  new StorageError({ store: "UserStore", operation, reason: new StoreFailure({ message: `no user with id ${id}` }) })

export const make: Effect.Effect<UserStore["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ users: new Map(), byPhone: new Map(), consent: new Map(), blocked: new Set() })

  const update = (operation: string, id: UserId, change: (user: User, state: State) => State) =>
    Ref.modify(state, (s): [Option.Option<User>, State] => {
      const user = s.users.get(id)
      if (user === undefined) return [Option.none(), s]
      const next = change(user, s)
      return [Option.fromUndefinedOr(next.users.get(id)), next]
    }).pipe(
      Effect.flatMap(Option.match({
        onNone: () => Effect.fail(unknownUser(operation, id)),
        onSome: Effect.succeed
      }))
    )

  const withUser = (s: State, user: User): State => ({ ...s, users: mapSet(s.users, user.id, user) })

  return UserStore.of({
    findByPhone: (phone) =>
      Effect.map(Ref.get(state), (s) => {
        const id = s.byPhone.get(phone)
        return id === undefined ? Option.none() : Option.fromUndefinedOr(s.users.get(id))
      }),
    findById: (id) => Effect.map(Ref.get(state), (s) => Option.fromUndefinedOr(s.users.get(id))),
    findOrCreate: Effect.fnUntraced(function*(phone: PhoneNumber, defaults: NewUserDefaults) {
      const createdAt = yield* DateTime.now
      const id = UserId.make(SecureRandom.uuidV4Unsafe())
      // One synchronous modify: concurrent callers see either no user or the one created.
      const found = yield* Ref.modify(state, (s): [User | undefined, State] => {
        const existing = s.byPhone.get(phone)
        if (existing !== undefined) return [s.users.get(existing)!, s]
        if (s.blocked.has(phone)) return [undefined, s]
        const user = new User({
          id,
          phone,
          consent: "opted_in",
          ageStatus: "unknown",
          tier: defaults.tier,
          timeZone: defaults.timeZone,
          createdAt
        })
        return [user, { ...withUser(s, user), byPhone: mapSet(s.byPhone, phone, id) }]
      })
      return found ?? (yield* new NumberBlocked())
    }),
    setConsent: (change: ConsentChange) =>
      update("setConsent", change.userId, (user, s) => ({
        ...withUser(s, new User({ ...user, consent: change.state })),
        consent: mapSet(s.consent, user.id, [...(s.consent.get(user.id) ?? []), change])
      })),
    consentHistory: (id) => Effect.map(Ref.get(state), (s) => s.consent.get(id) ?? []),
    setAgeStatus: (id: UserId, ageStatus: AgeStatus) =>
      update("setAgeStatus", id, (user, s) => withUser(s, new User({ ...user, ageStatus }))),
    setTier: (id: UserId, tier: Tier) => update("setTier", id, (user, s) => withUser(s, new User({ ...user, tier }))),
    setTimeZone: (id: UserId, timeZone: string) =>
      update("setTimeZone", id, (user, s) => withUser(s, new User({ ...user, timeZone }))),
    block: (id) =>
      Ref.update(state, (s) => {
        const user = s.users.get(id)
        return user === undefined ? s : { ...s, blocked: new Set([...s.blocked, user.phone]) }
      }),
    erase: (id) =>
      Ref.update(state, (s) => {
        const user = s.users.get(id)
        if (user === undefined) return s
        const users = new Map(s.users)
        users.delete(id)
        const byPhone = new Map(s.byPhone)
        byPhone.delete(user.phone)
        const consent = new Map(s.consent)
        consent.delete(id)
        return { ...s, users, byPhone, consent }
      })
  })
})

export const layer: Layer.Layer<UserStore> = Layer.effect(UserStore, make)
