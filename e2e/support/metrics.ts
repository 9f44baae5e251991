import { expect, type APIRequestContext } from "@playwright/test";

/** Samples of a Prometheus text exposition, keyed `name{label="value",…}` with the labels sorted. */
export type Samples = Map<string, number>;

const key = (name: string, labels: Record<string, string>) => {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}="${value}"`);
  return pairs.length ? `${name}{${pairs.join(",")}}` : name;
};

export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.set(key(match[1]!, labels), Number(match[3]));
  }
  return samples;
}

/** One sample's value; 0 for a series that does not exist (yet). */
export const sample = (samples: Samples, name: string, labels: Record<string, string> = {}) => samples.get(key(name, labels)) ?? 0;

/** Every series of a metric, summed (e.g. all results of a counter). */
export const total = (samples: Samples, name: string) =>
  [...samples].filter(([k]) => k === name || k.startsWith(`${name}{`)).reduce((sum, [, value]) => sum + value, 0);

/** Scrapes a portal's /api/metrics as Prometheus would. */
export async function scrape(request: APIRequestContext, base: string, token: string): Promise<Samples> {
  const response = await request.get(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return parseMetrics(await response.text());
}
