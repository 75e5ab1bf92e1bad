import { describe, expect, it } from "vitest";
import { renderDocsPage, schemaText } from "./docs-page";

describe("schemaText", () => {
  it("writes JSON Schemas as readable types", () => {
    expect(
      schemaText({
        type: "object",
        properties: {
          kind: { type: "string", enum: ["citizen"] },
          roles: { type: "array", items: { $ref: "#/components/schemas/RoleGrant" } },
          profile: { type: ["object", "null"], properties: { name: { type: "string" } }, required: ["name"] },
        },
        required: ["kind", "roles"],
      }),
    ).toBe('{\n  kind: "citizen",\n  roles: RoleGrant[],\n  profile?: {\n    name: string\n  }\n}');
    expect(schemaText({ oneOf: [{ $ref: "#/components/schemas/A" }, { type: "null" }] })).toBe("A | null");
  });
});

describe("renderDocsPage", () => {
  it("escapes the document's text and shows `code` spans as code", async () => {
    const page = String(
      await renderDocsPage({
        openapi: "3.1.0",
        info: { title: "T <b>", version: "1", description: "Use `x-csrf-token` <script>alert(1)</script>" },
        paths: {
          "/api/a": { get: { tags: ["a"], summary: "S", responses: { 200: { description: "ok" } } } },
        },
      }),
    );
    expect(page).toContain("<code>x-csrf-token</code>");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("T <b>");
    expect(page).toContain('id="get-/api/a"');
  });
});
