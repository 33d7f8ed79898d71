// Message payloads between Brokerlab and AsyncAPI. A Brokerlab message type may describe its
// body per version (`MessageSpec.schema`, flat fields) and workloads give example bodies;
// AsyncAPI describes a payload with a JSON Schema and examples. Export infers a schema from
// the catalog's contract or, lacking one, from example bodies; import reads a schema back
// into a contract and makes an example body from the schema when the document gives none.

import type { Json } from '../engine/scenario/json';
import type { FieldSpec } from '../engine/scenario/types';

type JsonSchema = { [key: string]: Json };
const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A workload body template as one real example: `{n}` is 1, `{rand:A-B}` is A (numbers stay numbers). */
export function exampleFromTemplate(body: Json): Json {
  if (typeof body === 'string') {
    const whole = /^(?:\{n(?:%\d+)?\}|\{rand:(\d+)-\d+\})$/.exec(body);
    if (whole) return whole[1] === undefined ? 1 : Number(whole[1]);
    return body.replace(/\{n(?:%\d+)?\}/g, '1').replace(/\{rand:(\d+)-\d+\}/g, '$1');
  }
  if (Array.isArray(body)) return body.map(exampleFromTemplate);
  if (isObj(body)) return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, exampleFromTemplate(v)]));
  return body;
}

/** A JSON Schema describing an example value (types only; every present field required). */
export function schemaFromExample(value: Json, depth = 0): JsonSchema {
  if (value === null) return { type: 'null' };
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (Array.isArray(value)) return value.length > 0 && depth < 8 ? { type: 'array', items: schemaFromExample(value[0], depth + 1) } : { type: 'array' };
  if (depth >= 8) return { type: 'object' };
  const properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaFromExample(v, depth + 1)]));
  return { type: 'object', properties, required: Object.keys(properties) };
}

/** A JSON Schema from one version of a catalog contract. */
export function schemaFromFields(fields: Record<string, FieldSpec>): JsonSchema {
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    const p: JsonSchema = f.type === 'any' ? {} : { type: f.type };
    if (f.description) p.description = f.description;
    if (f.personal) p['x-brokerlab-personal'] = true;
    properties[name] = p;
    if (f.required !== false) required.push(name);
  }
  return { type: 'object', properties, required };
}

const FIELD_OF: Record<string, FieldSpec['type']> = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', object: 'object', array: 'array' };

/** A catalog contract (one version) from an object schema's top-level properties, or undefined. */
export function fieldsFromSchema(schema: Json | undefined): Record<string, FieldSpec> | undefined {
  if (!isObj(schema) || !isObj(schema.properties)) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : []);
  const fields: Record<string, FieldSpec> = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    const t = isObj(p) && typeof p.type === 'string' ? FIELD_OF[p.type] : undefined;
    const f: FieldSpec = { type: t ?? 'any', required: required.has(name) };
    if (isObj(p) && typeof p.description === 'string') f.description = p.description;
    if (isObj(p) && p['x-brokerlab-personal'] === true) f.personal = true;
    fields[name] = f;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** An example value a JSON Schema allows: its examples, const, default or enum first, else made up by type. */
export function exampleFromSchema(schema: Json | undefined, depth = 0): Json {
  if (!isObj(schema) || depth > 8) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  for (const k of ['const', 'default', 'example'] as const) if (schema[k] !== undefined) return schema[k];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list) && list.length > 0) return exampleFromSchema(list[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'text';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleFromSchema(schema.items, depth + 1)];
    case 'null':
      return null;
    default:
      if (isObj(schema.properties)) return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, exampleFromSchema(v, depth + 1)]));
      return type === 'object' ? {} : null;
  }
}
