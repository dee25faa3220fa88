import { useSearchParams } from "react-router";
import { periodDays, readOptions, readPeriod, utcToday, writeOption, writePeriod, type OptionSpec, type OptionValues, type Period } from "./filters";

/** usePeriod is the reports' shared date range, read from and written to the URL. */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const days = periodDays(period, utcToday());
  const setPeriod = (p: Period) => setParams((cur) => writePeriod(cur, p), { replace: true });
  return { period, days, setPeriod };
}

/** useOptions is one dashboard's own controls, kept in the URL beside the period. */
export function useOptions<S extends OptionSpec>(spec: S) {
  const [params, setParams] = useSearchParams();
  const values = readOptions(spec, params);
  const set = <K extends keyof S & string>(key: K, value: OptionValues<S>[K]) => setParams((cur) => writeOption(cur, spec, key, value), { replace: true });
  return [values, set] as const;
}
