// Sums a CPU profile written by `BENCH_PROFILE=<dir> npm run bench`:
// where the portal's server spent its time, by module and by function.
//   npx tsx bench/profile.ts <dir or .cpuprofile> [top]
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function newestProfile(target: string): string {
  if (!statSync(target).isDirectory()) return target;
  const files = readdirSync(target).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${target}`);
  return path.join(target, files.sort((a, b) => statSync(path.join(target, b)).mtimeMs - statSync(path.join(target, a)).mtimeMs)[0]!);
}

/** A readable owner for a frame: the npm package, the app's own code, Node's internals or V8. */
export function ownerOf(url: string): string {
  if (!url) return "(native/V8)";
  if (url.startsWith("node:internal/")) return `node:internal/${url.slice(14).split("/")[0]!.replace(/\.js$/, "")}`;
  if (url.startsWith("node:")) return url;
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes("/.next/server/chunks/")) return ".next chunk";
  if (url.includes("/.next/server/app/")) return ".next app route";
  return path.basename(url);
}

function main() {
  const file = newestProfile(process.argv[2] ?? "bench/results/profile");
  const top = Number(process.argv[3] ?? 25);
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const sum = (key: (n: Node) => string) => {
    const totals = new Map<string, number>();
    for (const [id, t] of self) {
      const n = byId.get(id)!;
      if (["(idle)", "(program)"].includes(n.callFrame.functionName)) continue;
      totals.set(key(n), (totals.get(key(n)) ?? 0) + t);
    }
    return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  };
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${file}\nbusy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled\n\nself time by owner:`);
  for (const [k, t] of sum((n) => ownerOf(n.callFrame.url))) console.log(`${pct(t)}  ${k}`);
  // Inclusive time: each sample counts once for every function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    if (["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName)) continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (!f.functionName) continue;
      const key = `${f.functionName}  ${ownerOf(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  console.log("\ninclusive time by function:");
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 3)) console.log(`${pct(t)}  ${k}`);
  console.log("\nself time by function:");
  for (const [k, t] of sum((n) => `${n.callFrame.functionName || "(anonymous)"}  ${ownerOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)) console.log(`${pct(t)}  ${k}`);
}

main();
