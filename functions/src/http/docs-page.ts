/**
 * The human API reference at /api/docs, rendered on the server from the OpenAPI document.
 * Plain HTML and one inline stylesheet: no CDN (the network may be closed), no JavaScript,
 * nothing to bundle into the Lambda beyond this file.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Json = Record<string, unknown>;
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const methods = ["get", "post", "put", "patch", "delete"] as const;

function isObj(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Prose from the document: escaped, with Markdown `code` spans shown as code. */
function prose(text: unknown): Html {
  return html`${raw(escapeHtml(String(text ?? "")).replace(/`([^`]+)`/g, "<code>$1</code>"))}`;
}

/** A JSON Schema written the way a developer reads a type: `{ mobile: string, code?: string }`. */
export function schemaText(schema: unknown, depth = 0): string {
  if (!isObj(schema)) return "unknown";
  if (typeof schema.$ref === "string") return refName(schema.$ref);
  const union = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(union)) return union.map((s) => schemaText(s, depth)).join(" | ");
  if (Array.isArray(schema.allOf)) return schema.allOf.map((s) => schemaText(s, depth)).join(" & ");
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  if (type === "array") return `${schemaText(schema.items, depth)}[]`;
  if (type === "object" || isObj(schema.properties)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const pad = "  ".repeat(depth + 1);
    const lines = Object.entries(props).map(
      ([k, v]) => `${pad}${k}${required.has(k) ? "" : "?"}: ${schemaText(v, depth + 1)}`,
    );
    if (lines.length === 0) return "object";
    return `{\n${lines.join(",\n")}\n${"  ".repeat(depth)}}`;
  }
  return typeof type === "string" ? type : "unknown";
}

function contentBlock(content: unknown): Html {
  if (!isObj(content)) return html``;
  return html`${Object.entries(content).map(
    ([mediaType, media]) =>
      html`<div class="media">${mediaType}</div>
        <pre>${schemaText(isObj(media) ? media.schema : undefined)}</pre>`,
  )}`;
}

function operationBlock(path: string, method: string, op: Json): Html {
  const params = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
  const body = isObj(op.requestBody) ? op.requestBody : undefined;
  const responses = isObj(op.responses) ? op.responses : {};
  const secured = Array.isArray(op.security) && op.security.length > 0;
  return html`<section class="op" id="${method}-${path}">
    <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    ${op.summary ? html`<p>${prose(op.summary)}</p>` : ""}
    ${op.description ? html`<p class="desc">${prose(op.description)}</p>` : ""}
    ${secured ? html`<p class="auth">Requires a signed-in session (cookie); writes need <code>x-csrf-token</code>.</p>` : ""}
    ${
      params.length
        ? html`<h4>Parameters</h4>
            <ul>
              ${params.map(
                (p) =>
                  html`<li><code>${String(p.name)}</code> (${String(p.in)}${p.required ? ", required" : ""}):
                    <code>${schemaText(p.schema)}</code></li>`,
              )}
            </ul>`
        : ""
    }
    ${body ? html`<h4>Request body</h4>${contentBlock(body.content)}` : ""}
    <h4>Responses</h4>
    ${Object.entries(responses).map(
      ([status, r]) =>
        html`<div class="response"><strong>${status}</strong> ${isObj(r) ? prose(r.description) : ""}
          ${isObj(r) ? contentBlock(r.content) : ""}</div>`,
    )}
  </section>`;
}

export function renderDocsPage(document: Json): Html {
  const info = isObj(document.info) ? document.info : {};
  const paths = isObj(document.paths) ? document.paths : {};
  const components =
    isObj(document.components) && isObj(document.components.schemas) ? document.components.schemas : {};
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    methods
      .filter((m) => isObj(item) && isObj(item[m]))
      .map((m) => ({ path, method: m, op: (item as Json)[m] as Json })),
  );
  const tags = [
    ...new Set(operations.map((o) => (Array.isArray(o.op.tags) ? String(o.op.tags[0]) : "other"))),
  ];
  return html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${String(info.title ?? "API")} — reference</title>
<style>${raw(styles)}</style>
</head>
<body>
<header>
  <h1>${String(info.title ?? "API")} <small>${String(info.version ?? "")}</small></h1>
  ${info.description ? html`<p>${prose(info.description)}</p>` : ""}
  <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${String(document.openapi)}).</p>
</header>
<main>
${tags.map(
  (tag) => html`<h2 id="tag-${tag}">${tag}</h2>
  ${operations
    .filter((o) => (Array.isArray(o.op.tags) ? String(o.op.tags[0]) : "other") === tag)
    .map((o) => operationBlock(o.path, o.method, o.op))}`,
)}
<h2 id="schemas">Schemas</h2>
${Object.entries(components).map(
  ([name, schema]) =>
    html`<section class="schema" id="schema-${name}"><h3>${name}</h3><pre>${schemaText(schema)}</pre></section>`,
)}
</main>
</body>
</html>`;
}

const styles = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:960px;margin:0 auto;padding:1rem 1.5rem}
header{border-bottom:1px solid #ddd}
h1 small{font-weight:normal;color:#555;font-size:.6em}
h2{margin-top:2.5rem;border-bottom:2px solid #0b6e4f;padding-bottom:.25rem}
.op,.schema{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:.1em .4em}
.get{background:#1d5fa8}.post{background:#0b6e4f}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#a32020}
pre{background:#f3f3f3;padding:.5rem;overflow-x:auto;border-radius:4px}
.media{color:#555;font-size:.85em}.auth{color:#8a5a00}.desc{color:#333}
`;
