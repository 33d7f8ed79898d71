// Message contracts and their versions. The concept: a message type is a public contract
// between teams, so the catalog can describe its body per version (`MessageSpec.schema`: for
// each version, the fields with their type, whether they are required, and whether they hold
// personal data). A producer says which version it publishes (`PublishOptions.version`, else
// the catalog's `version`; carried in the `schemaVersion` header). A consumer is compiled
// against one version (`HandlerSpec.expects: { OrderPlaced: 1 }`), like a DTO in a typed
// client: before its code runs the body is read against that version, and a missing required
// field or a wrong type fails the attempt as unrecoverable, with a reason that names the field.
// Additive changes (new optional fields) keep old consumers working; removing, renaming or
// retyping a field they require breaks them. The `contract-compatible` check says which.

import type { Json } from '../scenario/json';
import type { FieldSpec, MessageSpec } from '../scenario/types';
import type { FaultHooks } from '../faults/hooks';
import type { World } from '../world';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'any'] as const;

/** The fields of `version` of a message type, or undefined when the catalog has no schema for it. */
export function schemaFields(spec: MessageSpec | undefined, version: number | undefined): Record<string, FieldSpec> | undefined {
  if (!spec?.schema) return undefined;
  const v = version ?? spec.version ?? latestVersion(spec);
  return v === undefined ? undefined : spec.schema[String(v)];
}

export function latestVersion(spec: MessageSpec): number | undefined {
  const versions = Object.keys(spec.schema ?? {}).map(Number).filter(Number.isInteger);
  return versions.length ? Math.max(...versions) : undefined;
}

function typeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** What is wrong with `body` as read by `fields` (empty: it fits). Extra fields are ignored (tolerant reader). */
export function contractProblems(body: Json, fields: Record<string, FieldSpec>): string[] {
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>) : {};
  const problems: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    const v = obj[name];
    if (v === undefined || v === null) {
      if (f.required !== false) problems.push(`missing required field "${name}" (${f.type})`);
      continue;
    }
    if (f.type !== 'any' && typeOf(v) !== f.type) problems.push(`field "${name}" should be ${f.type}, got ${typeOf(v)}`);
  }
  return problems;
}

/** The version a published message claims (its header), else the catalog's default. */
export function publishedVersion(headers: Record<string, Json> | undefined, spec: MessageSpec | undefined): number | undefined {
  const h = headers?.schemaVersion;
  if (typeof h === 'number') return h;
  return spec?.version ?? (spec ? latestVersion(spec) : undefined);
}

/** The body does not fit the consumer's contract: reading it fails, and retrying cannot help. */
export class ContractViolation extends Error {
  readonly poison = true;
  constructor(text: string) {
    super(text);
    this.name = 'ContractViolation';
  }
}

/** Reads each delivered body against the consuming handler's `expects` version, before its code runs. */
export function contractHooks(world: World): FaultHooks | undefined {
  const any = [...world.services.values()].some((s) => [...s.handlers.values()].some((h) => h.spec.expects));
  if (!any) return undefined;
  return {
    beforeHandler(inv) {
      const version = inv.handler.spec.expects?.[inv.message.type];
      if (version === undefined || !inv.delivery) return null;
      const spec = world.catalog.get(inv.message.type);
      const fields = schemaFields(spec, version);
      if (!fields) return null;
      const problems = contractProblems(inv.message.body as Json, fields);
      if (problems.length === 0) return null;
      const sent = publishedVersion(inv.message.headers as Record<string, Json>, spec);
      return {
        error: new ContractViolation(
          `cannot read ${inv.message.type} ${inv.message.id}${sent !== undefined ? ` (published as v${sent})` : ''} with ${inv.service.name}.${inv.handler.spec.name}'s v${version} contract: ${problems.join('; ')}`,
        ),
      };
    },
  };
}
