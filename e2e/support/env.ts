/** The environment of the server under test: its own port, database and keys. */
export const E2E_PORT = "3200";

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
