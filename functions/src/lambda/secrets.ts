/**
 * The SST Config secrets bound to this function, copied into process.env when the bundle loads.
 *
 * In AWS a bound secret is not an environment variable: SST sets
 * `SST_Secret_value_<NAME>=__FETCH_FROM_SSM__` and grants ssm:GetParameters, and
 * `sst/node/config` fetches the values with a top-level await while the (ESM) bundle loads, so
 * they are there before the first request. Core reads its configuration from process.env
 * (packages/core/src/config.ts), so each bound value is copied there under its own name.
 *
 * Only bound names are touched. The embedded default and the tests set HAMDEL_SECRET and
 * friends directly and have no `SST_` variables: there sst/node/config fetches nothing and this
 * module copies nothing. A missing SSM parameter makes sst/node/config throw while loading,
 * so a function with an unset secret fails at its cold start, loudly, not at first use.
 * Imported first by the entries whose functions have secrets bound (infra/api.ts).
 */
import { Config } from "sst/node/config";

const boundPrefix = "SST_Secret_value_";

/** Copies every bound secret from `config` into `env`; returns the names copied (never values). */
export function loadBoundSecrets(
  env: NodeJS.ProcessEnv = process.env,
  config: Record<string, string | undefined> = Config as unknown as Record<string, string | undefined>,
): string[] {
  const loaded: string[] = [];
  for (const key of Object.keys(env)) {
    if (!key.startsWith(boundPrefix)) continue;
    const name = key.slice(boundPrefix.length);
    const value = config[name];
    if (!value) throw new Error(`Bound secret ${name} has no value`);
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}

loadBoundSecrets();
