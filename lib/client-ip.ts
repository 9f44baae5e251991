// The client's IP address, decided once per request from the socket and,
// only when proxies are configured, from X-Forwarded-For. Pure functions;
// `installClientIpStamp` (run by instrumentation.ts) applies them to every
// request the Node server receives.
import http from "node:http";
import net from "node:net";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-scope";

/** The header the portal itself sets on every request (any value the client sent is replaced). */
export const CLIENT_IP_HEADER = "x-portal-client-ip";

/** TRUSTED_PROXIES: nothing (no proxy), a number of proxy hops, or a list of proxy addresses and CIDR ranges. */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: net.BlockList };

export class TrustedProxiesError extends Error {}

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? "";
  if (text === "" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new TrustedProxiesError("TRUSTED_PROXIES must be a number of proxy hops from 0 to 10, or a list of addresses/CIDR ranges.");
    return { kind: "hops", hops };
  }
  const list = new net.BlockList();
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address = "", prefix] = entry.split("/");
    const type = net.isIP(address);
    const bits = prefix === undefined ? (type === 6 ? 128 : 32) : Number(prefix);
    if (type === 0 || !Number.isInteger(bits) || bits < 0 || bits > (type === 6 ? 128 : 32)) {
      throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
    }
    list.addSubnet(address, bits, type === 6 ? "ipv6" : "ipv4");
  }
  return { kind: "list", list };
}

/** A valid IP address in its plain form ("::ffff:10.0.0.1" is "10.0.0.1"), or null. */
export function normaliseIp(value: string | undefined | null): string | null {
  if (!value) return null;
  const trimmed = value.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  const ip = mapped ?? trimmed;
  return net.isIP(ip) ? ip.toLowerCase() : null;
}

const isTrusted = (list: net.BlockList, ip: string) => list.check(ip, net.isIP(ip) === 6 ? "ipv6" : "ipv4");

/**
 * The client's address: the socket's when no proxy is configured (any
 * X-Forwarded-For is the client's own text and ignored); with N hops, the
 * address N hops from the right of X-Forwarded-For + socket; with a list,
 * the right-most address that is not a trusted proxy. Null ("unknown") when
 * that is not a valid IP address: never the raw text.
 */
export function clientIp(input: { socket: string | undefined; forwardedFor: string | undefined; trusted: TrustedProxies }): string | null {
  const socket = normaliseIp(input.socket);
  if (input.trusted.kind === "none") return socket;
  const chain = [...(input.forwardedFor ?? "").split(",").map((hop) => hop.trim()).filter(Boolean), input.socket ?? ""];
  if (input.trusted.kind === "hops") return normaliseIp(chain[Math.max(0, chain.length - 1 - input.trusted.hops)]);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = normaliseIp(chain[i]);
    if (!hop) return null;
    if (i === 0 || !isTrusted(input.trusted.list, hop)) return hop;
  }
  return null;
}

/**
 * The id a request is logged under: the `x-request-id` it came with only when
 * it came through a configured proxy (which sets or overwrites it: nginx's
 * `proxy_set_header X-Request-Id $request_id`, a cloud load balancer's own
 * header) and is well-formed; otherwise a fresh one, so that a client cannot
 * choose the id its lines are logged under.
 */
export function requestIdFor(input: { incoming: string | undefined; socket: string | undefined; trusted: TrustedProxies }): string {
  const socket = normaliseIp(input.socket);
  const viaProxy = input.trusted.kind === "hops" ? input.trusted.hops > 0 : input.trusted.kind === "list" && socket !== null && isTrusted(input.trusted.list, socket);
  return requestIdFrom(viaProxy ? input.incoming : undefined);
}

let installed = false;

/**
 * Stamps CLIENT_IP_HEADER and the request id (REQUEST_ID_HEADER, see
 * requestIdFor) on every request this process's HTTP servers
 * receive, before Next.js sees it (Next.js keeps a client-sent
 * X-Forwarded-For as it is, so that header cannot be trusted by itself).
 */
export function installClientIpStamp(trusted: TrustedProxies): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const forwardedFor = req.headers["x-forwarded-for"];
      const ip = clientIp({ socket: req.socket?.remoteAddress, forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, trusted });
      req.headers[CLIENT_IP_HEADER] = ip ?? "unknown";
      const incoming = req.headers[REQUEST_ID_HEADER];
      req.headers[REQUEST_ID_HEADER] = requestIdFor({ incoming: Array.isArray(incoming) ? incoming[0] : incoming, socket: req.socket?.remoteAddress, trusted });
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
