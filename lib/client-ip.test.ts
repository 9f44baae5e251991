import { describe, expect, it } from "vitest";
import { clientIp, normaliseIp, parseTrustedProxies, requestIdFor } from "./client-ip";

const none = parseTrustedProxies(undefined);

describe("clientIp", () => {
  it("with no proxy configured, is the socket's address whatever X-Forwarded-For says", () => {
    expect(clientIp({ socket: "198.51.100.7", forwardedFor: "6.6.6.6", trusted: none })).toBe("198.51.100.7");
    expect(clientIp({ socket: "::ffff:198.51.100.7", forwardedFor: "<script>", trusted: none })).toBe("198.51.100.7");
    expect(clientIp({ socket: "::1", forwardedFor: undefined, trusted: parseTrustedProxies("0") })).toBe("::1");
  });

  it("with N proxy hops, takes the address N hops from the right", () => {
    const one = parseTrustedProxies("1");
    expect(clientIp({ socket: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.9", trusted: one })).toBe("203.0.113.9");
    expect(clientIp({ socket: "10.0.0.2", forwardedFor: "203.0.113.9", trusted: one })).toBe("203.0.113.9");
    const two = parseTrustedProxies("2");
    expect(clientIp({ socket: "10.0.0.3", forwardedFor: "6.6.6.6, 203.0.113.9, 10.0.0.2", trusted: two })).toBe("203.0.113.9");
    // Behind two proxies, clients are told apart (not all "10.0.0.2").
    expect(clientIp({ socket: "10.0.0.3", forwardedFor: "198.51.100.1, 10.0.0.2", trusted: two })).toBe("198.51.100.1");
  });

  it("with a list of proxies, takes the right-most address that is not one of them", () => {
    const list = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.0.2.1");
    expect(clientIp({ socket: "10.0.0.3", forwardedFor: "6.6.6.6, 203.0.113.9, 192.0.2.1, 10.1.2.3", trusted: list })).toBe("203.0.113.9");
    expect(clientIp({ socket: "2001:db8::1", forwardedFor: "2001:DB8::2, 198.51.100.4", trusted: list })).toBe("198.51.100.4");
    // A direct connection from outside the list: the socket is the client, its header is ignored.
    expect(clientIp({ socket: "198.51.100.9", forwardedFor: "6.6.6.6", trusted: list })).toBe("198.51.100.9");
  });

  it("never returns text that is not an IP address", () => {
    const one = parseTrustedProxies("1");
    for (const forged of ["<script>alert(1)</script>", "unknown", "1.2.3.4.5", "' OR 1=1 --", "x".repeat(500), "203.0.113.9:443"]) {
      expect(clientIp({ socket: "10.0.0.2", forwardedFor: forged, trusted: one })).toBeNull();
    }
    expect(clientIp({ socket: undefined, forwardedFor: undefined, trusted: none })).toBeNull();
  });

  it("refuses a malformed TRUSTED_PROXIES", () => {
    expect(() => parseTrustedProxies("11")).toThrow(/from 0 to 10/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/not an IP address or CIDR range/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP address or CIDR range/);
  });

  it("normalises IPv4-mapped and bracketed addresses", () => {
    expect(normaliseIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseIp("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normaliseIp("999.1.1.1")).toBeNull();
  });
});

describe("requestIdFor", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it("without a proxy the id a client sends is replaced: a client does not choose what its lines are logged under", () => {
    const id = requestIdFor({ incoming: "chosen-by-client", socket: "203.0.113.5", trusted: parseTrustedProxies(undefined) });
    expect(id).toMatch(uuid);
    expect(requestIdFor({ incoming: "chosen-by-client", socket: "203.0.113.5", trusted: parseTrustedProxies("0") })).toMatch(uuid);
  });

  it("behind a configured proxy its id is kept when well-formed, else replaced", () => {
    expect(requestIdFor({ incoming: "lb-7f3a.1", socket: "10.0.0.2", trusted: parseTrustedProxies("1") })).toBe("lb-7f3a.1");
    expect(requestIdFor({ incoming: "not an id\r\nx: y", socket: "10.0.0.2", trusted: parseTrustedProxies("1") })).toMatch(uuid);
    expect(requestIdFor({ incoming: "x".repeat(65), socket: "10.0.0.2", trusted: parseTrustedProxies("1") })).toMatch(uuid);
  });

  it("with a list of proxies, only a request whose socket is one of them keeps its id", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(requestIdFor({ incoming: "lb-1", socket: "::ffff:10.1.2.3", trusted })).toBe("lb-1");
    expect(requestIdFor({ incoming: "lb-1", socket: "203.0.113.9", trusted })).toMatch(uuid);
  });
});
