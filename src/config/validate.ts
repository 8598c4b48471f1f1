// Runs ajv and turns its errors into readable issues located in the YAML source:
// unknown keys point at the key, missing keys at the mapping, anyOf failures are summarised.
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../checks/types.js';
import type { IssueList } from './issues.js';
import { PATTERN_HINTS } from './schema.js';
import { didYouMean } from './suggest.js';
import { show } from './thresholds.js';
import { pathLabel, pointerToPath, type Path, type PathSegment, type YamlSource } from './yaml-source.js';

/** The options every loader schema is compiled with, at run time and by scripts/build-validators.mjs. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: false, allowUnionTypes: true, verbose: true, validateFormats: false, logger: false };

// Compiling the loader's schemas with ajv was a third of `dq validate`'s start-up, so `npm run
// build` compiles them ahead (dist/config/validators.generated.js, keyed by each schema's JSON
// text). A schema whose text has no precompiled function (running from src/, a check type of a
// library user) is compiled here, by ajv loaded on first need: the same code either way.
const precompiled: ReadonlyMap<string, ValidateFunction> = await import(new URL('./validators.generated.js', import.meta.url).href).then(
  (m: { bySchemaText: ReadonlyMap<string, ValidateFunction> }) => m.bySchemaText,
  () => new Map(),
);
let ajv: import('ajv').Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();
// Keyed by the schema's text too: loaders build some schemas afresh for each project they load
// (a long-lived process loading many projects would otherwise compile them again every time).
const compiledByText = new Map<string, ValidateFunction>();

export function validator(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const text = JSON.stringify(schema);
    validate = precompiled.get(text) ?? compiledByText.get(text);
    if (!validate) {
      validate = runtimeAjv().compile(schema);
      compiledByText.set(text, validate);
    }
    compiled.set(schema, validate);
  }
  return validate;
}

function runtimeAjv(): import('ajv').Ajv {
  if (!ajv) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}

/** One readable problem at a path of the validated value. */
export interface Problem {
  path: PathSegment[];
  /** Point at this key of the mapping at `path` rather than at the mapping. */
  key?: string;
  /** The message, labelled with the path when reported. */
  text: string;
}

export interface ValidateContext {
  source: YamlSource;
  /** Maps a path in the validated value to a path in the YAML document. */
  toYaml: (path: Path) => Path;
  /** Prefix of labels, e.g. `['coverage']` for a check's arguments. */
  label?: Path;
  /** `argument` for check arguments, `key` elsewhere. */
  noun?: string;
}

/** Validates `data`; every problem becomes an issue. Returns whether it was valid. */
export function validateInto(schema: JsonSchema, data: unknown, ctx: ValidateContext, issues: IssueList): boolean {
  const validate = validator(schema);
  if (validate(data)) return true;
  for (const problem of simplify(validate.errors ?? [], ctx.noun ?? 'key')) report(problem, ctx, issues);
  return false;
}

export function report(problem: Problem, ctx: ValidateContext, issues: IssueList): void {
  const yamlPath = ctx.toYaml(problem.path);
  const pos = problem.key !== undefined ? ctx.source.keyPos([...yamlPath, problem.key]) : ctx.source.pos(yamlPath);
  const label = pathLabel([...(ctx.label ?? []), ...problem.path]);
  issues.add(pos, label ? `${label}: ${problem.text}` : problem.text);
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing',
};

function typeWords(types: unknown): string {
  const list = Array.isArray(types) ? types : String(types).split(',');
  return orList(list.map((t) => TYPE_WORDS[String(t)] ?? String(t)));
}

function orList(items: string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function schemaProperties(schema: unknown): string[] {
  const props = (schema as { properties?: unknown } | undefined)?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

/** ajv errors → problems: combinator (anyOf/oneOf) branches summarised, noise dropped. */
export function simplify(errors: ErrorObject[], noun: string): Problem[] {
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const outer = combinators[0];
  if (outer) {
    const prefix = `${outer.schemaPath}/`;
    const inside = errors.filter((e) => e.schemaPath.startsWith(prefix));
    const rest = errors.filter((e) => e !== outer && !e.schemaPath.startsWith(prefix));
    return [...simplify(rest, noun), ...summarize(outer, inside, noun)];
  }
  return errors.flatMap((e) => describe(e, errors, noun));
}

function summarize(outer: ErrorObject, inside: ErrorObject[], noun: string): Problem[] {
  const path = pointerToPath(outer.instancePath);
  if (inside.length === 0) return [{ path, text: 'matches more than one of the allowed forms' }];
  const branches = new Map<string, ErrorObject[]>();
  const prefixLength = outer.schemaPath.length + 1;
  for (const e of inside) {
    const branch = e.schemaPath.slice(prefixLength).split('/')[0]!;
    branches.set(branch, [...(branches.get(branch) ?? []), e]);
  }
  const all = [...branches.values()];
  const atSelf = (e: ErrorObject) => e.instancePath === outer.instancePath;
  // Alternatives that only name required keys: `needs one of min, max`.
  if (all.every((b) => b.length === 1 && b[0]!.keyword === 'required' && atSelf(b[0]!))) {
    const keys = all.map((b) => String(b[0]!.params.missingProperty));
    const text = keys.length > 1 ? `needs one of the ${noun}s ${orList(keys)}` : `missing required ${noun} "${keys[0]}"`;
    return [{ path, text }];
  }
  // Alternatives that differ in shape (a list or a string...): say which shapes are allowed.
  const shapeOnly = (b: ErrorObject[]) => b.every((e) => atSelf(e) && ['type', 'const', 'enum'].includes(e.keyword));
  if (all.every(shapeOnly)) {
    const expected = all.flatMap((b) =>
      b.map((e) =>
        e.keyword === 'type'
          ? typeWords(e.params.type)
          : e.keyword === 'const'
            ? show(e.params.allowedValue)
            : (e.params.allowedValues as unknown[]).map(show).join(', '),
      ),
    );
    return [{ path, text: `expected ${orList(expected)}, got ${show(outer.data)}` }];
  }
  // Otherwise the branch the value was closest to (deepest errors, then fewest).
  const candidates = all.filter((b) => !shapeOnly(b));
  const depth = (b: ErrorObject[]) => Math.max(...b.map((e) => e.instancePath.length));
  candidates.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
  return simplify(candidates[0]!, noun);
}

function describe(e: ErrorObject, all: ErrorObject[], noun: string): Problem[] {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return [];
    case 'required':
      return [{ path, text: `missing required ${noun} "${String(p.missingProperty)}"` }];
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = schemaProperties(e.parentSchema);
      return [
        {
          path,
          key,
          text:
            `unknown ${noun} "${key}"${didYouMean(key, allowed)}; ` +
            (allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `no ${noun}s are allowed here`),
        },
      ];
    }
    case 'type':
      return [{ path, text: `expected ${typeWords(p.type)}, got ${show(e.data)}` }];
    case 'enum':
      return [
        {
          path,
          text: `${show(e.data)} is not allowed; expected one of ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`,
        },
      ];
    case 'const':
      return [{ path, text: `expected ${show(p.allowedValue)}, got ${show(e.data)}` }];
    case 'pattern': {
      const pattern = String(p.pattern);
      // A pattern inside propertyNames is about a key: point at that key.
      if (p.propertyName !== undefined || all.some((o) => o.keyword === 'propertyNames' && o.instancePath === e.instancePath)) {
        const key = String(p.propertyName ?? e.data);
        return [{ path, key, text: `"${key}" is not a valid name; use ${PATTERN_HINTS[pattern] ?? `names matching ${pattern}`}` }];
      }
      return [{ path, text: `${show(e.data)} is not valid; expected ${PATTERN_HINTS[pattern] ?? `text matching ${pattern}`}` }];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ path, text: `${show(e.data)} is out of range; must be ${String(p.comparison)} ${String(p.limit)}` }];
    case 'minItems':
      return [{ path, text: `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` }];
    case 'maxItems':
      return [{ path, text: `allows at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` }];
    case 'minProperties':
      return [{ path, text: `needs at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}` }];
    case 'minLength':
      return [{ path, text: p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long` }];
    case 'maxLength':
      return [{ path, text: `must be at most ${String(p.limit)} characters long` }];
    case 'uniqueItems':
      return [{ path, text: `has duplicate items (items ${String(p.j)} and ${String(p.i)})` }];
    case 'false schema':
      return [{ path, text: 'is not allowed here' }];
    case 'not': {
      // A schema's `not` (arguments that exclude each other) says why in its description.
      const why = ((e.parentSchema as { not?: { description?: unknown } } | undefined)?.not?.description);
      return [{ path, text: typeof why === 'string' ? why : (e.message ?? 'is not valid (not)') }];
    }
    default:
      return [{ path, text: e.message ?? `is not valid (${e.keyword})` }];
  }
}
