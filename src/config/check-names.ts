// Default check names. A check without `name:` is called
//   <type>_<column>                  when its arguments have a string `column`   (coverage_usage_rate)
//   <type>_<col1>_<col2>...          when they have `columns` (a name or a list)  (unique_game_id_player_lookup)
//   <type>                           otherwise                                  (row_count, sql, schema)
// with characters other than letters, digits and _ replaced by _ (a.b → a_b). When that name is
// already used in the file (by an explicit name anywhere in the file, or by an earlier default
// name), the check gets the first free name of <base>_2, <base>_3, ... in file order. So the first
// `row_count` check is `row_count`, the second `row_count_2`.

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
}

/** The name before de-duplication: from the type and its column argument(s). */
export function baseCheckName(type: string, args: Record<string, unknown>): string {
  const columns =
    typeof args.column === 'string'
      ? [args.column]
      : typeof args.columns === 'string'
        ? [args.columns]
        : Array.isArray(args.columns) && args.columns.every((c) => typeof c === 'string')
          ? (args.columns as string[])
          : [];
  return [type, ...columns].map(slug).filter((part) => part !== '').join('_');
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
