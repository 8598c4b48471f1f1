import { describe, expect, test } from 'vitest';
import { convertArg, convertBytes, convertDuration, convertShare } from '../../src/config/thresholds.js';

const value = (r: ReturnType<typeof convertShare>) => (r.ok ? r.value : r.message);

describe('shares', () => {
  test.each([
    ['45%', 0.45],
    ['4.5%', 0.045],
    ['33.3%', 0.333],
    ['0%', 0],
    ['100%', 1],
    [0.45, 0.45],
    [1, 1],
    [0, 0],
  ])('%s → %s', (written, expected) => {
    expect(value(convertShare(written))).toBe(expected);
  });

  test('a whole number above 1 is refused with both spellings', () => {
    expect(value(convertShare(45))).toBe('45 is not a share; write 45% or 0.45');
  });

  test.each([['abc%'], ['45'], ['%'], [true], [null], [-0.1], ['150%'], [250]])('%s is refused', (written) => {
    const r = convertShare(written);
    expect(r.ok).toBe(false);
    expect(value(r)).toContain('is not a share');
  });
});

describe('durations', () => {
  test.each([
    ['2 days', 172800],
    ['6 hours', 21600],
    ['30 minutes', 1800],
    ['90 seconds', 90],
    ['1 week', 604800],
    ['1 day 6 hours', 108000],
    ['1.5h', 5400],
    ['10m', 600],
  ])('%s → %s s', (written, seconds) => {
    expect(value(convertDuration(written))).toBe(seconds);
  });

  test.each([['2 dayz'], ['days'], [3600], ['2 days later'], ['']])('%s is refused', (written) => {
    const r = convertDuration(written);
    expect(r.ok).toBe(false);
    expect(value(r)).toMatch(/is not a duration/);
  });
});

describe('byte sizes', () => {
  test.each([
    ['20 GB', 20e9],
    ['500mb', 500e6],
    ['1 TiB', 2 ** 40],
    ['1.5 KB', 1500],
    [1024, 1024],
  ])('%s → %s', (written, bytes) => {
    expect(value(convertBytes(written))).toBe(bytes);
  });

  test.each([['20 GX'], ['GB'], [-1], [1.5]])('%s is refused', (written) => {
    expect(convertBytes(written).ok).toBe(false);
  });
});

describe('counts and numbers', () => {
  test('counts are whole numbers, 0 or more', () => {
    expect(value(convertArg('count', 3))).toBe(3);
    expect(value(convertArg('count', 0))).toBe(0);
    expect(value(convertArg('count', 2.5))).toBe('2.5 is not a count; write a whole number, 0 or more');
    expect(value(convertArg('count', -1))).toContain('is not a count');
    expect(value(convertArg('count', '10'))).toBe('"10" is not a count; write a whole number, 0 or more');
  });

  test('numbers are any finite number', () => {
    expect(value(convertArg('number', -2.5))).toBe(-2.5);
    expect(value(convertArg('number', '1'))).toBe('"1" is not a number');
  });
});
