// docs/openapi.yaml, held to what it describes: a valid OpenAPI 3.1 document whose routes are exactly
// the ones the server serves, whose error codes are exactly the ones a server can answer, and which
// documents every rule of docs/contract.md with its code and status.
import type { ErrorCode } from '@impersonate-kit/sdk';
import { ERROR_CODES } from '@impersonate-kit/sdk';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
// The routes the server serves. When @impersonate-kit/server exports them, this line becomes
// `import { CONTRACT_ROUTES } from '@impersonate-kit/server';` and nothing else changes.
import { CONTRACT_ROUTES } from '../../packages/mock-api/src/backend';
import { contractEndpoints, contractRules, conventionCodes } from './contractMarkdown';
import type { Node, Operation } from './openapiDocument';
import { allErrorAnswers, at, codesAt, errorAnswers, loadOpenApi, operations, parameters, requestBody, resolve } from './openapiDocument';

/** Codes the sdk raises itself; no server ever answers them. */
const CLIENT_ONLY_CODES: readonly ErrorCode[] = ['network_error', 'timeout', 'invalid_response', 'aborted'];
/** Codes answered by the host app's own API (through `protect()`), documented under `x-host-api`, not on an operation. */
const HOST_API_CODES: readonly string[] = ['blocked_during_impersonation'];
/** The contract's body cap: 64 KiB. */
const MAX_BODY_BYTES = 64 * 1024;

const doc = loadOpenApi();
const ops = operations(doc);
const errors = allErrorAnswers(doc);
const serverCodes = ERROR_CODES.filter((code) => !CLIENT_ONLY_CODES.includes(code));
const errorCodeEnum = at(doc, '#/components/schemas/ErrorCode').enum as string[];

// Parsed YAML is whatever the file says; the validator is what decides it is an API document.
const asApiDocument = (node: Node) => node as unknown as Parameters<typeof validate>[0];
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** The JSON schema of an operation's 200 answer, if it has one. */
function successSchema(op: Operation): Node | undefined {
  const ok = (op.node.responses as Node)['200'];
  if (ok === undefined) return undefined;
  return ((resolve(doc, ok).content as Node | undefined)?.['application/json'] as Node | undefined)?.schema as Node | undefined;
}
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('docs/openapi.yaml', () => {
  describe('as a document', () => {
    it('is OpenAPI 3.1 and passes the validator', async () => {
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      const result = await validate(asApiDocument(structuredClone(doc)));
      expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    });

    it('would be refused by the validator if an operation lost its path parameter', async () => {
      // The check above can fail: the same validator refuses a copy with one real mistake.
      const broken = loadOpenApi();
      delete (at(broken, '#/paths/~1sessions~1{id}/get') as Node).parameters;
      const result = await validate(asApiDocument(broken));
      expect(result.valid).toBe(false);
    });

    it('holds JSON Schema 2020-12 schemas whose every example matches', () => {
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
      addFormats(ajv);
      const ROOT = 'urn:impersonate-kit:openapi';
      // `#/components/schemas/X` becomes `<ROOT>#/$defs/X`, so any schema of the document compiles against one root.
      const rebase = (schema: unknown): unknown =>
        JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${ROOT}#/$defs/`));
      ajv.addSchema({ $id: ROOT, $defs: rebase(at(doc, '#/components/schemas')) as Node });

      const mismatches: string[] = [];
      const check = (where: string, schema: unknown, examples: unknown[]) => {
        const validateExample = ajv.compile(rebase(schema) as Node);
        examples.forEach((example, i) => {
          if (!validateExample(example)) mismatches.push(`${where} example ${i}: ${ajv.errorsText(validateExample.errors)}`);
        });
      };
      // Examples on any schema node, however deep, but not across references.
      const walk = (where: string, schema: unknown) => {
        if (Array.isArray(schema)) return schema.forEach((item, i) => walk(`${where}/${i}`, item));
        if (typeof schema !== 'object' || schema === null) return;
        const node = schema as Node;
        if (Array.isArray(node.examples)) check(where, node, node.examples);
        for (const [name, child] of Object.entries(node)) if (name !== 'examples') walk(`${where}/${name}`, child);
      };
      let checked = 0;
      for (const [name, schema] of Object.entries(at(doc, '#/components/schemas'))) {
        walk(`schemas/${name}`, schema);
        checked++;
      }
      for (const op of ops) {
        for (const parameter of parameters(doc, op)) {
          if ('example' in parameter) check(`${key(op.method, op.path)} parameter ${String(parameter.name)}`, parameter.schema, [parameter.example]);
        }
        const responses = Object.entries(op.node.responses as Node).map(([status, raw]) => [status, resolve(doc, raw)] as const);
        for (const [status, response] of responses) {
          const media = (response.content as Node | undefined)?.['application/json'] as Node | undefined;
          const examples = Object.values((media?.examples as Node | undefined) ?? {}).map((example) => resolve(doc, example).value);
          if (media && examples.length > 0) check(`${key(op.method, op.path)} ${status}`, media.schema, examples);
        }
      }
      expect(checked).toBeGreaterThan(20);
      expect(mismatches).toEqual([]);
    });
  });

  describe('routes', () => {
    const documented = sorted(ops.map((op) => key(op.method, op.routePath)));
    const served = sorted(CONTRACT_ROUTES.map((route) => key(route.method, route.path)));

    it('documents every route the server serves', () => {
      expect(served.filter((route) => !documented.includes(route))).toEqual([]);
      expect(served.length).toBeGreaterThan(0);
    });

    it('documents only routes the server serves', () => {
      expect(documented.filter((route) => !served.includes(route))).toEqual([]);
    });

    it("documents exactly the endpoints of contract.md's table", () => {
      expect(sorted(ops.map((op) => key(op.method, op.path)))).toEqual(sorted(contractEndpoints().map((e) => key(e.method, e.path))));
    });
  });

  describe('error codes', () => {
    it("lists in ErrorBody's code enum exactly the sdk's codes that a server can answer", () => {
      expect(CLIENT_ONLY_CODES.every((code) => (ERROR_CODES as readonly string[]).includes(code))).toBe(true);
      expect(sorted(errorCodeEnum)).toEqual(sorted(serverCodes));
    });

    it('documents only known codes, each in the ErrorCode enum', () => {
      const denials = at(doc, '#/components/schemas/DenialCode').enum as string[];
      const documented = [...errors.flatMap((answer) => answer.codes), ...denials];
      expect(documented.filter((code) => !errorCodeEnum.includes(code))).toEqual([]);
      expect(documented.filter((code) => !(ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    });

    it('gives every error answer its codes, the ErrorBody schema and examples of those codes only', () => {
      const problems: string[] = [];
      for (const { where, status, codes, response } of errors) {
        const content = (response.content ?? {}) as Node;
        const media = content['application/json'] as Node | undefined;
        if (codes.length === 0) problems.push(`${where} ${status}: no x-error-codes`);
        if (Object.keys(content).join() !== 'application/json') problems.push(`${where} ${status}: content is not application/json only`);
        if ((media?.schema as Node | undefined)?.$ref !== '#/components/schemas/ErrorBody') problems.push(`${where} ${status}: schema is not ErrorBody`);
        for (const [name, example] of Object.entries((media?.examples as Node | undefined) ?? {})) {
          const code = ((resolve(doc, example).value as Node | undefined)?.error as Node | undefined)?.code;
          if (!codes.includes(String(code))) problems.push(`${where} ${status}: example ${name} shows ${String(code)}`);
        }
      }
      expect(errors.length).toBeGreaterThan(50);
      expect(problems).toEqual([]);
    });

    it("documents each code only under the contract's status for it", () => {
      const statuses = new Map<string, Set<number>>();
      const allow = (code: string, status: number) => statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
      for (const rule of contractRules()) for (const code of rule.codes) allow(code, rule.status);
      for (const [code, status] of conventionCodes()) allow(code, status);
      expect(statuses.get('internal_error')).toEqual(new Set([500]));

      const wrong = errors.flatMap(({ where, status, codes }) =>
        codes.filter((code) => !statuses.get(code)?.has(status)).map((code) => `${where}: ${code} under ${status}`),
      );
      expect(wrong).toEqual([]);
    });

    it("documents every rule of contract.md's table with its code and status", () => {
      const rules = contractRules();
      expect(rules.length).toBeGreaterThan(20);
      const missing = rules.flatMap((rule) =>
        rule.codes
          .filter((code) => {
            const where = HOST_API_CODES.includes(code) ? errors.filter((answer) => answer.where === 'host API') : errors.filter((answer) => answer.where !== 'host API');
            return !where.some((answer) => answer.status === rule.status && answer.codes.includes(code));
          })
          .map((code) => `${rule.rule}: ${code} ${rule.status}`),
      );
      expect(missing).toEqual([]);
    });

    it('answers every endpoint with unauthenticated, already_impersonating and internal_error', () => {
      // The contract: no credential is 401, an impersonated one is refused on EVERY endpoint, and a crash is a bare 500.
      const gaps = ops.flatMap((op) =>
        (
          [
            [401, 'unauthenticated'],
            [409, 'already_impersonating'],
            [500, 'internal_error'],
          ] as const
        )
          .filter(([status, code]) => !codesAt(doc, op, status).includes(code))
          .map(([status, code]) => `${key(op.method, op.path)}: ${status} ${code}`),
      );
      expect(gaps).toEqual([]);
    });
  });

  describe('inputs', () => {
    const withBody = ops.filter((op) => requestBody(doc, op) !== null);

    it('takes application/json bodies of at most 64 KiB and answers the body errors wherever a body is taken', () => {
      expect(withBody.map((op) => key(op.method, op.path))).toEqual(expect.arrayContaining(['POST /sessions', 'POST /sessions/{id}/restart', 'PUT /consent']));
      const problems = withBody.flatMap((op) => {
        const body = requestBody(doc, op) as Node;
        const where = key(op.method, op.path);
        return [
          Object.keys(body.content as Node).join() === 'application/json' ? null : `${where}: not application/json only`,
          body['x-max-bytes'] === MAX_BODY_BYTES ? null : `${where}: x-max-bytes is not ${MAX_BODY_BYTES}`,
          codesAt(doc, op, 413).includes('payload_too_large') ? null : `${where}: no 413 payload_too_large`,
          codesAt(doc, op, 415).includes('unsupported_media_type') ? null : `${where}: no 415 unsupported_media_type`,
          codesAt(doc, op, 422).includes('validation_failed') ? null : `${where}: no 422 validation_failed`,
        ].filter((problem) => problem !== null);
      });
      expect(problems).toEqual([]);
    });

    it('pages every list with an opaque cursor and a limit of 1..200, default 50', () => {
      const pageSchemas = ['#/components/schemas/SessionPage', '#/components/schemas/AuditEventPage'];
      const lists = ops.filter((op) => pageSchemas.includes(String(successSchema(op)?.$ref)));
      expect(lists.map((op) => key(op.method, op.path)).sort()).toEqual(['GET /audit', 'GET /sessions', 'GET /sessions/{id}/events']);
      for (const op of lists) {
        const byName = new Map(parameters(doc, op).map((parameter) => [parameter.name, parameter]));
        expect(byName.get('cursor')).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
        expect(byName.get('limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
        expect(codesAt(doc, op, 422)).toContain('validation_failed');
      }
    });

    it('takes an Idempotency-Key on every start, and counts starts against the rate limit', () => {
      const starts: Operation[] = ops.filter((op) => ['startSession', 'restartSession'].includes(String(op.node.operationId)));
      expect(starts).toHaveLength(2);
      for (const op of starts) {
        expect(parameters(doc, op).find((parameter) => parameter.name === 'Idempotency-Key')).toMatchObject({ in: 'header', required: false });
        expect(codesAt(doc, op, 422)).toContain('idempotency_key_reused');
        expect(codesAt(doc, op, 429)).toEqual(['rate_limited']);
        expect(Object.keys((op.node.responses as Node)).filter((status) => status.startsWith('2'))).toEqual(['201']);
      }
    });

    it('asks at most 100 user ids of eligibility', () => {
      const eligibility = ops.find((op) => op.path === '/eligibility');
      const userIds = eligibility && parameters(doc, eligibility).find((parameter) => parameter.name === 'userIds');
      expect(userIds).toMatchObject({ in: 'query', required: true, style: 'form', explode: false, schema: { type: 'array', minItems: 1, maxItems: 100 } });
      expect(errorAnswers(doc, eligibility?.node.responses, '').map((answer) => answer.status)).toContain(403);
    });
  });
});
