/**
 * A bounded memory of the values used lately, in two generations: once the
 * newer holds `size` entries, the older is forgotten and the newer takes its
 * place, so it keeps the last `size` to `2 x size`. A value read from the
 * older generation moves to the newer. (A single `Map` kept in order of use,
 * its first entry deleted, slows down as deleted entries pile up at the
 * front of its table.)
 */
export interface RecentlyUsed<K, V> {
  readonly get: (key: K) => V | undefined
  /** Remembers `value`, and returns it. */
  readonly set: (key: K, value: V) => V
}

export const make = <K, V>(size: number): RecentlyUsed<K, V> => {
  let recent = new Map<K, V>()
  let older = new Map<K, V>()
  const set = (key: K, value: V) => {
    recent.set(key, value)
    if (recent.size >= size) {
      older = recent
      recent = new Map()
    }
    return value
  }
  const get = (key: K) => {
    const fresh = recent.get(key)
    if (fresh !== undefined) return fresh
    const kept = older.get(key)
    return kept === undefined ? undefined : set(key, kept)
  }
  return { get, set }
}
