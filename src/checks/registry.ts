// Every check type dqgate knows, in docs order. Adding a type = one file + one line here.
import type { CheckType } from './types.js';

export const checkTypes: readonly CheckType[] = [];

export function findCheckType(type: string): CheckType | undefined {
  return checkTypes.find((t) => t.type === type);
}
