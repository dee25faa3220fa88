import { useQuery } from "@tanstack/react-query";
import { publicApi, unwrap } from "../../api/client";
import { keys } from "../../app/keys";

/** useSetupStatus tells whether to show the first-run page and whether sign-up is open. */
export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: () => unwrap(publicApi.GET("/api/v1/auth/setup")), staleTime: 0 });
}
