import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { ERROR_STATUS, signInRequest } from "./schemas";

describe("the mobile API's OpenAPI document", () => {
  const document = openApiDocument("https://portal.example");

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The same validator refuses a document whose response lacks its description.
    const broken = structuredClone(document) as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete broken.paths["/api/mobile/v1/me"]!.get!.responses["200"]!.description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("describes the request bodies the routes validate with, and every error code", () => {
    const schemas = document.components.schemas as Record<string, { required?: string[]; additionalProperties?: boolean }>;
    expect(schemas.SignInRequest!.required).toEqual(Object.keys(signInRequest.def.shape));
    expect(schemas.SignInRequest!.additionalProperties).toBe(false);
    const text = JSON.stringify(document);
    for (const code of Object.keys(ERROR_STATUS)) expect(text).toContain(code);
  });
});
