import { describe, expect, it } from 'vitest';
import { formatListTime, formatTaskTime, parseListTime, parseTaskTime } from '../../../src-main/dashscope/time';

describe('DashScope time notations', () => {
  it('reads the documented task time as Beijing time', () => {
    expect(parseTaskTime('2024-11-01 09:50:56.081')).toBe(Date.UTC(2024, 10, 1, 1, 50, 56, 81));
  });

  it('round-trips task times with millisecond precision', () => {
    const t = Date.UTC(2026, 0, 31, 23, 59, 59, 7);
    expect(formatTaskTime(t)).toBe('2026-02-01 07:59:59.007');
    expect(parseTaskTime(formatTaskTime(t))).toBe(t);
    expect(parseTaskTime(formatTaskTime(t, 0), 0)).toBe(t);
  });

  it('rejects text that is not a task time', () => {
    expect(parseTaskTime('2024-11-01T09:50:56Z')).toBeUndefined();
    expect(parseTaskTime('')).toBeUndefined();
  });

  it('formats list parameters as YYYYMMDDhhmmss and parses them back', () => {
    const t = Date.UTC(2023, 3, 20, 11, 30, 58);
    expect(formatListTime(t)).toBe('20230420193058');
    expect(parseListTime('20230420193058')).toBe(t);
    expect(parseListTime('20231320193058')).toBeUndefined();
    expect(parseListTime('2023042019305')).toBeUndefined();
  });
});
