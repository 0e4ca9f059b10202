import { describe, expect, it } from 'vitest';
import { environmentPath } from './message';

describe('environmentPath', () => {
  it('links a plain name to its page, and a project key to the page with ?project=', () => {
    expect(environmentPath('production')).toBe('/env/production');
    expect(environmentPath('billing/production')).toBe('/env/production?project=billing');
    expect(environmentPath('a.b/c-d')).toBe('/env/c-d?project=a.b');
  });
});
