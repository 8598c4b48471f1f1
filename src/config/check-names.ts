// Default check names. A check without `name:` is called
//   <type>_<value>_<value>...        the values (a name or a list of names) of the arguments the
//                                    type names checks by (CheckType.nameArgs, default `column`,
//                                    `columns`): coverage_usage_rate, unique_game_id_player_lookup
//   <type>                           when it has none of them              (row_count, sql, schema)
// with characters other than letters, digits and _ replaced by _ (a.b → a_b). When that name is
// already used in the file (by an explicit name anywhere in the file, or by an earlier default
// name), the check gets the first free name of <base>_2, <base>_3, ... in file order. So the first
// `row_count` check is `row_count`, the second `row_count_2`.

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
}

export const DEFAULT_NAME_ARGS: readonly string[] = ['column', 'columns'];

/** A name argument's parts: a name, or a list of names (anything else names nothing). */
function nameParts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((c) => typeof c === 'string')) return value as string[];
  return [];
}

/** The name before de-duplication: from the type and the values of its name arguments. */
export function baseCheckName(type: string, args: Record<string, unknown>, nameArgs: readonly string[] = DEFAULT_NAME_ARGS): string {
  const parts = nameArgs.flatMap((key) => nameParts(args[key]));
  return [type, ...parts].map(slug).filter((part) => part !== '').join('_');
}

/**
 * Names for the checks of one file, in order: explicit names are kept (duplicates among them are
 * reported as duplicate ids elsewhere); default names avoid every explicit name and each other.
 */
export function assignCheckNames(checks: readonly { explicit?: string; base: string }[]): string[] {
  const taken = new Set(checks.flatMap((c) => (c.explicit === undefined ? [] : [c.explicit])));
  return checks.map((c) => {
    if (c.explicit !== undefined) return c.explicit;
    let name = c.base;
    for (let n = 2; taken.has(name); n++) name = `${c.base}_${n}`;
    taken.add(name);
    return name;
  });
}
