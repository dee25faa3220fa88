import { useSearchParams } from "react-router";

/** useListParams keeps a list's search, sort and filters in the URL, so reload and back keep them. */
export function useListParams<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params.get(k) ?? d])) as Record<K, string>;
  function set(k: K, v: string) {
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (v === defaults[k]) n.delete(k);
        else n.set(k, v);
        return n;
      },
      { replace: true },
    );
  }
  return [values, set] as const;
}
