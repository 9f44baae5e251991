import type { Registry } from "prom-client";

/**
 * One sample of a registry: `name` as exposed (`…_total`, `…_count`) with
 * exactly these labels; 0 when the series does not exist yet.
 */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const sample of metric.values as { value: number; metricName?: string; labels: Record<string, string | number> }[]) {
      const sampleLabels = JSON.stringify(Object.entries(sample.labels).map(([k, v]) => [k, String(v)]).sort());
      if ((sample.metricName ?? metric.name) === name && sampleLabels === wanted) return sample.value;
    }
  }
  return 0;
}
