import { describe, expect, it } from 'vitest';
import { loadDemoDataset } from '../support/emulator.js';
import { createScanner, datasetNeedles, phoneNeedle, secretNeedle } from './support/scanner.js';

describe('the privacy scanner', () => {
  it('when a phone number is written in any form, then it is found; other digit runs are not', () => {
    const scanner = createScanner([phoneNeedle('(617) 555-0142', 'US')!]);
    for (const text of [
      'called from +16175550142 today',
      'ani=tel:+16175550142',
      'number (617) 555-0142.',
      'number 617-555-0142',
      'number 617.555.0142',
      '"phone":"+1 617 555 0142"',
      'digits 6175550142 only',
      'prefixed 0016175550142',
    ]) {
      expect(scanner.scan('planted', text).map((f) => f.kind), text).toEqual(['phone']);
    }
    for (const text of ['at 1764150000000 ms', 'id 7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001', '2026-11-26T10:27:28.123Z', '617555014', 'count 5550142']) {
      expect(scanner.scan('clean', text), text).toEqual([]);
    }
  });

  it('when an email or a name is planted in any case, then it is found; a name inside another word is not', () => {
    const scanner = createScanner([
      { kind: 'email', label: 'email', literals: ['Jane.Doe@example.com'] },
      { kind: 'name', label: 'name', literals: ['Jane Doe'], words: true },
      { kind: 'name', label: 'first name', literals: ['Linda'], words: true },
    ]);
    expect(scanner.scan('log', '{"msg":"sent to jane.doe@EXAMPLE.com"}').map((f) => f.label)).toEqual(['email']);
    expect(scanner.scan('log', 'customer JANE DOE merged').map((f) => f.label)).toEqual(['name']);
    expect(scanner.scan('log', '"displayName":"Linda"').map((f) => f.label)).toEqual(['first name']);
    expect(scanner.scan('log', 'Belinda and Lindane, janedoe')).toEqual([]);
  });

  it('when a secret is planted, then it is found and the finding does not repeat it', () => {
    const scanner = createScanner([secretNeedle('master key', 'c2VjcmV0LW1hc3Rlci1rZXktMzItYnl0ZXMtbG9uZyEh')]);
    const [finding] = scanner.scan('bundle', 'var k="c2VjcmV0LW1hc3Rlci1rZXktMzItYnl0ZXMtbG9uZyEh";');
    expect(finding).toMatchObject({ kind: 'secret', label: 'master key', source: 'bundle' });
    expect(finding!.context).not.toContain('c2VjcmV0');
  });

  it('when the demo dataset is read, then its customers\' phones (E.164, national, raw), emails and names and its users are needles', async () => {
    const dataset = await loadDemoDataset();
    const scanner = createScanner(datasetNeedles(dataset));
    const planted = [
      ['Jane Doe', 'name'],
      ['jane.doe@example.com', 'email'],
      ['(617) 555-0142', 'phone'],
      ['+16175550142', 'phone'],
      ['whatsapp 13055550187', 'phone'],
      ['+44 7700 900123', 'phone'],
      ['07700 900123', 'phone'],
      ['m.alsayed@example.com', 'email'],
      ['Carlos', 'name'],
      ['Alex Agent', 'name'],
      ['alex.agent@demo-contact-centre.example', 'email'],
    ] as const;
    for (const [text, kind] of planted) expect(scanner.scan('planted', `x ${text} y`).map((f) => f.kind), text).toContain(kind);
    expect(scanner.scan('clean', 'merge.requested conversation 7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001 by 7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1001')).toEqual([]);
  });
});
