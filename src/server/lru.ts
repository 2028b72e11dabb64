/**
 * A small least-recently-used cache by string key: the caches of immutable things (a committed
 * scenario version's document, its bucket totals, a finished run's results) that services keep.
 */
export function createLru<V>(capacity: number) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: string, value: V) {
      map.delete(key);
      map.set(key, value);
      while (map.size > capacity) map.delete(map.keys().next().value!);
    },
    dropPrefix(prefix: string) {
      for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
    },
    clear: () => map.clear(),
    get size() {
      return map.size;
    },
  };
}
