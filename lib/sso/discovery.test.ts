import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_LABELS, ssoAllowHttp, testConnection } from "./discovery";

// A real identity provider's discovery endpoint, played by a local server on
// a random port: each path prefix is one kind of provider.
let base = "";
const requests: string[] = [];
const server = http.createServer((req, res) => {
  const path = req.url ?? "/";
  requests.push(path);
  const json = (body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const provider = /^\/([a-z-]+)\/\.well-known\/openid-configuration$/.exec(path)?.[1];
  const issuer = `${base}/${provider}`;
  const good = { issuer, authorization_endpoint: `${issuer}/auth`, code_challenge_methods_supported: ["S256"], scopes_supported: ["openid", "email", "profile"] };
  switch (provider) {
    case "good":
      return json(good);
    case "claims-only":
      return json({ ...good, scopes_supported: ["openid"], claims_supported: ["sub", "email"] });
    case "wrong-issuer":
      return json({ ...good, issuer: "https://login.example.test/tenant" });
    case "slash":
      return json({ ...good, issuer: `${issuer}/` });
    case "no-pkce":
      return json({ ...good, code_challenge_methods_supported: undefined, scopes_supported: ["openid", "profile"] });
    case "plain-pkce":
      return json({ ...good, code_challenge_methods_supported: ["plain"] });
    case "redirect":
      return res.writeHead(302, { location: `${base}/good/.well-known/openid-configuration` }).end();
    case "html":
      return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><p>Welcome</p>");
    case "huge": {
      // Streamed without a length, so only counting while reading can stop it.
      res.writeHead(200, { "content-type": "application/json" });
      const padding = "x".repeat(16 * 1024);
      res.write(`{"issuer":"${issuer}","padding":[`);
      let sent = 0;
      const more = () => {
        while (sent < 64) {
          sent++;
          if (!res.write(`"${padding}",`)) return void res.once("drain", more);
        }
        res.end(`""]}`);
      };
      return more();
    }
    case "huge-declared":
      return res.writeHead(200, { "content-type": "application/json", "content-length": String(200 * 1024) }).end("{");
    case "silent":
      return; // never answers
    default:
      return json({ error: "not found" }, 404);
  }
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const run = (issuer: string, options: { allowHttp?: boolean; timeoutMs?: number } = {}) => testConnection(issuer, { allowHttp: options.allowHttp ?? true, timeoutMs: options.timeoutMs });
const byLabel = (checks: Awaited<ReturnType<typeof run>>) => Object.fromEntries(checks.map((c) => [c.label, c]));

describe("testConnection", () => {
  it("a good document passes all four checks, in order", async () => {
    const checks = await run(`${base}/good`);
    expect(checks.map((c) => c.label)).toEqual(["Reachable", "Issuer matches", "Supports PKCE (S256)", "Provides email"]);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(checks[0]!.detail).toBe(`${base}/good/.well-known/openid-configuration answered with a discovery document.`);
    expect(requests.at(-1)).toBe("/good/.well-known/openid-configuration");
  });

  it("email may come from claims_supported instead of scopes_supported", async () => {
    expect(byLabel(await run(`${base}/claims-only`))[CHECK_LABELS.email]).toEqual({ label: "Provides email", ok: true, detail: "claims_supported includes email." });
  });

  it("a wrong issuer says both values", async () => {
    const checks = byLabel(await run(`${base}/wrong-issuer`));
    expect(checks.Reachable!.ok).toBe(true);
    expect(checks["Issuer matches"]).toEqual({
      label: "Issuer matches",
      ok: false,
      detail: `The discovery document names the issuer "https://login.example.test/tenant", but the issuer URL here is "${base}/wrong-issuer". They must be exactly equal.`,
    });
  });

  it("an issuer that differs by its trailing slash is a mismatch, and says so", async () => {
    const check = byLabel(await run(`${base}/slash`))["Issuer matches"]!;
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/check the trailing slash\.$/);
  });

  it("no PKCE and no email: those two checks fail with a reason, the others pass", async () => {
    const checks = byLabel(await run(`${base}/no-pkce`));
    expect(checks.Reachable!.ok && checks["Issuer matches"]!.ok).toBe(true);
    expect(checks["Supports PKCE (S256)"]).toEqual({
      label: "Supports PKCE (S256)",
      ok: false,
      detail: "The discovery document does not list code_challenge_methods_supported: the portal signs in with PKCE (S256) only.",
    });
    expect(checks["Provides email"]!.ok).toBe(false);
    expect(byLabel(await run(`${base}/plain-pkce`))["Supports PKCE (S256)"]).toMatchObject({ ok: false, detail: 'code_challenge_methods_supported lists "plain" but not S256, which the portal requires.' });
  });

  it("an unreachable port is a failed Reachable with a plain sentence; nothing else is checked", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const checks = await run(`http://127.0.0.1:${port}`);
    expect(checks).toEqual([
      { label: "Reachable", ok: false, detail: `Could not connect to 127.0.0.1:${port}: the connection was refused. Check the host and port.` },
      { label: "Issuer matches", ok: false, detail: "Not checked: the discovery document could not be read." },
      { label: "Supports PKCE (S256)", ok: false, detail: "Not checked: the discovery document could not be read." },
      { label: "Provides email", ok: false, detail: "Not checked: the discovery document could not be read." },
    ]);
  });

  it("a 404, a redirect (not followed) and an HTML page are not reachable documents", async () => {
    expect((await run(`${base}/missing`))[0]).toEqual({
      label: "Reachable",
      ok: false,
      detail: `${base}/missing/.well-known/openid-configuration answered HTTP 404 instead of a discovery document. Check the issuer URL.`,
    });
    const before = requests.length;
    const redirected = (await run(`${base}/redirect`))[0]!;
    expect(redirected.ok).toBe(false);
    expect(redirected.detail).toContain("answered with a redirect (HTTP 302 to");
    expect(requests.slice(before)).toEqual(["/redirect/.well-known/openid-configuration"]);
    expect((await run(`${base}/html`))[0]!.detail).toBe(`${base}/html/.well-known/openid-configuration answered HTTP 200, but not with JSON. Check the issuer URL.`);
  });

  it("a body over 100 kB is refused, whether it says its length or not", async () => {
    for (const provider of ["huge", "huge-declared"]) {
      const [reachable, issuer] = await run(`${base}/${provider}`);
      expect(reachable).toEqual({ label: "Reachable", ok: false, detail: `The discovery document at ${base}/${provider}/.well-known/openid-configuration is larger than 100 kB, so it was not read.` });
      expect(issuer!.ok).toBe(false);
    }
  });

  it("a server that never answers times out", async () => {
    const started = Date.now();
    const [reachable] = await run(`${base}/silent`, { timeoutMs: 300 });
    expect(reachable).toMatchObject({ ok: false, detail: `${new URL(base).host} did not answer within 300 ms.` });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("http is refused when not allowed, without any request", async () => {
    const before = requests.length;
    const [reachable] = await run(`${base}/good`, { allowHttp: false });
    expect(reachable).toEqual({ label: "Reachable", ok: false, detail: "The issuer URL must start with https:// (plain http is refused here)." });
    expect(requests.length).toBe(before);
    expect((await run("not a url"))[0]!.detail).toBe('"not a url" is not a URL.');
    expect((await run("ftp://idp.example.test"))[0]!.detail).toBe("The issuer URL must start with https://.");
  });
});

describe("ssoAllowHttp", () => {
  it("allows http outside production, or with SSO_ALLOW_HTTP=1", () => {
    expect(ssoAllowHttp({ NODE_ENV: "development" })).toBe(true);
    expect(ssoAllowHttp({})).toBe(true);
    expect(ssoAllowHttp({ NODE_ENV: "production" })).toBe(false);
    expect(ssoAllowHttp({ NODE_ENV: "production", SSO_ALLOW_HTTP: "1" })).toBe(true);
    expect(ssoAllowHttp({ NODE_ENV: "production", SSO_ALLOW_HTTP: "true" })).toBe(false);
  });
});
