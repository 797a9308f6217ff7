/** Copy-on-write helpers: state kept in a `Ref` is never mutated in place. */
import { DateTime } from "effect"

export const mapSet = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value)

export const mapDeleteWhere = <K, V>(map: ReadonlyMap<K, V>, remove: (value: V) => boolean): ReadonlyMap<K, V> =>
  new Map([...map].filter(([, value]) => !remove(value)))

/** Stable: equal instants keep their insertion order. */
export const sortByTime = <A>(items: Iterable<A>, at: (item: A) => DateTime.DateTime): Array<A> =>
  [...items].sort((a, b) => DateTime.toEpochMillis(at(a)) - DateTime.toEpochMillis(at(b)))

export const isAtOrAfter = (at: DateTime.DateTime, since: DateTime.DateTime): boolean =>
  DateTime.toEpochMillis(at) >= DateTime.toEpochMillis(since)
