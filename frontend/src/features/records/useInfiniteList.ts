import { useEffect, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { Page } from "../../api/types";

/** useInfiniteList pages a list endpoint by cursor ("load more" and infinite scroll). */
export function useInfiniteList<T>(key: readonly unknown[], page: (cursor: string | undefined) => Promise<Page<T>>) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
