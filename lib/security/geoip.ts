// An approximate place for an IP address, for the context line of emails,
// from a local MaxMind database (GeoLite2/GeoIP2 City or Country, .mmdb) named
// by GEOIP_DATABASE. Never an online look-up: without the file there is no place.
import maxmind, { type CityResponse, type CountryResponse } from "maxmind";
import { log } from "@/lib/log";

/** "London, United Kingdom" (a City database) or "United Kingdom" (a Country one) for an IP; null when it knows nothing. */
export type PlaceLookup = (ip: string) => string | null;

/**
 * Opens a MaxMind database file. A missing, unreadable or corrupt file is
 * logged and gives null: emails then go without a place.
 */
export async function openPlaceLookup(path: string): Promise<PlaceLookup | null> {
  let reader: Awaited<ReturnType<typeof maxmind.open<CityResponse | CountryResponse>>>;
  try {
    reader = await maxmind.open<CityResponse | CountryResponse>(path);
  } catch (error) {
    log.warn("geoip database not usable, emails go without a place", { path, reason: (error as Error).message });
    return null;
  }
  return (ip) => {
    try {
      // An IPv4-only database would read an IPv6 address's first 32 bits as an IPv4 one.
      if (!maxmind.validate(ip) || (ip.includes(":") && reader.metadata.ipVersion === 4)) return null;
      const found = reader.get(ip);
      const city = found && "city" in found ? found.city?.names?.en : undefined;
      const country = found?.country?.names?.en;
      return [city, country].filter((part): part is string => typeof part === "string" && part.length > 0).join(", ") || null;
    } catch {
      // A database that opened but whose tree or data is damaged: no place, as without one.
      return null;
    }
  };
}

let opened: { path: string; lookup: Promise<PlaceLookup | null> } | undefined;

/**
 * The approximate place of `ip` from the database at GEOIP_DATABASE, opened
 * lazily, once per process (a bad file is logged once); null when no
 * database is configured, the IP is unknown or the database has no entry.
 */
export async function placeOf(ip: string | null): Promise<string | null> {
  const path = process.env.GEOIP_DATABASE;
  if (!ip || !path) return null;
  if (opened?.path !== path) opened = { path, lookup: openPlaceLookup(path) };
  const lookup = await opened.lookup;
  return lookup ? lookup(ip) : null;
}
