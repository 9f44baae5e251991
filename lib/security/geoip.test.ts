import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mmdbFile } from "@/lib/testing/mmdb";
import { openPlaceLookup, placeOf } from "./geoip";

const dir = mkdtempSync(join(tmpdir(), "geoip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const city = file(
  "city.mmdb",
  mmdbFile([
    { network: "203.0.113.0/24", data: { city: { names: { en: "London" } }, country: { iso_code: "GB", names: { en: "United Kingdom" } } } },
    { network: "198.51.100.0/25", data: { country: { iso_code: "DE", names: { en: "Germany" } } } },
  ]),
);

describe("openPlaceLookup", () => {
  it("names the city and country of a City database's entry, the country alone when that is all it knows", async () => {
    const lookup = (await openPlaceLookup(city))!;
    expect(lookup("203.0.113.7")).toBe("London, United Kingdom");
    expect(lookup("198.51.100.1")).toBe("Germany");
  });

  it("knows nothing of other addresses, IPv6 in an IPv4 database, or garbage", async () => {
    const lookup = (await openPlaceLookup(city))!;
    expect(lookup("198.51.100.200")).toBeNull();
    expect(lookup("10.1.2.3")).toBeNull();
    expect(lookup("cb00:7100::1")).toBeNull();
    expect(lookup("not an ip")).toBeNull();
  });

  it("a Country database gives the country", async () => {
    const country = file("country.mmdb", mmdbFile([{ network: "192.0.2.0/24", data: { country: { names: { en: "France" } } } }], "GeoLite2-Country"));
    expect((await openPlaceLookup(country))!("192.0.2.9")).toBe("France");
  });

  it("a missing or corrupt file gives no look-up (emails go without a place)", async () => {
    expect(await openPlaceLookup(join(dir, "missing.mmdb"))).toBeNull();
    expect(await openPlaceLookup(file("corrupt.mmdb", "not a MaxMind database"))).toBeNull();
  });
});

describe("placeOf", () => {
  it("reads GEOIP_DATABASE, opens it once per process, and gives nothing without it or without an IP", async () => {
    const before = process.env.GEOIP_DATABASE;
    try {
      delete process.env.GEOIP_DATABASE;
      expect(await placeOf("203.0.113.7")).toBeNull();
      process.env.GEOIP_DATABASE = file("once.mmdb", mmdbFile([{ network: "203.0.113.0/24", data: { country: { names: { en: "United Kingdom" } } } }]));
      expect(await placeOf(null)).toBeNull();
      expect(await placeOf("203.0.113.7")).toBe("United Kingdom");
      // Already in memory: the file is not read again.
      rmSync(process.env.GEOIP_DATABASE);
      expect(await placeOf("203.0.113.8")).toBe("United Kingdom");
      process.env.GEOIP_DATABASE = join(dir, "missing.mmdb");
      expect(await placeOf("203.0.113.7")).toBeNull();
    } finally {
      if (before === undefined) delete process.env.GEOIP_DATABASE;
      else process.env.GEOIP_DATABASE = before;
    }
  });
});
