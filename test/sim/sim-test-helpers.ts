import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

/** JSON schema of Blockfrost's API (`@blockfrost/openapi`), one validator per path template. */
type Schemas = Record<string, { response: Record<string, unknown> }>;

const require = createRequire(import.meta.url);
const schemas = require('@blockfrost/openapi/json-schema.json') as Schemas;
// CommonJS default exports seen through ESM (NodeNext types put the class under `.default`).
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
addFormats(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** OpenAPI 3.0 `nullable` admits null even beside an `enum` (ajv only widens `type`). */
function openApiNullable(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(openApiNullable);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
    Object.values(o).forEach(openApiNullable);
  }
  return node;
}

/** Validates a response body against the schema of `template` for `status`; returns the errors. */
export function schemaErrors(template: string, body: unknown, status = 200): string[] {
  const key = `${template} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = schemas[template]?.response[String(status)];
    if (!schema) throw new Error(`no schema for ${template} ${status}`);
    validate = ajv.compile(openApiNullable(structuredClone(schema)) as object);
    compiled.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export const FIXTURE_DIR = fileURLToPath(
  new URL('../../../shared/fixtures/blockfrost/mainnet-stake-2021', import.meta.url),
);

export interface Api {
  get(path: string, projectId?: string): Promise<{ status: number; body: unknown }>;
  post(path: string, body?: unknown): Promise<unknown>;
}

/** A tiny client for the simulator: `get` hits the Blockfrost API, `post` the control API. */
export function api(url: string, controlUrl: string, projectId = 'mainnettestproject'): Api {
  return {
    async get(path, pid = projectId) {
      const res = await fetch(url + path, { headers: pid ? { project_id: pid } : {} });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // malformed on purpose (fault injection)
      }
      return { status: res.status, body };
    },
    async post(path, body) {
      const res = await fetch(controlUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      return res.json();
    },
  };
}
