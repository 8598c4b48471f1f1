// BigQuery types → the analyzer's TypeProto, for catalog columns (REST schema fields) and query
// parameters (REST parameter types).

export interface TypeProto {
  typeKind: string;
  arrayType?: { elementType: TypeProto };
  structType?: { field: { fieldName: string; fieldType: TypeProto }[] };
}

/** A column as the REST schema describes it (legacy names: INTEGER, FLOAT, BOOLEAN, RECORD). */
export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  fields?: SchemaField[];
}

/** A parameter type as the REST API carries it. */
export interface ParameterType {
  type: string;
  arrayType?: ParameterType;
  structTypes?: { name?: string; type: ParameterType }[];
}

/** Scalar BigQuery type names, standard and legacy spellings, → TypeKind. */
const SCALAR_KINDS: Record<string, string> = {
  INT64: 'TYPE_INT64',
  INTEGER: 'TYPE_INT64',
  FLOAT64: 'TYPE_DOUBLE',
  FLOAT: 'TYPE_DOUBLE',
  NUMERIC: 'TYPE_NUMERIC',
  BIGNUMERIC: 'TYPE_BIGNUMERIC',
  BOOL: 'TYPE_BOOL',
  BOOLEAN: 'TYPE_BOOL',
  STRING: 'TYPE_STRING',
  BYTES: 'TYPE_BYTES',
  DATE: 'TYPE_DATE',
  DATETIME: 'TYPE_DATETIME',
  TIME: 'TYPE_TIME',
  TIMESTAMP: 'TYPE_TIMESTAMP',
  JSON: 'TYPE_JSON',
  GEOGRAPHY: 'TYPE_GEOGRAPHY',
};

function scalar(name: string): TypeProto {
  const kind = SCALAR_KINDS[name.toUpperCase()];
  if (!kind) throw new Error(`The analyzer catalog has no type for BigQuery type ${name}`);
  return { typeKind: kind };
}

function struct(fields: { name: string; type: TypeProto }[]): TypeProto {
  return { typeKind: 'TYPE_STRUCT', structType: { field: fields.map((f) => ({ fieldName: f.name, fieldType: f.type })) } };
}

/** A REST schema field's type (REPEATED → ARRAY, RECORD → STRUCT). */
export function fieldType(field: SchemaField): TypeProto {
  const t = field.type.toUpperCase();
  const element =
    t === 'RECORD' || t === 'STRUCT' ? struct((field.fields ?? []).map((f) => ({ name: f.name, type: fieldType(f) }))) : scalar(t);
  return field.mode === 'REPEATED' ? { typeKind: 'TYPE_ARRAY', arrayType: { elementType: element } } : element;
}

/** A REST query parameter's type. */
export function parameterType(type: ParameterType): TypeProto {
  const t = type.type.toUpperCase();
  if (t === 'ARRAY') {
    if (!type.arrayType) throw new Error('An ARRAY query parameter needs an arrayType');
    return { typeKind: 'TYPE_ARRAY', arrayType: { elementType: parameterType(type.arrayType) } };
  }
  if (t === 'STRUCT') return struct((type.structTypes ?? []).map((f) => ({ name: f.name ?? '', type: parameterType(f.type) })));
  return scalar(t);
}
