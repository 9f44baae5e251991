/** The environment of the server under test: its own port, database and keys. */
export const E2E_PORT = "3200";
export const SECONDARY_PORT = "3201";

export const E2E_ENV = {
  PORT: E2E_PORT,
  DATABASE_URL: "file:./e2e/.data/test.db",
  AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
  AUTH_TRUST_HOST: "true",
  APP_URL: `http://localhost:${E2E_PORT}`,
  APP_NAME: "Staff Portal",
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 42).toString("base64"),
  MFA_ENCRYPTION_KEY_ID: "e2e",
  EMAIL_TRANSPORT: "outbox",
  RESEND_API_KEY: "",
};

/**
 * A second server process on the same database (as several production
 * instances share one PostgreSQL), whose email provider is down: Resend
 * pointed at a closed port.
 */
export const SECONDARY_ENV = {
  PORT: SECONDARY_PORT,
  APP_URL: `http://localhost:${SECONDARY_PORT}`,
  EMAIL_TRANSPORT: "resend",
  RESEND_API_KEY: "re_test_key_for_a_closed_port",
  RESEND_BASE_URL: "http://127.0.0.1:9",
};

export const SECONDARY_URL = `http://localhost:${SECONDARY_PORT}`;
